import type { Logger } from "pino";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { childLogger } from "@/lib/log";
import { type ClaimedBatch, claimBatch } from "./claim";
import { localTransport } from "./local-transport";
import { sleep } from "./pace";
import { type RecordedCounts, recordOutcome } from "./record";
import { resendTransport } from "./resend-transport";
import { type BatchOutcome, MAX_BATCH, type MailTransport } from "./transport";

export interface DrainOptions {
  /** Most messages to claim in this run (default 1,000). */
  limit?: number;
  log?: Logger;
  /** Stop claiming new batches after this instant (epoch ms). */
  deadline?: number;
  /** Claim only these messages (used to send one email straight away). */
  onlyIds?: number[];
  /** How long a claim holds before another worker may take it over. */
  leaseSeconds?: number;
}

export interface DrainResult {
  claimed: number;
  sent: number;
  failed: number;
  retried: number;
}

const DEFAULT_LEASE_SECONDS = 120;
/** Longest a worker waits in-process for a rate limit before leaving it to the next run. */
const MAX_IN_PROCESS_WAIT_MS = 60_000;

/** The one mailer: Resend with an API key, else the local outbox and console. */
export function currentTransport(): MailTransport {
  const settings = config();
  if (!settings.RESEND_API_KEY) return localTransport();
  return resendTransport(settings.RESEND_API_KEY, settings.EMAIL_FROM);
}

/**
 * Sends due messages from the outbox, batch by batch, until none are due,
 * `limit` are claimed or `deadline` passes. Safe to run in several places at
 * once: each batch is claimed with FOR UPDATE SKIP LOCKED under a lease, and
 * sent with its own idempotency key. Two lanes run side by side, so one
 * claims and records in the database while the other waits on the provider.
 */
export async function drainOutbox(options: DrainOptions = {}): Promise<DrainResult> {
  const run: Run = {
    options,
    log: options.log ?? childLogger({ job: "send-emails" }),
    limit: options.limit ?? 1000,
    totals: { claimed: 0, sent: 0, failed: 0, retried: 0 },
    reserved: 0,
    stopped: false,
    transport: currentTransport(),
  };
  const lanes = options.onlyIds ? 1 : LANES;
  const settled = await Promise.allSettled(
    Array.from({ length: lanes }, () => drainLane(run)),
  );
  const failure = settled.find((lane) => lane.status === "rejected");
  if (failure) throw failure.reason;
  run.log.info({ ...run.totals, transport: run.transport.name }, "outbox drained");
  return run.totals;
}

const LANES = 2;

interface Run {
  options: DrainOptions;
  log: Logger;
  limit: number;
  totals: DrainResult;
  /** Claims asked for but not yet answered, so lanes together keep to the limit. */
  reserved: number;
  /** Set when the provider is failing (or a lane threw): every lane stops. */
  stopped: boolean;
  transport: MailTransport;
}

async function drainLane(run: Run): Promise<void> {
  const db = getDb();
  try {
    while (!run.stopped && !passed(run.options.deadline)) {
      const size = Math.min(MAX_BATCH, run.limit - run.totals.claimed - run.reserved);
      if (size <= 0) return;
      run.reserved += size;
      const batch = await claimBatch(db, {
        size,
        leaseSeconds: run.options.leaseSeconds ?? DEFAULT_LEASE_SECONDS,
        onlyIds: run.options.onlyIds,
      }).finally(() => {
        run.reserved -= size;
      });
      if (!batch) return;
      run.totals.claimed += batch.messages.length + batch.failedAtOnce;
      run.totals.failed += batch.failedAtOnce;
      if (batch.messages.length === 0) continue;

      const outcome = await sendBatch(run.transport, batch, run.log);
      add(run.totals, await recordOutcome(db, batch, outcome));
      if (!(await waitBeforeNext(outcome, run.options.deadline))) run.stopped = true;
    }
  } catch (error) {
    run.stopped = true;
    throw error;
  }
}

async function sendBatch(
  transport: MailTransport,
  batch: ClaimedBatch,
  log: Logger,
): Promise<BatchOutcome> {
  try {
    const outcome = await transport.sendBatch(batch.messages, batch.key);
    if (outcome.kind !== "accepted") {
      log.warn(
        { batch: batch.key, size: batch.messages.length, ...outcome },
        "batch not sent",
      );
    }
    return outcome;
  } catch (error) {
    // An unexpected throw may have happened after the request left, so the
    // batch is retried later under the same key rather than failed.
    log.error({ err: error, batch: batch.key }, "batch send threw");
    return {
      kind: "retry",
      afterMs: 0,
      reason: "Sending failed unexpectedly.",
      rateLimited: false,
    };
  }
}

/**
 * After a rate limit, wait as asked and carry on; after an outage, stop and
 * leave the rest to the next run, so a broken provider is not hammered.
 */
async function waitBeforeNext(
  outcome: BatchOutcome,
  deadline?: number,
): Promise<boolean> {
  if (outcome.kind !== "retry") return true;
  if (!outcome.rateLimited) return false;
  const wait = Math.min(outcome.afterMs, MAX_IN_PROCESS_WAIT_MS);
  if (deadline !== undefined && Date.now() + wait > deadline) return false;
  await sleep(wait);
  return true;
}

function passed(deadline?: number): boolean {
  return deadline !== undefined && Date.now() >= deadline;
}

function add(totals: DrainResult, step: RecordedCounts): void {
  totals.sent += step.sent;
  totals.failed += step.failed;
  totals.retried += step.retried;
}

interface KickState {
  running: Promise<void> | null;
  again: boolean;
}
const KICK_LIMIT = 1000;
const kickHolder = globalThis as { __outboxKick?: KickState };

/**
 * Starts draining the outbox in this process without waiting for it, e.g.
 * right after an admin queues invitations. Concurrent kicks share one run
 * (a kick during a run asks for one more pass); errors are logged, never thrown.
 */
export function kickOutbox(): void {
  kickHolder.__outboxKick ??= { running: null, again: false };
  const state = kickHolder.__outboxKick;
  if (state.running) {
    state.again = true;
    return;
  }
  state.running = runKicked(state).finally(() => {
    state.running = null;
  });
}

async function runKicked(state: KickState): Promise<void> {
  const log = childLogger({ job: "send-emails", trigger: "kick" });
  try {
    let more = true;
    while (more) {
      state.again = false;
      const result = await drainOutbox({ log, limit: KICK_LIMIT });
      // A full run means more may be waiting; a short one means the outbox is
      // empty or the provider asked us to stop, so only a new kick goes on.
      more = state.again || result.claimed >= KICK_LIMIT;
    }
  } catch (error) {
    log.error({ err: error }, "outbox kick failed; the scheduled job will retry");
  }
}

/** Resolves when the kicked run (if any) has finished: for tests and scripts. */
export async function outboxIdle(): Promise<void> {
  while (kickHolder.__outboxKick?.running) await kickHolder.__outboxKick.running;
}
