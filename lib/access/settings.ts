import { eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { getDb } from "@/lib/db/client";
import { campaigns } from "@/lib/db/schema";
import { type Actor, auditActor } from "./actor";
import type { CampaignAccessSettingsInput } from "./schemas";

const settingsSchema = z.object({
  /** Share of a campaign's users one run may downgrade before it stops: 0.2 = 20%. */
  ACCESS_BRAKE_SHARE: z.coerce.number().gt(0).max(1).default(0.2),
  ACCESS_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(50_000),
  /** Stop starting batches after this long, so a scheduler's time limit is kept. */
  ACCESS_TIME_BUDGET_MS: z.coerce.number().int().min(1_000).default(45_000),
});

export interface AccessSettings {
  brakePercent: number;
  batchSize: number;
  timeBudgetMs: number;
}

/** Read on each call, so tests and scripts can change the environment. */
export function accessSettings(): AccessSettings {
  const env = settingsSchema.parse({
    ACCESS_BRAKE_SHARE: process.env.ACCESS_BRAKE_SHARE || undefined,
    ACCESS_BATCH_SIZE: process.env.ACCESS_BATCH_SIZE || undefined,
    ACCESS_TIME_BUDGET_MS: process.env.ACCESS_TIME_BUDGET_MS || undefined,
  });
  return {
    brakePercent: env.ACCESS_BRAKE_SHARE * 100,
    batchSize: env.ACCESS_BATCH_SIZE,
    timeBudgetMs: env.ACCESS_TIME_BUDGET_MS,
  };
}

export interface CampaignAccessSettings {
  campaignId: number;
  graceHours: number;
  /** null: the default share applies. */
  brakePercent: number | null;
  defaultBrakePercent: number;
}

/** A campaign's grace period and brake share, for its settings form. */
export async function campaignAccessSettings(
  campaignId: number,
): Promise<CampaignAccessSettings | null> {
  const [row] = await getDb()
    .select({ graceHours: campaigns.graceHours, brakePercent: campaigns.brakePercent })
    .from(campaigns)
    .where(eq(campaigns.id, campaignId));
  if (!row) return null;
  return { campaignId, ...row, defaultBrakePercent: accessSettings().brakePercent };
}

/**
 * Sets a campaign's grace period and brake share, with the values before and
 * after in its audit event, in one transaction. Closed campaigns keep these
 * settings too: runs still act on their answers.
 */
export async function updateCampaignAccessSettings(
  input: CampaignAccessSettingsInput,
  actor: Actor,
): Promise<boolean> {
  return getDb().transaction(async (tx) => {
    const [before] = await tx
      .select({ graceHours: campaigns.graceHours, brakePercent: campaigns.brakePercent })
      .from(campaigns)
      .where(eq(campaigns.id, input.campaignId))
      .for("update");
    if (!before) return false;
    const after = { graceHours: input.graceHours, brakePercent: input.brakePercent };
    await tx.update(campaigns).set(after).where(eq(campaigns.id, input.campaignId));
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "campaign.access_settings_changed",
      entityType: "campaign",
      entityId: input.campaignId,
      campaignId: input.campaignId,
      data: { before, after },
    });
    return true;
  });
}

/**
 * How long after its start a run still marked running is taken to have been
 * killed: its time budget, plus room for the plan and one last batch.
 */
export function staleRunAfterMs(settings = accessSettings()): number {
  return settings.timeBudgetMs + 5 * 60_000;
}
