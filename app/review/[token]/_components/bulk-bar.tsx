"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, useState } from "react";
import { bulkResponseAction } from "@/lib/review/actions";
import { RESPONSE_LABELS, RESPONSES } from "@/lib/review/labels";
import { useReview } from "./review-context";

interface Filter {
  q: string;
  response: string;
  changed: string;
  hint: string;
}

const BUTTON =
  "rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60";

/**
 * Answer many people at once: the ticked rows, or everyone matching the
 * current filter on every page. Always counts first and asks to confirm.
 */
export function BulkBar({
  filter,
  matching,
  pageIds,
}: {
  filter: Filter;
  matching: number;
  pageIds: number[];
}) {
  const shared = useReview();
  const router = useRouter();
  const [state, formAction, pending] = useActionState(bulkResponseAction, null);
  const [dismissed, setDismissed] = useState<unknown>(null);
  const [hydrated, setHydrated] = useState(false);
  const confirmRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => setHydrated(true), []);

  const stage = state?.ok && state !== dismissed ? state.data.stage : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per new server result
  useEffect(() => {
    if (!state?.ok) return;
    if (state.data.stage === "confirm") confirmRef.current?.focus();
    if (state.data.stage === "done") {
      shared.setSelected(pageIds, false);
      router.refresh();
    }
  }, [state]);

  const allOnPage = pageIds.length > 0 && pageIds.every((id) => shared.selected.has(id));
  const error = state && !state.ok ? state.error : null;

  return (
    <section
      aria-labelledby="bulk-heading"
      className="rounded border border-slate-300 bg-white p-4"
    >
      <h2 id="bulk-heading" className="text-lg font-semibold">
        Answer for several people at once
      </h2>
      <form
        id="bulk-form"
        action={formAction}
        className="mt-2 flex flex-wrap items-end gap-4"
      >
        <input type="hidden" name="token" value={shared.token} />
        <input type="hidden" name="q" value={filter.q} />
        <input type="hidden" name="filterResponse" value={filter.response} />
        <input type="hidden" name="changed" value={filter.changed} />
        <input type="hidden" name="hint" value={filter.hint} />
        {hydrated ? (
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={allOnPage}
              onChange={(e) => shared.setSelected(pageIds, e.target.checked)}
              className="h-4 w-4"
            />
            Tick everyone on this page
          </label>
        ) : null}
        <fieldset>
          <legend className="text-sm font-medium">Who to answer for</legend>
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name="target"
              value="selected"
              defaultChecked
              className="h-4 w-4"
            />
            The people you ticked{hydrated ? ` (${shared.selected.size})` : ""}
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="target" value="filter" className="h-4 w-4" />
            All {matching.toLocaleString("en-GB")} people matching the current search and
            filters (every page)
          </label>
        </fieldset>
        <div>
          <label htmlFor="bulk-response" className="block text-sm font-medium">
            Response to give
          </label>
          <select
            id="bulk-response"
            name="response"
            className="rounded border border-slate-500 bg-white px-2 py-1.5"
          >
            {RESPONSES.map((r) => (
              <option key={r} value={r}>
                {RESPONSE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={pending} className={BUTTON}>
          Continue
        </button>
      </form>
      {error ? (
        <p role="alert" className="mt-2 font-medium text-red-800">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
      {state?.ok && stage === "confirm" ? (
        <div className="mt-3 rounded border-l-4 border-brand-700 bg-brand-50 p-3">
          <h3 ref={confirmRef} tabIndex={-1} className="font-semibold">
            {state.data.count === 0
              ? "Nothing to change: everyone chosen already has that response."
              : `Set ${state.data.count.toLocaleString("en-GB")} ${state.data.count === 1 ? "person" : "people"} to “${RESPONSE_LABELS[state.data.response]}”?`}
          </h3>
          <form action={formAction} className="mt-2 flex flex-wrap gap-3">
            <input type="hidden" name="token" value={shared.token} />
            <input type="hidden" name="target" value={state.data.echo.target} />
            <input type="hidden" name="response" value={state.data.echo.response} />
            <input type="hidden" name="q" value={state.data.echo.q} />
            <input
              type="hidden"
              name="filterResponse"
              value={state.data.echo.filterResponse}
            />
            <input type="hidden" name="changed" value={state.data.echo.changed} />
            <input type="hidden" name="hint" value={state.data.echo.hint} />
            {state.data.echo.itemIds.map((id) => (
              <input key={id} type="hidden" name="itemIds" value={id} />
            ))}
            {state.data.count > 0 ? (
              <button
                type="submit"
                name="confirmed"
                value="yes"
                disabled={pending}
                className={BUTTON}
              >
                Yes, answer for {state.data.count.toLocaleString("en-GB")}
              </button>
            ) : null}
            <button
              type="button"
              onClick={() => setDismissed(state)}
              className="rounded border border-slate-500 px-4 py-2"
            >
              Cancel
            </button>
          </form>
        </div>
      ) : null}
      {state?.ok && stage === "done" ? (
        <p role="status" className="mt-2 font-medium text-green-800">
          ✓ Saved {state.data.count.toLocaleString("en-GB")} answers as “
          {RESPONSE_LABELS[state.data.response]}”.
        </p>
      ) : null}
    </section>
  );
}
