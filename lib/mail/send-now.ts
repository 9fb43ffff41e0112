import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { emailOutbox } from "@/lib/db/schema";
import { type QueuedEmail, queueEmail } from "./outbox";
import { type DrainResult, drainOutbox } from "./worker";

/**
 * Queues one message and sends it at once, ahead of any bulk send waiting in
 * the outbox: for mail a person is waiting for, such as an admin's sign-in
 * link. It still goes through the outbox, so it is recorded and never sent
 * twice, and a failure is left for the scheduled job to retry.
 */
export async function sendEmailNow(message: QueuedEmail): Promise<DrainResult> {
  const db = getDb();
  await db.transaction((tx) => queueEmail(tx, message));
  const [row] = await db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(eq(emailOutbox.idempotencyKey, message.idempotencyKey));
  return drainOutbox({ onlyIds: row ? [row.id] : [], limit: 1 });
}
