import { desc, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { emailOutbox } from "@/lib/db/schema";
import { LOCAL_ID_PREFIX } from "./local-transport";

/** What the admin outbox list shows of a message: never its body. */
export interface OutboxListRow {
  id: number;
  kind: string;
  toEmail: string;
  subject: string;
  status: string;
  providerMessageId: string | null;
  attempts: number;
  lastError: string | null;
  deliveryStatus: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface OutboxDetail extends OutboxListRow {
  html: string;
  text: string;
  idempotencyKey: string;
  providerMessageId: string | null;
}

export const OUTBOX_PAGE_SIZE = 50;

const listColumns = {
  id: emailOutbox.id,
  kind: emailOutbox.kind,
  toEmail: emailOutbox.toEmail,
  subject: emailOutbox.subject,
  status: emailOutbox.status,
  providerMessageId: emailOutbox.providerMessageId,
  attempts: emailOutbox.attempts,
  lastError: emailOutbox.lastError,
  deliveryStatus: emailOutbox.deliveryStatus,
  createdAt: emailOutbox.createdAt,
  sentAt: emailOutbox.sentAt,
};

/** One page of messages, newest first; one extra row tells whether more follow. */
export async function listOutbox(
  page: number,
): Promise<{ rows: OutboxListRow[]; hasMore: boolean }> {
  const rows = await getDb()
    .select(listColumns)
    .from(emailOutbox)
    .orderBy(desc(emailOutbox.id))
    .limit(OUTBOX_PAGE_SIZE + 1)
    .offset((page - 1) * OUTBOX_PAGE_SIZE);
  return {
    rows: rows.slice(0, OUTBOX_PAGE_SIZE),
    hasMore: rows.length > OUTBOX_PAGE_SIZE,
  };
}

export async function getOutboxMessage(id: number): Promise<OutboxDetail | null> {
  const [row] = await getDb()
    .select({
      ...listColumns,
      html: emailOutbox.html,
      text: emailOutbox.text,
      idempotencyKey: emailOutbox.idempotencyKey,
      providerMessageId: emailOutbox.providerMessageId,
    })
    .from(emailOutbox)
    .where(eq(emailOutbox.id, id))
    .limit(1);
  return row ?? null;
}

/**
 * The web links in a plain-text part, in order and without repeats: in local
 * mode this is how a developer opens a review or sign-in link.
 */
export function linksInText(text: string): string[] {
  const found = text.match(/https?:\/\/[^\s<>"')\]]+/g) ?? [];
  return [...new Set(found.map((link) => link.replace(/[.,;:]+$/, "")))];
}

const KIND_LABELS: Record<string, string> = {
  invitation: "Invitation",
  reminder: "Reminder",
  admin_sign_in: "Admin sign-in",
};

export function outboxKindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

/** Without RESEND_API_KEY a message is only kept here: say so, not "sent". */
export function outboxStatusLabel(message: {
  status: string;
  providerMessageId: string | null;
}): string {
  if (
    message.status === "sent" &&
    message.providerMessageId?.startsWith(LOCAL_ID_PREFIX)
  ) {
    return "kept here (not sent: no Resend key)";
  }
  return message.status;
}

/**
 * What every admin page says when no email leaves the machine (no
 * RESEND_API_KEY): a note in development, where that is the point of the
 * local outbox, and a warning in production, where it is a mistake.
 */
export function mailModeNotice(settings: {
  RESEND_API_KEY?: string;
  NODE_ENV: string;
}): { tone: "note" | "warning"; text: string } | null {
  if (settings.RESEND_API_KEY) return null;
  return settings.NODE_ENV === "production"
    ? {
        tone: "warning",
        text: "Email is not being sent: RESEND_API_KEY is not set, so invitations, reminders and sign-in links are only kept in the outbox.",
      }
    : {
        tone: "note",
        text: "Email stays on this machine (no RESEND_API_KEY).",
      };
}
