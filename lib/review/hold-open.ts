import { sql } from "drizzle-orm";
import { type Executor, rowsOf } from "@/lib/db/client";
import { formatDeadline } from "@/lib/deadline";

/** Answers can no longer change; the message says why, for the person saving. */
export class AnswersLocked extends Error {}

/** Why a campaign's answers cannot change, in the words the review page uses. */
export function lockedMessage(campaign: { status: string; deadlineAt: Date }): string {
  if (campaign.status === "open") {
    return `The deadline (${formatDeadline(campaign.deadlineAt)}) has passed, so answers can no longer be changed.`;
  }
  return campaign.status === "closed"
    ? "This review has closed, so answers can no longer be changed."
    : "This review has not opened yet.";
}

/**
 * The first step of every save's transaction: a share lock on the campaign's
 * row, so that closing the campaign waits for the save to commit and a save
 * that comes after a close sees it. Throws AnswersLocked unless the campaign
 * is open and, for a lead, before its deadline (an admin may still answer for
 * people after the deadline, until the campaign closes).
 */
export async function holdCampaignOpen(
  tx: Executor,
  campaignId: number,
  actor: "lead" | "admin",
): Promise<void> {
  const [campaign] = rowsOf<{ status: string; deadlineAt: string; past: boolean }>(
    await tx.execute(sql`
      select status::text as status, deadline_at as "deadlineAt",
        deadline_at < now() as past
      from campaigns where id = ${campaignId} for share`),
  );
  if (!campaign) throw new AnswersLocked("We could not find that campaign.");
  const locked = { status: campaign.status, deadlineAt: new Date(campaign.deadlineAt) };
  if (campaign.status !== "open") throw new AnswersLocked(lockedMessage(locked));
  if (actor === "lead" && campaign.past) throw new AnswersLocked(lockedMessage(locked));
}
