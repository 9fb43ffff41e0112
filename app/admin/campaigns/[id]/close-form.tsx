"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { closeCampaignAction } from "@/lib/campaigns/actions";
import type { ActionResult } from "@/lib/result";
import { FormMessage, SECONDARY } from "../ui";

/** Closing asks what happens to users nobody answered for; by default, nothing. */
export function CloseCampaignForm({ campaignId }: { campaignId: number }) {
  const router = useRouter();
  const [state, action, pending] = useActionState<
    ActionResult<{ markedUnknown: number }> | undefined,
    FormData
  >(closeCampaignAction, undefined);
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);

  return (
    <form action={action} className="max-w-xl space-y-3">
      <input type="hidden" name="campaignId" value={campaignId} />
      <fieldset className="space-y-2">
        <legend className="font-semibold">Users nobody has answered for</legend>
        <label className="flex gap-2">
          <input type="radio" name="unanswered" value="nothing" defaultChecked />
          Leave them as they are (no answer, no change of access)
        </label>
        <label className="flex gap-2">
          <input type="radio" name="unanswered" value="unknown" />
          Record them as “I don't know this person”, so the access rules apply to them
        </label>
      </fieldset>
      <p>After closing, review links show the answers read-only.</p>
      <button type="submit" disabled={pending} className={SECONDARY}>
        {pending ? "Closing…" : "Close campaign"}
      </button>
      <FormMessage
        ok={state?.ok === true}
        message={
          state
            ? state.ok
              ? `The campaign is closed. ${state.data.markedUnknown} unanswered users were recorded as “don't know”.`
              : state.error
            : undefined
        }
      />
    </form>
  );
}
