"use client";

import { useActionState } from "react";
import { remindNowAction } from "@/lib/campaigns/actions";
import type { ActionResult } from "@/lib/result";
import { FormMessage, SECONDARY } from "../ui";

/**
 * Wraps the organisation table, whose lead checkboxes (name "leadIds") make
 * the selection; sends each chosen lead one reminder now.
 */
export function RemindSelectionForm(props: {
  campaignId: number;
  children: React.ReactNode;
}) {
  const [state, action, pending] = useActionState<
    ActionResult<{ queued: number }> | undefined,
    FormData
  >(remindNowAction, undefined);
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="campaignId" value={props.campaignId} />
      {props.children}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={SECONDARY}>
          {pending ? "Queueing reminders…" : "Send a reminder now to the selected leads"}
        </button>
        <FormMessage
          ok={state?.ok === true}
          message={
            state
              ? state.ok
                ? `${state.data.queued} reminders queued (leads already reminded today, or whose organisation has finished, are skipped).`
                : state.error
              : undefined
          }
        />
      </div>
    </form>
  );
}
