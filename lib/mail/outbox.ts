import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db/client";
import { emailOutbox } from "@/lib/db/schema";
import { normaliseEmail } from "@/lib/users/email";

export interface QueuedEmail {
  kind: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** One per message, e.g. `invitation:<campaign>:<lead>:<link>`; a repeat is ignored. */
  idempotencyKey: string;
  campaignId?: number | null;
  leadId?: number | null;
}

/**
 * Puts a message in the outbox inside the caller's transaction, so it is sent
 * after commit or not at all. Returns false when the key was already queued.
 */
export async function queueEmail(tx: Executor, message: QueuedEmail): Promise<boolean> {
  const inserted = await tx
    .insert(emailOutbox)
    .values({
      kind: message.kind,
      toEmail: normaliseEmail(message.to),
      subject: message.subject,
      html: message.html,
      text: message.text,
      idempotencyKey: message.idempotencyKey,
      campaignId: message.campaignId ?? null,
      leadId: message.leadId ?? null,
    })
    .onConflictDoNothing({ target: emailOutbox.idempotencyKey })
    .returning({ id: emailOutbox.id });
  return inserted.length > 0;
}

/**
 * Puts a failed message back in the queue, optionally to a corrected address,
 * inside the caller's transaction (with its audit event). Only a failed
 * message can be retried this way, so nothing already sent goes twice; to
 * send again something that was sent, queue a new message with a new key.
 * Returns false when the message is not failed (or does not exist).
 */
export async function retryFailedEmail(
  tx: Executor,
  id: number,
  correctedTo?: string,
): Promise<boolean> {
  const updated = await tx
    .update(emailOutbox)
    .set({
      ...(correctedTo === undefined ? {} : { toEmail: normaliseEmail(correctedTo) }),
      status: "pending",
      lastError: null,
      // A new batch and key: the old batch's request is not repeated with a changed message.
      batchKey: null,
      lockedUntil: null,
      nextAttemptAt: sql`now()`,
      deliveryStatus: null,
      deliveryUpdatedAt: null,
      providerMessageId: null,
    })
    .where(and(eq(emailOutbox.id, id), eq(emailOutbox.status, "failed")))
    .returning({ id: emailOutbox.id });
  return updated.length > 0;
}
