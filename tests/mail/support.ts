import { inArray, sql } from "drizzle-orm";
import { getDb, rowsOf } from "@/lib/db/client";
import { emailOutbox } from "@/lib/db/schema";
import { queueEmail } from "@/lib/mail/outbox";
import { type FakeResend, startFakeResend } from "@/tests/support/fake-resend";

/** Points the app's mailer at a fresh fake Resend API. */
export async function useFakeResend(options: Parameters<typeof startFakeResend>[0] = {}) {
  const fake = await startFakeResend({ apiKey: "re_test_mail", ...options });
  process.env.RESEND_API_KEY = fake.apiKey;
  process.env.RESEND_BASE_URL = fake.url;
  process.env.EMAIL_FROM = "Subscriber Review <review@example.org>";
  process.env.RESEND_RATE_LIMIT = "1000";
  return fake;
}

export function forgetResend(): void {
  delete process.env.RESEND_API_KEY;
  delete process.env.RESEND_BASE_URL;
  delete process.env.RESEND_RATE_LIMIT;
}

/** Queues one invitation-like message per address, as the app would. */
export async function queueFor(addresses: string[], prefix = "test"): Promise<number[]> {
  const db = getDb();
  await db.transaction(async (tx) => {
    for (const [index, to] of addresses.entries()) {
      await queueEmail(tx, {
        kind: "invitation",
        to,
        subject: `Please review (${index})`,
        html: `<p>Review link for ${index}: http://localhost:3000/review/t${index}</p>`,
        text: `Review link for ${index}: http://localhost:3000/review/t${index}`,
        idempotencyKey: `${prefix}:${index}`,
      });
    }
  });
  const rows = await db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(sql`${emailOutbox.idempotencyKey} like ${`${prefix}:%`}`);
  return rows.map((row) => row.id);
}

export async function outboxRows(ids?: number[]) {
  const db = getDb();
  const query = db
    .select({
      id: emailOutbox.id,
      to: emailOutbox.toEmail,
      status: emailOutbox.status,
      attempts: emailOutbox.attempts,
      lastError: emailOutbox.lastError,
      providerMessageId: emailOutbox.providerMessageId,
      batchKey: emailOutbox.batchKey,
      deliveryStatus: emailOutbox.deliveryStatus,
      nextAttemptAt: emailOutbox.nextAttemptAt,
      html: emailOutbox.html,
      text: emailOutbox.text,
    })
    .from(emailOutbox);
  const rows = ids ? await query.where(inArray(emailOutbox.id, ids)) : await query;
  return rows.sort((a, b) => a.id - b.id);
}

/** Makes every retry due now, as if the wait had passed. */
export async function makeRetriesDue(): Promise<void> {
  await getDb().execute(
    sql`update email_outbox set next_attempt_at = now() - interval '1 second'
        where status = 'pending'`,
  );
}

/** Ends every lease, as if the worker holding it had died long ago. */
export async function expireLeases(): Promise<void> {
  await getDb().execute(
    sql`update email_outbox set locked_until = now() - interval '1 second'
        where status = 'sending'`,
  );
}

export async function clearOutbox(): Promise<void> {
  rowsOf(await getDb().execute(sql`delete from email_outbox`));
}

/** Each accepted address must appear exactly once at the fake. */
export function sentCounts(fake: FakeResend): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of fake.messages) {
    for (const to of message.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  }
  return counts;
}
