"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import {
  type AdminBulkOutcome,
  adminBulkResponseAction,
} from "@/lib/campaigns/admin-review-actions";
import type { ActionResult } from "@/lib/result";
import { RESPONSE_LABELS, RESPONSES } from "@/lib/review/labels";
import { BUTTON, FormMessage, INPUT, SECONDARY } from "../../../../ui";

const people = (n: number) =>
  n === 1 ? "1 person" : `${n.toLocaleString("en-GB")} people`;

/**
 * "Mark everyone unanswered as …": the first press counts and asks, the
 * second (with `confirmed`) answers them all at once.
 */
export function BulkAnswerForm(props: { campaignId: number; organisationId: number }) {
  const router = useRouter();
  const [state, formAction, pending] = useActionState<
    ActionResult<AdminBulkOutcome> | null,
    FormData
  >(adminBulkResponseAction, null);
  useEffect(() => {
    if (state?.ok && state.data.stage === "done") router.refresh();
  }, [state, router]);
  const asking = state?.ok && state.data.stage === "confirm" ? state.data : null;
  const hidden = (
    <>
      <input type="hidden" name="campaignId" value={props.campaignId} />
      <input type="hidden" name="scopeOrganisationId" value={props.organisationId} />
    </>
  );

  if (asking && asking.count > 0)
    return (
      <form action={formAction} className="space-y-3" aria-live="polite">
        {hidden}
        <input type="hidden" name="response" value={asking.response} />
        <input type="hidden" name="confirmed" value="yes" />
        <p className="border-l-4 border-brand-700 bg-brand-50 p-3">
          This will answer &ldquo;{RESPONSE_LABELS[asking.response]}&rdquo; for{" "}
          {people(asking.count)} who have no answer yet. Are you sure?
        </p>
        <div className="flex gap-3">
          <button type="submit" disabled={pending} className={BUTTON}>
            {pending ? "Saving…" : `Yes, answer for ${people(asking.count)}`}
          </button>
          <a href="?" className={`${SECONDARY} inline-block`}>
            Cancel
          </a>
        </div>
      </form>
    );

  return (
    <form action={formAction} className="flex flex-wrap items-end gap-3">
      {hidden}
      <div>
        <label htmlFor="bulk-response" className="block font-semibold">
          Answer for everyone not yet answered
        </label>
        <select id="bulk-response" name="response" className={INPUT} defaultValue="">
          <option value="" disabled>
            Choose a response…
          </option>
          {RESPONSES.map((response) => (
            <option key={response} value={response}>
              {RESPONSE_LABELS[response]}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={pending} className={SECONDARY}>
        {pending ? "Counting…" : "Continue"}
      </button>
      <div className="basis-full">
        <FormMessage ok={state?.ok === true} message={bulkMessage(state)} />
      </div>
    </form>
  );
}

function bulkMessage(state: ActionResult<AdminBulkOutcome> | null): string | undefined {
  if (!state) return undefined;
  if (!state.ok) return state.fieldErrors?.response?.[0] ?? state.error;
  if (state.data.count === 0) return "Everyone already has an answer: nothing to do.";
  return state.data.stage === "done"
    ? `Answered "${RESPONSE_LABELS[state.data.response]}" for ${people(state.data.count)}.`
    : undefined;
}
