import { z } from "zod";

const settingsSchema = z.object({
  /** Share of a campaign's users one run may downgrade before it stops: 0.2 = 20%. */
  ACCESS_BRAKE_SHARE: z.coerce.number().gt(0).max(1).default(0.2),
  ACCESS_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(10_000),
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
