import { randomUUID } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import { type Database, type Executor, rowsOf } from "@/lib/db/client";
import { addressProblem } from "./address";
import type { OutgoingMessage } from "./transport";

/** Namespace for the advisory locks that serialise work on one batch. */
const lockClass = sql.raw("7714");

/** A batch this worker holds until `lease` (the locked_until it wrote). */
export interface ClaimedBatch {
  key: string;
  /** locked_until as PostgreSQL printed it: proves the claim is still ours. */
  lease: string;
  messages: (OutgoingMessage & { attempts: number })[];
  /** Messages failed on the spot for a blank or malformed address. */
  failedAtOnce: number;
}

export interface ClaimOptions {
  size: number;
  leaseSeconds: number;
  /** Claim only these fresh messages (a sign-in email sent straight away). */
  onlyIds?: number[];
}

type ClaimedRow = {
  id: number | string;
  to_email: string;
  subject: string;
  html: string;
  text: string;
  attempts: number;
  locked_until: string;
};

const due = sql`((status = 'pending' and next_attempt_at <= now())
  or (status = 'sending' and locked_until < now()))`;

/**
 * Claims the next batch: first a batch that was formed before and is due again
 * (deferred after a 429, or left behind by a worker that died), resent whole
 * under its old key; otherwise up to `size` fresh messages under a new key.
 */
export async function claimBatch(
  db: Database,
  options: ClaimOptions,
): Promise<ClaimedBatch | null> {
  if (!options.onlyIds) {
    const resumed = await resumeDueBatch(db, options.leaseSeconds);
    if (resumed) return resumed;
  }
  return db.transaction((tx) => claimFresh(tx, options));
}

async function resumeDueBatch(
  db: Database,
  leaseSeconds: number,
): Promise<ClaimedBatch | null> {
  const candidates = rowsOf<{ batch_key: string }>(
    await db.execute(sql`
      select batch_key from email_outbox
      where batch_key is not null and ${due}
      group by batch_key order by min(next_attempt_at) limit 5`),
  );
  for (const { batch_key: key } of candidates) {
    const claimed = await db.transaction(async (tx) => {
      if (!(await tryLockBatch(tx, key))) return null;
      const rows = await markSending(
        tx,
        sql`batch_key = ${key} and ${due}`,
        key,
        leaseSeconds,
      );
      return rows.length > 0 ? toBatch(key, rows, 0) : null;
    });
    if (claimed) return claimed;
  }
  return null;
}

async function claimFresh(
  tx: Executor,
  options: ClaimOptions,
): Promise<ClaimedBatch | null> {
  if (options.onlyIds?.length === 0) return null;
  const only = options.onlyIds
    ? sql`and id in (${sql.join(
        options.onlyIds.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql``;
  const picked = sql`id in (
    select id from email_outbox
    where status = 'pending' and batch_key is null and next_attempt_at <= now() ${only}
    order by next_attempt_at, id
    limit ${options.size}
    for update skip locked)`;
  const key = `outbox-batch-${randomUUID()}`;
  const rows = await markSending(tx, picked, key, options.leaseSeconds);
  if (rows.length === 0) return null;

  const bad = rows.filter((row) => addressProblem(row.to_email) !== null);
  await failAtOnce(tx, bad);
  const good = rows.filter((row) => addressProblem(row.to_email) === null);
  return toBatch(key, good, bad.length);
}

async function markSending(
  tx: Executor,
  where: SQL,
  key: string,
  leaseSeconds: number,
): Promise<ClaimedRow[]> {
  const result = await tx.execute(sql`
    update email_outbox
    set status = 'sending', batch_key = ${key}, attempts = attempts + 1,
        locked_until = now() + make_interval(secs => ${leaseSeconds})
    where ${where}
    returning id, to_email, subject, html, text, attempts, locked_until::text as locked_until`);
  return rowsOf<ClaimedRow>(result);
}

/** Blank or malformed addresses fail for good with a reason, never retried. */
async function failAtOnce(tx: Executor, rows: ClaimedRow[]): Promise<void> {
  if (rows.length === 0) return;
  const reasons = rows.map((row) => ({
    id: Number(row.id),
    reason: addressProblem(row.to_email),
  }));
  await tx.execute(sql`
    update email_outbox o
    set status = 'failed', last_error = v.reason, locked_until = null, batch_key = null
    from jsonb_to_recordset(${JSON.stringify(reasons)}::jsonb) as v(id bigint, reason text)
    where o.id = v.id`);
}

function toBatch(
  key: string,
  rows: ClaimedRow[],
  failedAtOnce: number,
): ClaimedBatch | null {
  if (rows.length === 0 && failedAtOnce === 0) return null;
  const messages = rows
    .map((row) => ({
      id: Number(row.id),
      to: row.to_email,
      subject: row.subject,
      html: row.html,
      text: row.text,
      attempts: row.attempts,
    }))
    // A retried batch must be byte-for-byte the same request, so fix the order.
    .sort((a, b) => a.id - b.id);
  return { key, lease: rows[0]?.locked_until ?? "", messages, failedAtOnce };
}

async function tryLockBatch(tx: Executor, key: string): Promise<boolean> {
  const [row] = rowsOf<{ locked: boolean }>(
    await tx.execute(
      sql`select pg_try_advisory_xact_lock(${lockClass}, hashtext(${key})) as locked`,
    ),
  );
  return row?.locked === true;
}

/** Waits for any claim of the same batch to commit before recording its fate. */
export async function lockBatch(tx: Executor, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${lockClass}, hashtext(${key}))`);
}
