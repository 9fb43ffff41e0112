import { and, eq, inArray, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { type Executor, getDb, rowsOf } from "@/lib/db/client";
import { campaigns } from "@/lib/db/schema";
import { type ActionResult, fail } from "@/lib/result";
import { type Actor, auditActor } from "./actor";

/** What happens to users nobody answered for: nothing (default), or "don't know". */
export type UnansweredChoice = "nothing" | "unknown";

/**
 * Closes a campaign: its links then show the answers read-only. Optionally
 * marks every unanswered item "unknown" in the same transaction (one UPDATE),
 * so the access rules treat them like any other "I don't know this person".
 */
export async function closeCampaign(
  campaignId: number,
  actor: Actor,
  unanswered: UnansweredChoice = "nothing",
): Promise<ActionResult<{ markedUnknown: number }>> {
  return getDb().transaction(async (tx) => {
    const [closed] = await tx
      .update(campaigns)
      .set({ status: "closed", closedAt: sql`now()` })
      .where(
        and(eq(campaigns.id, campaignId), inArray(campaigns.status, ["draft", "open"])),
      )
      .returning({ id: campaigns.id });
    if (!closed) return fail("That campaign is already closed or no longer exists.");

    const markedUnknown =
      unanswered === "unknown" ? await markUnknown(tx, campaignId) : 0;
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "campaign.closed",
      entityType: "campaign",
      entityId: campaignId,
      campaignId,
      data: { unanswered, markedUnknown },
    });
    return { ok: true, data: { markedUnknown } };
  });
}

async function markUnknown(tx: Executor, campaignId: number): Promise<number> {
  const result = await tx.execute(sql`
    with marked as (
      update review_items
      set response = 'unknown', responded_at = now(), updated_at = now(),
          responder_name = 'Closed unanswered by an administrator', version = version + 1
      where campaign_id = ${campaignId} and response is null
      returning 1)
    select count(*)::int as n from marked`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}
