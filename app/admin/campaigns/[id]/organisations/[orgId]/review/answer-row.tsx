"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, startTransition, useActionState, useEffect } from "react";
import {
  type AdminSaveResult,
  adminSaveResponseAction,
} from "@/lib/campaigns/admin-review-actions";
import { RESPONSE_LABELS, RESPONSES, type Response } from "@/lib/review/labels";
import { CELL, describedBy, FormMessage, SECONDARY } from "../../../../ui";

/** One user as the admin's answer list shows them. */
export interface AnswerRowData {
  itemId: number;
  version: number;
  userVersion: number;
  fullName: string;
  email: string;
  response: Response | null;
  responderName: string | null;
  organisationId: number | null;
  organisationName: string | null;
  roleId: number | null;
  shownOrganisationName: string | null;
  shownRoleName: string | null;
}

const FIELD =
  "block w-full min-w-40 rounded border-2 border-slate-600 px-2 py-1 aria-invalid:border-red-700";

/**
 * One row with its own small form: response, employer and role. The inputs
 * sit in the table's cells and join the form by its id. It posts without
 * JavaScript; with it, the row saves in place and keeps what was typed.
 */
export function AnswerRow(props: {
  row: AnswerRowData;
  roles: Array<{ id: number; name: string }>;
  campaignId: number;
  organisationId: number;
}) {
  const { row } = props;
  const router = useRouter();
  const [state, formAction, pending] = useActionState<AdminSaveResult | null, FormData>(
    adminSaveResponseAction,
    null,
  );
  useEffect(() => {
    if (state?.ok || state?.conflict) router.refresh();
  }, [state, router]);

  // Submitting by hand keeps React from resetting the fields after the action.
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  }

  const fresh = state?.ok ? state.data : state?.conflict;
  const version = Math.max(row.version, fresh?.version ?? 0);
  const userVersion = Math.max(row.userVersion, fresh?.userVersion ?? 0);
  const values = state?.ok === false ? state.submitted : undefined;
  const formId = `answer-${row.itemId}`;
  const error = state?.ok === false ? state.fieldErrors : undefined;
  const orgError = error?.organisationName?.[0];
  const roleError = error?.roleId?.[0] ?? error?.response?.[0];
  const responseId = `${formId}-response`;
  const orgId = `${formId}-employer`;
  const roleId = `${formId}-role`;

  return (
    <tr>
      <td className={CELL}>
        <span className="font-semibold">{row.fullName}</span>
        <div className="break-all text-slate-600">{row.email}</div>
        <div className="text-sm text-slate-600">
          Shown: {row.shownOrganisationName ?? "—"}, {row.shownRoleName ?? "—"}
        </div>
      </td>
      <td className={CELL}>
        <label htmlFor={responseId} className="sr-only">
          Response for {row.fullName}
        </label>
        <select
          id={responseId}
          name="response"
          form={formId}
          required
          className={FIELD}
          defaultValue={values?.response ?? row.response ?? ""}
        >
          <option value="" disabled>
            Choose…
          </option>
          {RESPONSES.map((response) => (
            <option key={response} value={response}>
              {RESPONSE_LABELS[response]}
            </option>
          ))}
        </select>
        <div className="mt-1 text-sm text-slate-600">
          {row.responderName ? `By ${row.responderName}` : "No answer yet"}
        </div>
      </td>
      <td className={CELL}>
        <label htmlFor={orgId} className="sr-only">
          Employer of {row.fullName}
        </label>
        <input
          id={orgId}
          name="organisationName"
          form={formId}
          className={FIELD}
          defaultValue={values?.organisationName ?? row.organisationName ?? ""}
          {...describedBy(orgId, false, orgError)}
        />
        {orgError ? (
          <p id={`${orgId}-error`} className="mt-1 text-sm text-red-700">
            {orgError}
          </p>
        ) : null}
      </td>
      <td className={CELL}>
        <label htmlFor={roleId} className="sr-only">
          Role of {row.fullName}
        </label>
        <select
          id={roleId}
          name="roleId"
          form={formId}
          className={FIELD}
          defaultValue={String(values?.roleId ?? row.roleId ?? "")}
          {...describedBy(roleId, false, roleError)}
        >
          <option value="">{row.roleId ? "Keep as it is" : "Not set"}</option>
          {props.roles.map((role) => (
            <option key={role.id} value={role.id}>
              {role.name}
            </option>
          ))}
        </select>
        {roleError ? (
          <p id={`${roleId}-error`} className="mt-1 text-sm text-red-700">
            {roleError}
          </p>
        ) : null}
      </td>
      <td className={`${CELL} min-w-48`}>
        <form id={formId} action={formAction} onSubmit={submit} className="space-y-2">
          <input type="hidden" name="campaignId" value={props.campaignId} />
          <input type="hidden" name="scopeOrganisationId" value={props.organisationId} />
          <input type="hidden" name="itemId" value={row.itemId} />
          <input type="hidden" name="version" value={version} />
          <input type="hidden" name="userVersion" value={userVersion} />
          <input type="hidden" name="organisationId" value={row.organisationId ?? ""} />
          <button type="submit" disabled={pending} className={SECONDARY}>
            {pending ? "Saving…" : `Save`}
            <span className="sr-only"> {row.fullName}</span>
          </button>
          <FormMessage
            ok={state?.ok === true}
            message={state ? (state.ok ? "Saved." : state.error) : undefined}
          />
        </form>
      </td>
    </tr>
  );
}
