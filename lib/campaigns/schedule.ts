import { and, eq, ne } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { getDb } from "@/lib/db/client";
import { campaigns } from "@/lib/db/schema";
import { type ActionResult, fail } from "@/lib/result";
import { type Actor, auditActor } from "./actor";

/** Sets the days before the deadline on which the reminder job chases leads. */
export async function updateReminderDays(
  campaignId: number,
  reminderDays: number[],
  actor: Actor,
): Promise<ActionResult> {
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .update(campaigns)
      .set({ reminderDays })
      .where(and(eq(campaigns.id, campaignId), ne(campaigns.status, "closed")))
      .returning({ id: campaigns.id });
    if (!row) return fail("The reminder schedule of a closed campaign cannot change.");
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "campaign.reminder_days_changed",
      entityType: "campaign",
      entityId: campaignId,
      campaignId,
      data: { reminderDays },
    });
    return { ok: true };
  });
}
