import { recordAudit } from "@/lib/audit/record";
import { getDb } from "@/lib/db/client";
import { campaigns } from "@/lib/db/schema";
import { deadlineFromDate, londonToday } from "@/lib/deadline";
import { type ActionResult, fail } from "@/lib/result";
import { type Actor, actorLabel, auditActor } from "./actor";
import { type CreateCampaignInput, createCampaignInput } from "./schemas";

const PAST_DEADLINE = "The deadline must be today or a later date (UK time).";

/** Creates a draft campaign whose deadline is 23:59:59 London time on the chosen date. */
export async function createCampaign(
  input: CreateCampaignInput,
  actor: Actor = { system: "script" },
  now = new Date(),
): Promise<ActionResult<{ campaignId: number }>> {
  const parsed = createCampaignInput.safeParse(input);
  if (!parsed.success) return fail("Please check the campaign name and deadline.");
  const { name, deadlineDate } = parsed.data;
  // ISO dates compare correctly as strings.
  if (deadlineDate < londonToday(now)) {
    return fail(PAST_DEADLINE, { deadlineDate: [PAST_DEADLINE] });
  }

  const campaignId = await getDb().transaction(async (tx) => {
    const [row] = await tx
      .insert(campaigns)
      .values({
        name,
        deadlineDate,
        deadlineAt: deadlineFromDate(deadlineDate),
        createdBy: actorLabel(actor),
      })
      .returning({ id: campaigns.id });
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "campaign.created",
      entityType: "campaign",
      entityId: row.id,
      campaignId: row.id,
      data: { name, deadlineDate },
    });
    return row.id;
  });
  return { ok: true, data: { campaignId } };
}
