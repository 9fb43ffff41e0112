import { NextResponse } from "next/server";
import { logger } from "@/lib/log";
import {
  handleResendWebhook,
  readBodyUpTo,
  WEBHOOK_MAX_BYTES,
} from "@/lib/mail/webhooks";

export const dynamic = "force-dynamic";

/** Resend delivery events (delivered, bounced, complained, delayed), signed by Svix. */
export async function POST(request: Request): Promise<Response> {
  // The signature covers the exact bytes sent, so read the raw body, never
  // re-serialised JSON; and read no more than an event can be, since anyone
  // may post here before the signature is checked.
  const rawBody = await readBodyUpTo(request, WEBHOOK_MAX_BYTES);
  if (rawBody === null) {
    return NextResponse.json({ error: "The body is too large." }, { status: 413 });
  }
  try {
    const result = await handleResendWebhook(rawBody, request.headers);
    return NextResponse.json(result.body, { status: result.status });
  } catch (error) {
    logger.error({ err: error, route: "webhooks/resend" }, "webhook failed");
    return NextResponse.json(
      { error: "Could not record the event; please retry." },
      { status: 500 },
    );
  }
}
