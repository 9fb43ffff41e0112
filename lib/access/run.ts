import { eq, sql } from "drizzle-orm";
import { type Database, getDb } from "@/lib/db/client";
import { accessRunItems, accessRuns } from "@/lib/db/schema";
import { childLogger } from "@/lib/log";
import type { Actor } from "./actor";
import { applyDowngradeBatch, applyRestores, type BatchHook } from "./apply";
import { type BrakeHit, brakeHits, type PlanCounts, planRange, planRun } from "./plan";
import { accessSettings } from "./settings";

export interface RunOptions {
  actor: Actor;
  dryRun?: boolean;
  /** Campaigns an admin has confirmed past the safety brake. */
  confirmCampaignIds?: number[];
  batchSize?: number;
  timeBudgetMs?: number;
  /** The clock the grace period is measured against (tests). */
  now?: Date;
  /** Called inside each batch's transaction, after its writes (tests). */
  onBatch?: BatchHook;
}

export interface RunCounts extends PlanCounts {
  [key: string]: number;
  downgraded: number;
  restored: number;
  remaining: number;
}

export interface RunReport {
  runId: number;
  status: "finished" | "braked";
  dryRun: boolean;
  counts: RunCounts;
  braked: BrakeHit[];
}

/**
 * One access run: plan in SQL, stop at a dry run or the safety brake, else
 * restore and downgrade in batches within the time budget. The run and its
 * counts are recorded in access_runs whatever happens.
 */
export async function runAccess(options: RunOptions): Promise<RunReport> {
  const db = getDb();
  const settings = accessSettings();
  const started = Date.now();
  const runId = await startRun(db, options);
  const log = childLogger({ job: "access-run", runId, dryRun: Boolean(options.dryRun) });

  try {
    const now = (options.now ?? new Date()).toISOString();
    const planned = await planRun(db, runId, now, options.dryRun ? "preview" : "changes");
    const counts: RunCounts = { ...planned, downgraded: 0, restored: 0, remaining: 0 };
    if (options.dryRun) return await finishRun(db, runId, "finished", counts, [], true);

    const confirmed = options.confirmCampaignIds ?? [];
    const hits = await brakeHits(db, runId, settings.brakePercent, confirmed);
    if (hits.length > 0) {
      log.warn({ braked: hits }, "access run braked");
      return await finishRun(db, runId, "braked", counts, hits, false);
    }

    const budgetEnds = started + (options.timeBudgetMs ?? settings.timeBudgetMs);
    counts.restored = await restoreAll(db, runId, options.actor);
    await downgradeInBatches(db, runId, counts, {
      ...options,
      batchSize: options.batchSize ?? settings.batchSize,
      budgetEnds,
    });
    log.info({ counts }, "access run finished");
    await db.delete(accessRunItems).where(eq(accessRunItems.runId, runId));
    return await finishRun(db, runId, "finished", counts, [], false);
  } catch (error) {
    log.error({ err: error }, "access run failed");
    await failRun(db, runId, error);
    throw error;
  }
}

async function restoreAll(db: Database, runId: number, actor: Actor): Promise<number> {
  const range = await planRange(db, runId, "restore");
  if (!range) return 0;
  return applyRestores(db, { runId, ...range, actor });
}

/** Applies the planned downgrades batch by batch; each batch all or none. */
async function downgradeInBatches(
  db: Database,
  runId: number,
  counts: RunCounts,
  options: RunOptions & { batchSize: number; budgetEnds: number },
): Promise<void> {
  const range = await planRange(db, runId, "downgrade");
  if (!range) return;
  let batch = 0;
  for (let first = range.first; first <= range.last; first += options.batchSize) {
    if (Date.now() >= options.budgetEnds) {
      counts.remaining = range.last - first + 1;
      return;
    }
    batch += 1;
    const last = Math.min(first + options.batchSize - 1, range.last);
    const applied = await applyDowngradeBatch(
      db,
      { runId, first, last, batch, actor: options.actor, now: options.now },
      options.onBatch,
    );
    counts.downgraded += applied;
    await db
      .update(accessRuns)
      .set({ counts: { ...counts, remaining: range.last - last } })
      .where(eq(accessRuns.id, runId));
  }
}

async function startRun(db: Database, options: RunOptions): Promise<number> {
  const [run] = await db
    .insert(accessRuns)
    .values({ trigger: options.actor.name, dryRun: Boolean(options.dryRun) })
    .returning({ id: accessRuns.id });
  return run.id;
}

async function finishRun(
  db: Database,
  runId: number,
  status: RunReport["status"],
  counts: RunCounts,
  braked: BrakeHit[],
  dryRun: boolean,
): Promise<RunReport> {
  await db
    .update(accessRuns)
    .set({
      status,
      counts: { ...counts },
      notes: braked.length > 0 ? { braked } : null,
      finishedAt: sql`now()`,
    })
    .where(eq(accessRuns.id, runId));
  return { runId, status, dryRun, counts, braked };
}

async function failRun(db: Database, runId: number, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  await db
    .update(accessRuns)
    .set({
      status: "failed",
      notes: { error: message.slice(0, 500) },
      finishedAt: sql`now()`,
    })
    .where(eq(accessRuns.id, runId));
}
