import { type SQL, sql } from "drizzle-orm";
import { type Database, type Executor, rowsOf } from "@/lib/db/client";
import { type ClaimedBatch, lockBatch } from "./claim";
import { LOCAL_ID_PREFIX } from "./local-transport";
import type { BatchOutcome } from "./transport";

/** After this many tries a message that keeps failing (not a 429) is given up. */
export const MAX_ATTEMPTS = 10;

export interface RecordedCounts {
  sent: number;
  failed: number;
  retried: number;
}

/**
 * Writes the outcome of one batch, only while the claim is still ours (the
 * lease we wrote is unchanged): a worker whose lease ran out and whose batch
 * was taken over records nothing, and the new holder's result stands.
 */
export async function recordOutcome(
  db: Database,
  batch: ClaimedBatch,
  outcome: BatchOutcome,
): Promise<RecordedCounts> {
  return db.transaction(async (tx) => {
    await lockBatch(tx, batch.key);
    const ours = sql`batch_key = ${batch.key} and status = 'sending'
      and locked_until = ${batch.lease}::timestamptz`;
    if (outcome.kind === "accepted") return recordAccepted(tx, batch, outcome, ours);
    if (outcome.kind === "rejected") {
      const failed = await count(
        tx.execute(sql`update email_outbox set status = 'failed', last_error = ${outcome.reason},
          locked_until = null where ${ours} returning id`),
      );
      return { sent: 0, failed, retried: 0 };
    }
    return recordRetry(tx, outcome, ours);
  });
}

async function recordAccepted(
  tx: Executor,
  batch: ClaimedBatch,
  outcome: Extract<BatchOutcome, { kind: "accepted" }>,
  ours: SQL,
): Promise<RecordedCounts> {
  const rows = batch.messages.map((message, index) => {
    const result = outcome.results[index];
    return result?.ok
      ? { id: message.id, outcome: "sent", provider_id: result.providerId, reason: null }
      : {
          id: message.id,
          outcome: "failed",
          provider_id: null,
          reason: result?.reason ?? "",
        };
  });
  // Once Resend has a message, its body (review or sign-in links, which work
  // for whoever holds them) is not kept where every admin can read it. Mail
  // kept here without a Resend key keeps its body: the outbox is its inbox.
  const handedOver = sql`v.outcome = 'sent' and v.provider_id not like ${`${LOCAL_ID_PREFIX}%`}`;
  const updated = rowsOf<{ status: string }>(
    await tx.execute(sql`
      update email_outbox o
      set status = v.outcome::outbox_status, provider_message_id = v.provider_id,
          last_error = v.reason, locked_until = null,
          sent_at = case when v.outcome = 'sent' then now() else o.sent_at end,
          html = case when ${handedOver} then '' else o.html end,
          text = case when ${handedOver} then '' else o.text end
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as v(id bigint, outcome text, provider_id text, reason text)
      where o.id = v.id and ${ours}
      returning o.status`),
  );
  const sent = updated.filter((row) => row.status === "sent").length;
  return { sent, failed: updated.length - sent, retried: 0 };
}

/**
 * Puts the batch back, keeping its key so the retry is the same request.
 * A rate limit waits as long as Resend asks; other errors back off
 * exponentially and give up after MAX_ATTEMPTS.
 */
async function recordRetry(
  tx: Executor,
  outcome: Extract<BatchOutcome, { kind: "retry" }>,
  ours: SQL,
): Promise<RecordedCounts> {
  const giveUp = outcome.rateLimited
    ? sql`false`
    : sql`attempts >= ${sql.raw(String(MAX_ATTEMPTS))}`;
  const backoff = outcome.rateLimited
    ? sql`${outcome.afterMs}::double precision`
    : sql`greatest(${outcome.afterMs}::double precision,
        least(30000 * power(2, attempts - 1), 3600000))`;
  const updated = rowsOf<{ status: string }>(
    await tx.execute(sql`
      update email_outbox
      set status = (case when ${giveUp} then 'failed' else 'pending' end)::outbox_status,
          last_error = ${outcome.reason}, locked_until = null,
          next_attempt_at = now() + make_interval(secs => ${backoff} / 1000)
      where ${ours}
      returning status`),
  );
  const failed = updated.filter((row) => row.status === "failed").length;
  return { sent: 0, failed, retried: updated.length - failed };
}

async function count(result: Promise<unknown>): Promise<number> {
  return rowsOf(await result).length;
}
