import { and, desc, eq, lt, ne, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { appUrl, config } from "@/lib/config";
import { type Database, type Executor, getDb } from "@/lib/db/client";
import { accessRunItems, accessRuns } from "@/lib/db/schema";
import { childLogger } from "@/lib/log";
import { renderAccessBrakeEmail } from "@/lib/mail/access-brake";
import { queueEmail } from "@/lib/mail/outbox";
import type { RenderedEmail } from "@/lib/mail/templates";
import { type Actor, auditActor } from "./actor";
import {
  applyDowngradeBatch,
  applyFirstBatchWithPlan,
  applyRestores,
  type BatchHook,
  lockAccess,
} from "./apply";
import {
  type BrakeHit,
  brakeHits,
  type PlanCounts,
  planIn,
  planRange,
  planRun,
} from "./plan";
import { accessSettings, staleRunAfterMs } from "./settings";

export interface RunOptions {
  actor: Actor;
  dryRun?: boolean;
  /** The braked run an admin confirms, from that run's page. */
  confirmRunId?: number;
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
  /** Campaigns stopped at the brake; for a dry run, those a real run would stop at. */
  braked: BrakeHit[];
}

/** What a confirmed run records: the braked run and the counts the admin saw there. */
export interface Confirmation {
  runId: number;
  campaigns: { campaignId: number; wouldDowngrade: number }[];
}

/** A confirmation that no longer stands; nothing was started. */
export class RunRefused extends Error {}

export const BRAKE_EMAIL_KIND = "access_brake";

/**
 * One access run: plan in SQL, stop at a dry run or the safety brake, else
 * write the first batch of downgrades with the plan, restore, and write the
 * rest batch by batch within the time budget. The run and its counts are
 * recorded in access_runs whatever happens.
 */
export async function runAccess(options: RunOptions): Promise<RunReport> {
  const db = getDb();
  const settings = accessSettings();
  const started = Date.now();
  const confirmation = await confirmationFor(db, options);
  const runId = await startRun(db, options);
  const dryRun = Boolean(options.dryRun);
  const log = childLogger({ job: "access-run", runId, dryRun });

  try {
    await tidyRuns(db, runId, dryRun);
    const now = options.now ?? new Date();
    const allowed = new Map(
      (confirmation?.campaigns ?? []).map((c) => [c.campaignId, c.wouldDowngrade]),
    );
    if (dryRun) {
      const planned = await planRun(db, runId, now.toISOString(), "preview");
      const counts: RunCounts = { ...planned, downgraded: 0, restored: 0, remaining: 0 };
      const hits = await brakeHits(db, runId, settings.brakePercent, allowed);
      return await finishRun(db, runId, { counts, braked: hits, dryRun });
    }

    const batching = {
      ...options,
      now,
      batchSize: options.batchSize ?? settings.batchSize,
      budgetEnds: started + (options.timeBudgetMs ?? settings.timeBudgetMs),
    };
    const { planned, hits, firstBatch } = await db.transaction(async (tx) => {
      await lockAccess(tx);
      const planned = await planIn(tx, runId, now.toISOString(), "changes");
      const hits = await brakeHits(tx, runId, settings.brakePercent, allowed);
      const firstBatch =
        hits.length === 0 ? await downgradeFirstBatch(tx, runId, batching) : null;
      return { planned, hits, firstBatch };
    });
    const counts: RunCounts = {
      ...planned,
      downgraded: firstBatch?.applied ?? 0,
      restored: 0,
      remaining: 0,
    };
    if (hits.length > 0) {
      log.warn({ braked: hits }, "access run braked");
      return await finishBraked(db, runId, counts, hits, options.actor);
    }

    counts.restored = await restoreAll(db, runId, options.actor);
    await downgradeInBatches(db, runId, counts, {
      ...batching,
      from: firstBatch ? firstBatch.last + 1 : undefined,
    });
    log.info({ counts }, "access run finished");
    await db.delete(accessRunItems).where(eq(accessRunItems.runId, runId));
    return await finishRun(db, runId, { counts, braked: [], dryRun, confirmation });
  } catch (error) {
    log.error({ err: error }, "access run failed");
    await failRun(db, runId, error);
    throw error;
  }
}

/**
 * The confirmation a real run goes ahead with. An admin's names a braked
 * run, which must still be the latest real run (a newer one has a newer
 * plan to check). Without one, a confirmed run that stopped at its time
 * budget passes its confirmation on, so the rest of the same set is not
 * stopped again (nor reported as stopping by a preview); the counts still
 * bound it.
 */
async function confirmationFor(
  db: Database,
  options: RunOptions,
): Promise<Confirmation | null> {
  const [latest] = await db
    .select({
      id: accessRuns.id,
      status: accessRuns.status,
      counts: accessRuns.counts,
      notes: accessRuns.notes,
    })
    .from(accessRuns)
    .where(and(eq(accessRuns.dryRun, false), ne(accessRuns.status, "running")))
    .orderBy(desc(accessRuns.id))
    .limit(1);

  if (options.confirmRunId !== undefined && !options.dryRun) {
    return confirmationOf(options.confirmRunId, latest);
  }
  const carried = latest?.notes?.confirmed as Confirmation | undefined;
  if (latest?.status === "finished" && carried && (latest.counts?.remaining ?? 0) > 0) {
    return carried;
  }
  return null;
}

function confirmationOf(
  runId: number,
  latest:
    | { id: number; status: string; notes: Record<string, unknown> | null }
    | undefined,
): Confirmation {
  if (!latest || latest.id !== runId || latest.status !== "braked") {
    throw new RunRefused(
      latest && latest.id > runId
        ? `Run ${runId} is no longer the latest: run ${latest.id} came after it. Check that run instead.`
        : `Run ${runId} is not waiting for a confirmation.`,
    );
  }
  const hits = (latest.notes?.braked as BrakeHit[] | undefined) ?? [];
  return {
    runId,
    campaigns: hits.map((hit) => ({
      campaignId: hit.campaignId,
      wouldDowngrade: hit.wouldDowngrade,
    })),
  };
}

/**
 * Under the access lock, at the start of each run: a run still marked
 * running long after its time budget was killed, and is marked stopped; the
 * plans of earlier previews, braked, failed and stopped runs are superseded
 * by this run and deleted (a preview keeps a braked run that still waits for
 * its confirmation). Each such run's notes say when its plan went.
 */
async function tidyRuns(db: Database, runId: number, dryRun: boolean): Promise<void> {
  const staleSeconds = staleRunAfterMs() / 1000;
  await db.transaction(async (tx) => {
    await lockAccess(tx);
    await tx
      .update(accessRuns)
      .set({
        status: "stopped",
        finishedAt: sql`now()`,
        notes: sql`coalesce(${accessRuns.notes}, '{}'::jsonb)
          || jsonb_build_object('stopped', 'did not finish')`,
      })
      .where(
        sql`${accessRuns.status} = 'running' and ${accessRuns.id} <> ${runId}
          and ${accessRuns.startedAt} < now() - make_interval(secs => ${staleSeconds})`,
      );
    await tx.execute(sql`
      with waiting as (
        select id, status from access_runs
        where not dry_run and status <> 'running' and id <> ${runId}
        order by id desc limit 1
      ),
      kept as (
        select id from access_runs where id = ${runId} or status = 'running'
        union all
        select id from waiting where ${dryRun} and status = 'braked'
      ),
      gone as (
        update access_runs
        set notes = coalesce(notes, '{}'::jsonb)
          || jsonb_build_object('planRemovedAt', now(), 'supersededBy', ${runId}::bigint)
        where (dry_run or status in ('braked', 'failed', 'stopped'))
          and notes->>'planRemovedAt' is null
          and id not in (select id from kept)
        returning id
      )
      delete from access_run_items where run_id in (select id from gone)`);
  });
}

async function restoreAll(db: Database, runId: number, actor: Actor): Promise<number> {
  const range = await planRange(db, runId, "restore");
  if (!range) return 0;
  return applyRestores(db, { runId, ...range, actor });
}

type Batching = RunOptions & { now: Date; batchSize: number; budgetEnds: number };

/**
 * The first batch of planned downgrades, in the planning transaction (see
 * applyFirstBatchWithPlan), unless the plan alone used up the time budget.
 */
async function downgradeFirstBatch(tx: Executor, runId: number, options: Batching) {
  const range = await planRange(tx, runId, "downgrade");
  if (!range || Date.now() >= options.budgetEnds) return null;
  const last = Math.min(range.first + options.batchSize - 1, range.last);
  const applied = await applyFirstBatchWithPlan(
    tx,
    { runId, first: range.first, last, batch: 1, actor: options.actor, now: options.now },
    options.onBatch,
  );
  return { applied, last };
}

/**
 * Applies the planned downgrades from seq `from` on (all of them when not
 * given) batch by batch; each batch all or none.
 */
async function downgradeInBatches(
  db: Database,
  runId: number,
  counts: RunCounts,
  options: Batching & { from?: number },
): Promise<void> {
  const range = await planRange(db, runId, "downgrade");
  if (!range) return;
  const start = options.from ?? range.first;
  let batch = start === range.first ? 0 : 1;
  for (let first = start; first <= range.last; first += options.batchSize) {
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
  result: {
    counts: RunCounts;
    braked: BrakeHit[];
    dryRun: boolean;
    confirmation?: Confirmation | null;
  },
): Promise<RunReport> {
  const notes = {
    ...(result.braked.length > 0 ? { braked: result.braked } : {}),
    ...(result.confirmation ? { confirmed: result.confirmation } : {}),
  };
  await db
    .update(accessRuns)
    .set({
      status: "finished",
      counts: { ...result.counts },
      notes: Object.keys(notes).length > 0 ? notes : null,
      finishedAt: sql`now()`,
    })
    .where(eq(accessRuns.id, runId));
  const { counts, braked, dryRun } = result;
  return { runId, status: "finished", dryRun, counts, braked };
}

/**
 * Records a braked run with its audit event and, when the scheduler or a
 * shell ran it, queues one email to each admin (keyed by the run), all in
 * one transaction. A run braked exactly as the one before it mails nobody:
 * the admins already know.
 */
async function finishBraked(
  db: Database,
  runId: number,
  counts: RunCounts,
  braked: BrakeHit[],
  actor: Actor,
): Promise<RunReport> {
  const mail = actor.kind === "admin" ? null : await brakeEmail(runId, actor, braked);
  await db.transaction(async (tx) => {
    await tx
      .update(accessRuns)
      .set({
        status: "braked",
        counts: { ...counts },
        notes: { braked },
        finishedAt: sql`now()`,
      })
      .where(eq(accessRuns.id, runId));
    const repeat = await sameAsPreviousBrake(tx, runId, braked);
    const recipients = mail && !repeat ? config().adminEmails : [];
    if (mail) await queueBrakeEmails(tx, runId, mail, recipients);
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "access.run_braked",
      entityType: "access_run",
      entityId: runId,
      data: { braked, notified: recipients },
    });
  });
  return { runId, status: "braked", dryRun: false, counts, braked };
}

async function queueBrakeEmails(
  tx: Executor,
  runId: number,
  mail: RenderedEmail,
  recipients: string[],
): Promise<void> {
  for (const to of recipients) {
    await queueEmail(tx, {
      kind: BRAKE_EMAIL_KIND,
      to,
      ...mail,
      idempotencyKey: `${BRAKE_EMAIL_KIND}:${runId}:${to}`,
    });
  }
}

function brakeEmail(runId: number, actor: Actor, braked: BrakeHit[]) {
  return renderAccessBrakeEmail({
    runId,
    trigger: actor.name,
    campaigns: braked.map((hit) => ({ ...hit, name: hit.campaignName })),
    url: appUrl(`/admin/access/runs/${runId}`),
  });
}

/** Whether the real run before this one stopped at the same campaigns and counts. */
async function sameAsPreviousBrake(
  tx: Executor,
  runId: number,
  braked: BrakeHit[],
): Promise<boolean> {
  const [previous] = await tx
    .select({ status: accessRuns.status, notes: accessRuns.notes })
    .from(accessRuns)
    .where(
      and(
        eq(accessRuns.dryRun, false),
        lt(accessRuns.id, runId),
        ne(accessRuns.status, "running"),
      ),
    )
    .orderBy(desc(accessRuns.id))
    .limit(1);
  if (previous?.status !== "braked") return false;
  const key = (hits: BrakeHit[]) =>
    JSON.stringify(
      hits.map((hit) => [hit.campaignId, hit.wouldDowngrade]).sort((a, b) => a[0] - b[0]),
    );
  return key((previous.notes?.braked as BrakeHit[] | undefined) ?? []) === key(braked);
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
