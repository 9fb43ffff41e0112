import { getDb } from "@/lib/db/client";
import { logger } from "@/lib/log";
import { queueEmail } from "@/lib/mail/outbox";
import { renderAdminSignInEmail } from "@/lib/mail/templates";
import { kickOutbox } from "@/lib/mail/worker";
import { hashToken } from "@/lib/tokens";
import { isAdminEmail } from "./admin";
import { confirmPageUrl } from "./links";

export const ADMIN_SIGN_IN_KIND = "admin_sign_in";

/**
 * Auth.js's `sendVerificationRequest`: the link goes through the app's own
 * outbox, pointing at our confirm page rather than at Auth.js's callback.
 * The signIn callback has already refused other addresses; checking again
 * here means no code path can mail a link to someone off the list.
 */
export async function sendAdminSignInEmail(params: {
  identifier: string;
  token: string;
  url: string;
}): Promise<void> {
  if (!isAdminEmail(params.identifier)) return;
  const link = confirmPageUrl({
    token: params.token,
    email: params.identifier,
    callbackUrl: new URL(params.url).searchParams.get("callbackUrl"),
  });
  await queueAdminSignInEmail(params.identifier, link);
}

/** Queues the sign-in email in its own transaction, then sends it at once. */
export async function queueAdminSignInEmail(to: string, link: string): Promise<void> {
  const message = await renderAdminSignInEmail({ url: link, host: new URL(link).host });
  await getDb().transaction(async (tx) => {
    await queueEmail(tx, {
      kind: ADMIN_SIGN_IN_KIND,
      to,
      ...message,
      idempotencyKey: `${ADMIN_SIGN_IN_KIND}:${hashToken(link)}`,
    });
  });
  logger.info({ kind: ADMIN_SIGN_IN_KIND }, "admin sign-in email queued");
  kickOutbox();
}
