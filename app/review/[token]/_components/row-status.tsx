"use client";

import { formatLondon } from "@/lib/deadline";
import type { SaveResult } from "@/lib/review/actions";
import { RESPONSE_LABELS, type RowState } from "@/lib/review/labels";
import type { RowStatus } from "./row-state";

/** The row's state in words (never colour alone), announced politely. */
export function RowStatusLine(props: {
  status: RowStatus;
  result: SaveResult | null;
  row: RowState;
}) {
  const { status, result, row } = props;
  return (
    <div role="status" aria-live="polite" className="text-sm">
      {status === "unsaved" ? (
        <p className="font-medium text-amber-900">Not saved yet</p>
      ) : null}
      {status === "saving" ? <p>Saving…</p> : null}
      {status === "saved" ? <p className="font-medium text-green-800">✓ Saved</p> : null}
      {status === "failed" && result && !result.ok ? (
        <p className="font-medium text-red-800">
          <span aria-hidden="true">⚠ </span>Not saved: {result.error}
        </p>
      ) : null}
      {status === "conflict" && result && !result.ok ? (
        <p className="font-medium text-red-800">
          <span aria-hidden="true">⚠ </span>
          {result.error}
        </p>
      ) : null}
      {row.response && row.respondedAt && status !== "unsaved" ? (
        <p className="mt-1 text-xs text-slate-700">
          {RESPONSE_LABELS[row.response]}: answered by{" "}
          {row.responderName ?? "a colleague"}, {formatLondon(new Date(row.respondedAt))}
        </p>
      ) : null}
    </div>
  );
}
