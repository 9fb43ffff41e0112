import { sql } from "drizzle-orm";
import { Webhook } from "svix";
import { z } from "zod";
import { type Executor, getDb, rowsOf } from "@/lib/db/client";
import { webhookEvents } from "@/lib/db/schema";

/** Resend event types we keep, and the delivery status each records. */
const deliveryStatusFor: Record<string, string> = {
  "email.delivered": "delivered",
  "email.bounced": "bounced",
  "email.complained": "complained",
  "email.delivery_delayed": "delayed",
};

const resendEvent = z.object({
  type: z.string().min(1),
  created_at: z.string().optional(),
  data: z
    .object({
      email_id: z.string().optional(),
      bounce: z.object({ message: z.string().optional() }).partial().optional(),
    })
    .partial()
    .optional(),
});

export type WebhookResult = { status: number; body: Record<string, unknown> };

/** Resend's events are a few kilobytes; anything far larger is not one. */
export const WEBHOOK_MAX_BYTES = 256 * 1024;

/**
 * The body as text, or null once it passes `limit` bytes (declared or sent):
 * an unsigned post cannot make the server hold a gigabyte.
 */
export async function readBodyUpTo(
  request: Request,
  limit: number,
): Promise<string | null> {
  if (Number(request.headers.get("content-length") ?? 0) > limit) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  // Decoded as Request.text() would (UTF-8, a leading BOM dropped).
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/**
 * Handles one Resend webhook delivery: checks the Svix signature on the raw
 * body, ignores a delivery already seen (by svix-id), and records the
 * delivery status on the outbox row with that provider message id.
 */
export async function handleResendWebhook(
  rawBody: string,
  headers: Headers,
): Promise<WebhookResult> {
  const secret = process.env.RESEND_WEBHOOK_SECRET;
  if (!secret) {
    return {
      status: 503,
      body: { error: "Webhooks are turned off: RESEND_WEBHOOK_SECRET is not set." },
    };
  }
  const svixHeaders = {
    "svix-id": headers.get("svix-id") ?? "",
    "svix-timestamp": headers.get("svix-timestamp") ?? "",
    "svix-signature": headers.get("svix-signature") ?? "",
  };
  const event = verified(secret, rawBody, svixHeaders);
  if (!event) return { status: 400, body: { error: "The signature does not match." } };

  return getDb().transaction(async (tx) => {
    const fresh = await tx
      .insert(webhookEvents)
      .values({ id: svixHeaders["svix-id"], type: event.type })
      .onConflictDoNothing()
      .returning({ id: webhookEvents.id });
    if (fresh.length === 0) return { status: 200, body: { ok: true, replay: true } };

    const updated = await recordDelivery(tx, event);
    return { status: 200, body: { ok: true, updated } };
  });
}

function verified(
  secret: string,
  rawBody: string,
  headers: Record<string, string>,
): z.infer<typeof resendEvent> | null {
  try {
    const payload = new Webhook(secret).verify(rawBody, headers);
    const parsed = resendEvent.safeParse(payload);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Newer news wins, except that "delayed" never overwrites a final status:
 * Resend may deliver events out of order.
 */
async function recordDelivery(
  tx: Executor,
  event: z.infer<typeof resendEvent>,
): Promise<number> {
  const status = deliveryStatusFor[event.type];
  const emailId = event.data?.email_id;
  if (!status || !emailId) return 0;
  const at =
    event.created_at && !Number.isNaN(Date.parse(event.created_at))
      ? new Date(event.created_at).toISOString()
      : new Date().toISOString();
  const bounceReason =
    status === "bounced" ? (event.data?.bounce?.message ?? "Bounced") : null;
  const rows = rowsOf(
    await tx.execute(sql`
      update email_outbox
      set delivery_status = ${status}, delivery_updated_at = ${at}::timestamptz,
          last_error = coalesce(${bounceReason}, last_error)
      where provider_message_id = ${emailId}
        and (delivery_updated_at is null or delivery_updated_at <= ${at}::timestamptz)
        and not (${status} = 'delayed'
          and coalesce(delivery_status, '') in ('delivered', 'bounced', 'complained'))
      returning id`),
  );
  return rows.length;
}
