import { sql } from "drizzle-orm";
import { getDb, rowsOf } from "@/lib/db/client";

export interface OutboxBacklog {
  /** Not yet sent or given up: waiting, deferred, or held by a worker. */
  remaining: number;
  /** Of those, due now (a further run would pick them up straight away). */
  due: number;
}

export async function outboxBacklog(): Promise<OutboxBacklog> {
  const [row] = rowsOf<{ remaining: number | string; due: number | string }>(
    await getDb().execute(sql`
      select count(*) as remaining,
        count(*) filter (where (status = 'pending' and next_attempt_at <= now())
          or (status = 'sending' and locked_until < now())) as due
      from email_outbox where status in ('pending', 'sending')`),
  );
  return { remaining: Number(row?.remaining ?? 0), due: Number(row?.due ?? 0) };
}
