"use client";

import { type FormEvent, useActionState, useEffect, useRef, useState } from "react";
import { formatLondon } from "@/lib/deadline";
import { type SaveResult, saveResponseAction } from "@/lib/review/actions";
import {
  RESPONSE_LABELS,
  RESPONSES,
  type RowState,
  shiftProgress,
} from "@/lib/review/labels";
import { OrgCombobox } from "./org-combobox";
import { useReview } from "./review-context";
import {
  drafts,
  isStaleBuild,
  NETWORK_MESSAGE,
  RELOAD_MESSAGE,
  type RowStatus,
  type RowValues,
  sameValues,
  valuesOf,
} from "./row-state";
import { RowStatusLine } from "./row-status";

/**
 * One person on the list: a real form posting to the save action, so it
 * works without JavaScript; with it, saves in place with a visible state.
 */
export function ReviewRow({ row }: { row: RowState }) {
  const shared = useReview();
  // Without JavaScript the form posts and the page comes back with this state.
  const [posted, formAction] = useActionState<SaveResult | null, FormData>(
    saveResponseAction,
    null,
  );
  const [base, setBase] = useState<RowState>(row);
  const [values, setValues] = useState<RowValues>(posted?.submitted ?? valuesOf(row));
  const [status, setStatus] = useState<RowStatus>(statusOf(posted));
  const [result, setResult] = useState<SaveResult | null>(posted);
  const inFlight = useRef(false);
  const draftKey = drafts.key(shared.linkId, row.itemId);

  useRestoredDraft(draftKey, row, setValues, setStatus);
  useServerRefresh(row, status, setBase, setValues);

  function edit(change: Partial<RowValues>) {
    const next = { ...values, ...change };
    setValues(next);
    setStatus("unsaved");
    drafts.write(draftKey, next);
  }

  function apply(outcome: SaveResult) {
    setResult(outcome);
    const fresh = outcome.ok ? outcome.data : outcome.conflict;
    if (!fresh) {
      setStatus("failed");
      return;
    }
    const merged = { ...fresh, stale: base.stale, domainDiffers: base.domainDiffers };
    shared.setProgress((p) => shiftProgress(p, base.response, merged.response));
    setBase(merged);
    setValues(valuesOf(merged));
    setStatus(outcome.ok ? "saved" : "conflict");
    drafts.clear(draftKey);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return; // a double click saves once
    inFlight.current = true;
    setStatus("saving");
    try {
      apply(await saveResponseAction(null, new FormData(event.currentTarget)));
    } catch (error) {
      setResult({
        ok: false,
        error: isStaleBuild(error) ? RELOAD_MESSAGE : NETWORK_MESSAGE,
      });
      setStatus("failed");
    } finally {
      inFlight.current = false;
    }
  }

  const id = `item-${row.itemId}`;
  const errors = result && !result.ok ? (result.fieldErrors ?? {}) : {};
  const errorId = (field: string) => (errors[field] ? `${id}-${field}-error` : undefined);
  const locked = shared.readOnly || status === "saving";

  return (
    <li className="rounded border border-slate-300 bg-white p-4">
      <form
        action={formAction}
        onSubmit={onSubmit}
        className="grid gap-4 md:grid-cols-2 lg:grid-cols-3 min-[72rem]:grid-cols-[minmax(0,14rem)_minmax(0,1fr)_minmax(0,17.5rem)_minmax(0,12.5rem)_7rem] min-[72rem]:gap-x-3"
      >
        <input type="hidden" name="token" value={shared.token} />
        <input type="hidden" name="itemId" value={row.itemId} />
        <input type="hidden" name="version" value={base.version} />
        <input type="hidden" name="userVersion" value={base.userVersion} />
        <input type="hidden" name="organisationId" value={values.organisationId ?? ""} />
        <PersonCell id={id} row={base} />

        <div>
          <label htmlFor={`${id}-org`} className="block text-sm font-medium">
            I'm employed by<span className="sr-only"> ({row.fullName})</span>
          </label>
          <OrgCombobox
            id={`${id}-org`}
            personName={row.fullName}
            name={values.organisationName}
            disabled={locked}
            invalid={Boolean(errors.organisationName)}
            describedBy={errorId("organisationName")}
            onType={(name) => edit({ organisationName: name, organisationId: null })}
            onPick={(org) => edit({ organisationName: org.name, organisationId: org.id })}
          />
          <FieldError
            id={errorId("organisationName")}
            messages={errors.organisationName}
          />
          {base.shownOrganisationId !== base.organisationId ? (
            <p className="mt-1 text-xs text-slate-700">
              Was: {base.shownOrganisationName ?? "not given"}
            </p>
          ) : null}
        </div>

        <div>
          <label htmlFor={`${id}-role`} className="block text-sm font-medium">
            My role is<span className="sr-only"> ({row.fullName})</span>
          </label>
          <select
            id={`${id}-role`}
            name="roleId"
            value={values.roleId ?? ""}
            disabled={locked}
            aria-describedby={errorId("roleId")}
            aria-invalid={Boolean(errors.roleId) || undefined}
            onChange={(e) =>
              edit({ roleId: e.target.value ? Number(e.target.value) : null })
            }
            className="w-full rounded border border-slate-500 bg-white px-2 py-1.5 disabled:bg-slate-100"
          >
            <option value="">Not given</option>
            {shared.roles.map((role) => (
              <option key={role.id} value={role.id}>
                {role.name}
              </option>
            ))}
          </select>
          <FieldError id={errorId("roleId")} messages={errors.roleId} />
          {base.shownRoleId !== base.roleId ? (
            <p className="mt-1 text-xs text-slate-700">
              Was: {base.shownRoleName ?? "not given"}
            </p>
          ) : null}
        </div>

        <fieldset aria-describedby={errorId("response")} disabled={locked}>
          <legend className="text-sm font-medium">
            Your response<span className="sr-only"> for {row.fullName}</span>
          </legend>
          {RESPONSES.map((response) => (
            <label key={response} className="mt-1 flex items-center gap-2">
              <input
                type="radio"
                name="response"
                value={response}
                checked={values.response === response}
                onChange={() => edit({ response })}
                className="h-4 w-4"
              />
              {RESPONSE_LABELS[response]}
            </label>
          ))}
          <FieldError id={errorId("response")} messages={errors.response} />
        </fieldset>

        <div className="flex flex-col items-start gap-2">
          {shared.readOnly ? null : (
            <button
              type="submit"
              disabled={status === "saving"}
              className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
            >
              {status === "failed" ? "Try again" : "Save"}
              <span className="sr-only"> {row.fullName}</span>
            </button>
          )}
          <RowStatusLine status={status} result={result} row={base} />
        </div>
      </form>
    </li>
  );
}

function statusOf(posted: SaveResult | null): RowStatus {
  if (!posted) return "idle";
  if (posted.ok) return "saved";
  return posted.conflict ? "conflict" : "failed";
}

function PersonCell({ id, row }: { id: string; row: RowState }) {
  const shared = useReview();
  return (
    <div className="min-w-0">
      <div className="flex items-start gap-2">
        {shared.readOnly ? null : (
          <input
            type="checkbox"
            form="bulk-form"
            name="itemIds"
            value={row.itemId}
            id={`${id}-select`}
            checked={shared.selected.has(row.itemId)}
            onChange={(e) => shared.setSelected([row.itemId], e.target.checked)}
            className="mt-1 h-4 w-4"
          />
        )}
        <div className="min-w-0">
          <h3 className="font-semibold">
            {shared.readOnly ? (
              row.fullName
            ) : (
              <label htmlFor={`${id}-select`}>
                <span className="sr-only">Select </span>
                {row.fullName}
              </label>
            )}
          </h3>
          <p className="break-all text-sm text-slate-700">{row.email}</p>
          <p className="text-xs text-slate-700">
            Last signed in:{" "}
            {row.lastSignInAt ? formatLondon(new Date(row.lastSignInAt)) : "not known"}
          </p>
        </div>
      </div>
      <Hints row={row} />
    </div>
  );
}

function Hints({ row }: { row: RowState }) {
  if (!row.stale && !row.domainDiffers) return null;
  return (
    <ul className="mt-2 space-y-1 text-xs">
      {row.stale ? (
        <li className="rounded border border-amber-700 bg-amber-50 px-2 py-0.5 text-amber-900">
          Suggestion: no sign-in for a long time
        </li>
      ) : null}
      {row.domainDiffers ? (
        <li className="rounded border border-amber-700 bg-amber-50 px-2 py-0.5 text-amber-900">
          Suggestion: email domain differs from most colleagues
        </li>
      ) : null}
    </ul>
  );
}

function FieldError({ id, messages }: { id?: string; messages?: string[] }) {
  if (!id || !messages?.length) return null;
  return (
    <p id={id} className="mt-1 text-sm font-medium text-red-800">
      <span aria-hidden="true">⚠ </span>
      {messages.join(" ")}
    </p>
  );
}

/** On first load, puts back edits that were not saved before a reload. */
function useRestoredDraft(
  key: string,
  row: RowState,
  setValues: (values: RowValues) => void,
  setStatus: (status: RowStatus) => void,
) {
  useEffect(() => {
    const draft = drafts.read(key);
    if (!draft) return;
    if (sameValues(draft, valuesOf(row))) {
      drafts.clear(key);
      return;
    }
    setValues(draft);
    setStatus("unsaved");
  }, [key, row, setValues, setStatus]);
}

/** After a bulk answer the server sends fresh rows; take them unless mid-edit. */
function useServerRefresh(
  row: RowState,
  status: RowStatus,
  setBase: (row: RowState) => void,
  setValues: (values: RowValues) => void,
) {
  const seen = useRef(row.version);
  useEffect(() => {
    if (row.version === seen.current) return;
    seen.current = row.version;
    if (status === "unsaved" || status === "saving") return;
    setBase(row);
    setValues(valuesOf(row));
  }, [row, status, setBase, setValues]);
}
