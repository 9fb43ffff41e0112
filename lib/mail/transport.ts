/** One message as the worker hands it to a transport. */
export interface OutgoingMessage {
  id: number;
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** What became of one message in an accepted batch, in the batch's order. */
export type MessageResult =
  | { ok: true; providerId: string }
  | { ok: false; reason: string };

/**
 * accepted: the provider answered for each message.
 * retry: nothing was sent; try the same batch again later (429, 5xx, network).
 * rejected: the provider refused the whole batch for good (a 4xx other than 429).
 */
export type BatchOutcome =
  | { kind: "accepted"; results: MessageResult[] }
  | { kind: "retry"; afterMs: number; reason: string; rateLimited: boolean }
  | { kind: "rejected"; reason: string };

export interface MailTransport {
  readonly name: "resend" | "local";
  /** Sends up to 100 messages as one request under one idempotency key. */
  sendBatch(messages: OutgoingMessage[], idempotencyKey: string): Promise<BatchOutcome>;
}

/** Resend's batch endpoint takes at most 100 emails per call. */
export const MAX_BATCH = 100;
