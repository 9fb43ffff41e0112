import type { MailTransport, OutgoingMessage } from "./transport";

const linkPattern = /https?:\/\/[^\s<>"'\])]+/g;

/** The provider id of a message kept here: it was never sent anywhere. */
export const LOCAL_ID_PREFIX = "local-";

/**
 * Without a Resend key nothing leaves the machine: the message stays in the
 * outbox (shown at /admin/outbox) and its recipient and links are printed for
 * the developer. This writes to stdout directly because the logger redacts
 * links on purpose; it runs only in this local mode, and prints no link in
 * production.
 */
export function localTransport(): MailTransport {
  return {
    name: "local",
    async sendBatch(messages) {
      for (const message of messages) process.stdout.write(describe(message));
      return {
        kind: "accepted",
        results: messages.map((message) => ({
          ok: true,
          providerId: `${LOCAL_ID_PREFIX}${message.id}`,
        })),
      };
    },
  };
}

function describe(message: OutgoingMessage): string {
  // In production stdout is the log, and a link is a review token or a sign-in:
  // there the outbox page is the only place to read them.
  const links =
    process.env.NODE_ENV === "production"
      ? []
      : [...new Set(message.text.match(linkPattern) ?? [])];
  const lines = [
    "",
    `[mail] not sent (no RESEND_API_KEY); kept in the outbox as #${message.id}`,
    `  to:      ${message.to}`,
    `  subject: ${message.subject}`,
    ...links.map((link) => `  link:    ${link}`),
    "",
  ];
  return lines.join("\n");
}
