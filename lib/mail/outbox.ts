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
