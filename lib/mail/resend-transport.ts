import { type CreateBatchOptions, type ErrorResponse, Resend } from "resend";
import { acquireSendSlot, holdSendsFor } from "./pace";
import type {
  BatchOutcome,
  MailTransport,
  MessageResult,
  OutgoingMessage,
} from "./transport";

type BatchData = {
  data: { id: string }[];
  errors?: { index: number; message: string }[];
};

/**
 * Sends through Resend's batch endpoint with permissive validation, so one
 * bad address is reported on its own and the rest of the batch still goes.
 * The client is built here, after the environment is read, because the SDK
 * takes RESEND_BASE_URL when it is constructed.
 */
export function resendTransport(apiKey: string, from: string): MailTransport {
  const client = new Resend(apiKey);
  return {
    name: "resend",
    async sendBatch(messages, idempotencyKey) {
      const release = await acquireSendSlot();
      const response = await client.batch
        .send(toPayload(messages, from), {
          idempotencyKey,
          batchValidation: "permissive",
        })
        .finally(release);
      if (response.error) return failureOutcome(response.error, response.headers);
      return {
        kind: "accepted",
        results: resultsInOrder(messages.length, response.data),
      };
    },
  };
}

function toPayload(messages: OutgoingMessage[], from: string): CreateBatchOptions {
  return messages.map((message) => ({
    from,
    to: [message.to],
    subject: message.subject,
    html: message.html,
    text: message.text,
  }));
}

/** Resend lists ids only for the emails it created, in request order. */
function resultsInOrder(count: number, body: BatchData): MessageResult[] {
  const reasons = new Map(
    (body.errors ?? []).map((error) => [error.index, error.message]),
  );
  const ids = body.data.map((entry) => entry.id);
  const results: MessageResult[] = [];
  for (let index = 0; index < count; index += 1) {
    const reason = reasons.get(index);
    if (reason !== undefined) {
      results.push({ ok: false, reason });
      continue;
    }
    const id = ids.shift();
    results.push(id ? { ok: true, providerId: id } : { ok: false, reason: MISSING_ID });
  }
  return results;
}

const MISSING_ID =
  "Resend accepted the batch but returned no id for this message; check the Resend dashboard before sending it again.";

function failureOutcome(
  error: ErrorResponse,
  headers: Record<string, string> | null,
): BatchOutcome {
  const status = error.statusCode;
  const reason = `Resend ${status ?? "unreachable"}: ${error.message}`;
  if (status === 429) {
    const afterMs = retryAfterMs(headers) ?? 1000;
    holdSendsFor(afterMs);
    return { kind: "retry", afterMs, reason, rateLimited: true };
  }
  if (error.name === "concurrent_idempotent_requests") {
    return { kind: "retry", afterMs: 2000, reason, rateLimited: false };
  }
  if (status === null || status >= 500 || status === 401 || status === 403) {
    // Outages and a wrong API key are put right without touching the message.
    return { kind: "retry", afterMs: 0, reason, rateLimited: false };
  }
  return { kind: "rejected", reason };
}

/** retry-after in seconds (or an HTTP date), else Resend's ratelimit-reset. */
function retryAfterMs(headers: Record<string, string> | null): number | null {
  const value = headers?.["retry-after"] ?? headers?.["ratelimit-reset"];
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}
