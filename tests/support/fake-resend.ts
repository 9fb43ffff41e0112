/**
 * A fake Resend API on 127.0.0.1, for tests, the e2e journey and the bench.
 * Drive it through the real `resend` SDK by pointing RESEND_BASE_URL at `url`
 * (before the client is constructed) and RESEND_API_KEY at `apiKey`.
 *
 *   const fake = await startFakeResend({ apiKey: "re_test" });
 *   process.env.RESEND_BASE_URL = fake.url;
 *   ...
 *   fake.messages     // every email it accepted, once each: { id, to, subject, html, text, ... }
 *   fake.requests     // every request: method, path, status, idempotencyKey, body
 *   fake.inject429(3, 2) // the next 3 calls answer 429 with retry-after: 2
 *   const held = fake.hold({ pass: 1, accept: true }) // the 2nd call from now never answers
 *   await held.arrived(1) // ...and it has arrived (a test kills the worker here)
 *   await fake.close();
 *
 * Behaves like Resend where the app depends on it:
 * - POST /emails (one email) and POST /emails/batch (up to 100), both needing
 *   `Authorization: Bearer <apiKey>` (401 without, 403 with a wrong key).
 * - Batch validation from the `x-batch-validation` header: `strict` (default)
 *   refuses the whole batch with 422 if any email is invalid; `permissive`
 *   answers `{ data: [{ id }] for the created ones, errors: [{ index, message }] }`.
 * - An invalid email: missing/invalid `to`, `from` or `subject`, no html/text,
 *   or an address matched by `options.rejectAddress` (to simulate Resend refusing one).
 * - Idempotency-Key: the same key with the same body replays the first answer
 *   without sending again; with a different body, 409 invalid_idempotent_request;
 *   while the first is still in flight, 409 concurrent_idempotent_requests.
 * - Rate limit: `rateLimitPerSecond` requests in any sliding second, then 429
 *   rate_limit_exceeded with `retry-after` (seconds) and `ratelimit-*` headers.
 * - `latencyMs` delays every answer.
 * - `hold()` keeps requests open without an answer, so a test can kill the
 *   worker at a known point: before the fake took the emails, or after it took
 *   them (and kept the answer for a retry under the same key) but before the
 *   worker could hear of it.
 *
 * Run standalone (the bench does, so its memory is not counted as the worker's):
 *   npx tsx tests/support/fake-resend.ts [--rate 2] [--latency 20] [--key re_test]
 * prints one JSON line `{ "url": ..., "apiKey": ... }`; send {"cmd":"stats"} on
 * stdin to get `{ requests, messages, statuses, duplicates }` back.
 */
import { createHash, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeResendOptions {
  apiKey?: string;
  /** Requests allowed in any one-second window; unlimited when unset. */
  rateLimitPerSecond?: number;
  /** Delay before each answer, in ms. */
  latencyMs?: number;
  /** A reason to refuse one address (as Resend's validation would), else null. */
  rejectAddress?: (address: string) => string | null;
  /** Keep html/text of accepted messages (default true; the bench turns it off). */
  keepBodies?: boolean;
}

export interface FakeEmail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html?: string;
  text?: string;
  idempotencyKey: string | null;
  at: number;
}

export interface FakeRequest {
  method: string;
  path: string;
  /** The status answered; 0 while unanswered, and for good when held. */
  status: number;
  idempotencyKey: string | null;
  batchValidation: string | null;
  authorization: string | null;
  body: unknown;
  at: number;
}

export interface HoldOptions {
  /** Requests from now answered as usual before holding starts (default 0). */
  pass?: number;
  /** Requests held after those (default 1); later ones are answered again. */
  count?: number;
  /**
   * Take the held requests' emails first, keeping the answer for a retry under
   * the same idempotency key, as if Resend had them (default false: the
   * requests are held on arrival and nothing of them is processed).
   */
  accept?: boolean;
}

export interface HeldRequests {
  /** Resolves with the first `count` held requests once they have all arrived. */
  arrived(count?: number): Promise<FakeRequest[]>;
}

export interface FakeResend {
  url: string;
  apiKey: string;
  requests: FakeRequest[];
  messages: FakeEmail[];
  /** The next `calls` requests answer 429 with `retry-after: retryAfterSeconds`. */
  inject429(calls: number, retryAfterSeconds?: number): void;
  /** The next `calls` requests answer 500 (an outage). */
  inject500(calls: number): void;
  setLatency(ms: number): void;
  setRateLimit(perSecond: number | undefined): void;
  /** Holds requests open, never answering them (replaces an earlier hold). */
  hold(options?: HoldOptions): HeldRequests;
  /** Addresses that received more than one message. */
  duplicates(): string[];
  reset(): void;
  close(): Promise<void>;
}

type Reply = { status: number; body: unknown; headers?: Record<string, string> };
type Stored = { hash: string; reply: Reply | null };
type Hold = {
  pass: number;
  count: number;
  accept: boolean;
  /** Requests counted as held on arrival, some perhaps still being accepted. */
  taken: number;
  held: FakeRequest[];
  waiters: { count: number; resolve: (held: FakeRequest[]) => void }[];
};

const addressPattern = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export async function startFakeResend(
  options: FakeResendOptions = {},
): Promise<FakeResend> {
  const state = {
    apiKey: options.apiKey ?? "re_test_fake",
    latency: options.latencyMs ?? 0,
    rate: options.rateLimitPerSecond,
    forced429: { calls: 0, retryAfter: 1 },
    forced500: 0,
    windowStarts: [] as number[],
    idempotency: new Map<string, Stored>(),
    hold: null as Hold | null,
  };
  const requests: FakeRequest[] = [];
  const messages: FakeEmail[] = [];
  const keepBodies = options.keepBodies ?? true;

  const server = http.createServer((req, res) => {
    // A gateway counts a request when it arrives, not when its body is read.
    const arrivedAt = Date.now();
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const reply = await handle(req, raw, arrivedAt);
      if (state.latency > 0) await new Promise((r) => setTimeout(r, state.latency));
      res.writeHead(reply.status, {
        "content-type": "application/json",
        ...reply.headers,
      });
      res.end(JSON.stringify(reply.body));
    });
  });

  async function handle(
    req: http.IncomingMessage,
    raw: string,
    arrivedAt: number,
  ): Promise<Reply> {
    const path = (req.url ?? "/").split("?")[0];
    const header = (name: string) => {
      const value = req.headers[name];
      return typeof value === "string" ? value : null;
    };
    const record: FakeRequest = {
      method: req.method ?? "GET",
      path,
      status: 0,
      idempotencyKey: header("idempotency-key"),
      batchValidation: header("x-batch-validation"),
      authorization: header("authorization"),
      body: parseJson(raw),
      at: arrivedAt,
    };
    requests.push(record);
    const hold = takeHold();
    if (hold && !hold.accept) return holdOpen(hold, record);
    const reply = await route(record, raw);
    if (hold) return holdOpen(hold, record);
    record.status = reply.status;
    return reply;
  }

  /** The hold this request falls under, if any, counting it off. */
  function takeHold(): Hold | null {
    const hold = state.hold;
    if (!hold) return null;
    if (hold.pass > 0) {
      hold.pass -= 1;
      return null;
    }
    if (hold.taken >= hold.count) return null;
    hold.taken += 1;
    return hold;
  }

  /** Never settles: the request stays open until its client goes away. */
  function holdOpen(hold: Hold, record: FakeRequest): Promise<never> {
    hold.held.push(record);
    for (const waiter of hold.waiters.filter((w) => w.count <= hold.held.length)) {
      waiter.resolve(hold.held.slice(0, waiter.count));
    }
    hold.waiters = hold.waiters.filter((w) => w.count > hold.held.length);
    return new Promise<never>(() => {});
  }

  async function route(request: FakeRequest, raw: string): Promise<Reply> {
    const auth = checkAuth(request.authorization);
    if (auth) return auth;
    if (state.forced429.calls > 0) {
      state.forced429.calls -= 1;
      return tooMany(state.forced429.retryAfter);
    }
    const limited = rateLimited(request.at);
    if (limited) return limited;
    if (state.forced500 > 0) {
      state.forced500 -= 1;
      return error(500, "internal_server_error", "Something went wrong on our side.");
    }
    if (
      request.method !== "POST" ||
      !["/emails", "/emails/batch"].includes(request.path)
    ) {
      return error(404, "not_found", "The requested endpoint does not exist.");
    }
    return withIdempotency(request, raw, () => send(request));
  }

  function checkAuth(authorization: string | null): Reply | null {
    if (!authorization?.startsWith("Bearer ")) {
      return error(
        401,
        "missing_api_key",
        "Missing API key in the authorization header.",
      );
    }
    if (authorization.slice(7) !== state.apiKey) {
      return error(403, "invalid_api_key", "API key is invalid.");
    }
    return null;
  }

  function rateLimited(now: number): Reply | null {
    if (!state.rate) return null;
    state.windowStarts = state.windowStarts.filter((t) => t > now - 1000);
    if (state.windowStarts.length >= state.rate) {
      const wait = Math.ceil((state.windowStarts[0] + 1000 - now) / 1000);
      return tooMany(Math.max(1, wait));
    }
    state.windowStarts.push(now);
    return null;
  }

  function tooMany(retryAfter: number): Reply {
    return {
      ...error(
        429,
        "rate_limit_exceeded",
        "Too many requests. You can only make 2 requests per second.",
      ),
      headers: {
        "retry-after": String(retryAfter),
        "ratelimit-limit": String(state.rate ?? 2),
        "ratelimit-remaining": "0",
        "ratelimit-reset": String(retryAfter),
      },
    };
  }

  async function withIdempotency(
    request: FakeRequest,
    raw: string,
    run: () => Reply,
  ): Promise<Reply> {
    const key = request.idempotencyKey;
    if (!key) return run();
    const hash = createHash("sha256").update(`${request.path}\n${raw}`).digest("hex");
    const stored = state.idempotency.get(key);
    if (stored && stored.hash !== hash) {
      return error(
        409,
        "invalid_idempotent_request",
        "Same idempotency key used with a different request payload.",
      );
    }
    if (stored && !stored.reply) {
      return error(
        409,
        "concurrent_idempotent_requests",
        "Same idempotency key used while the original request is still in progress.",
      );
    }
    if (stored?.reply) return stored.reply;
    const entry: Stored = { hash, reply: null };
    state.idempotency.set(key, entry);
    // Yield once, so a concurrent duplicate can see the request in flight.
    await new Promise((r) => setImmediate(r));
    const reply = run();
    if (reply.status < 300) entry.reply = reply;
    else state.idempotency.delete(key);
    return reply;
  }

  function send(request: FakeRequest): Reply {
    const key = request.idempotencyKey;
    if (request.path === "/emails") {
      const problem = invalid(request.body);
      if (problem) return error(422, "validation_error", problem);
      return { status: 200, body: { id: accept(request.body as EmailBody, key) } };
    }
    return sendBatch(request.body, request.batchValidation ?? "strict", key);
  }

  function sendBatch(body: unknown, mode: string, key: string | null): Reply {
    if (!Array.isArray(body) || body.length === 0 || body.length > 100) {
      return error(
        422,
        "validation_error",
        "The batch must be an array of 1 to 100 emails.",
      );
    }
    const problems = body.map((email) => invalid(email));
    const firstProblem = problems.find((p) => p !== null);
    if (mode !== "permissive" && firstProblem) {
      return error(422, "validation_error", firstProblem);
    }
    const data: { id: string }[] = [];
    const errors: { index: number; message: string }[] = [];
    body.forEach((email, index) => {
      const problem = problems[index];
      if (problem) errors.push({ index, message: problem });
      else data.push({ id: accept(email as EmailBody, key) });
    });
    return { status: 200, body: mode === "permissive" ? { data, errors } : { data } };
  }

  type EmailBody = {
    from: string;
    to: string | string[];
    subject: string;
    html?: string;
    text?: string;
  };

  function invalid(email: unknown): string | null {
    const e = email as Partial<EmailBody> | null;
    if (!e || typeof e !== "object") return "The email must be an object.";
    if (!e.from) return "The `from` field is missing.";
    const to = Array.isArray(e.to) ? e.to : e.to ? [e.to] : [];
    if (to.length === 0) return "The `to` field is missing.";
    for (const address of to) {
      if (typeof address !== "string" || !addressPattern.test(address)) {
        return `Invalid \`to\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`;
      }
      const refused = options.rejectAddress?.(address);
      if (refused) return refused;
    }
    if (!e.subject) return "The `subject` field is missing.";
    if (!e.html && !e.text) return "Either `html` or `text` must be provided.";
    return null;
  }

  function accept(email: EmailBody, key: string | null): string {
    const id = randomUUID();
    messages.push({
      id,
      from: email.from,
      to: Array.isArray(email.to) ? email.to : [email.to],
      subject: email.subject,
      html: keepBodies ? email.html : undefined,
      text: keepBodies ? email.text : undefined,
      idempotencyKey: key,
      at: Date.now(),
    });
    return id;
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey: state.apiKey,
    requests,
    messages,
    inject429(calls, retryAfterSeconds = 1) {
      state.forced429 = { calls, retryAfter: retryAfterSeconds };
    },
    inject500(calls) {
      state.forced500 = calls;
    },
    setLatency(ms) {
      state.latency = ms;
    },
    setRateLimit(perSecond) {
      state.rate = perSecond;
      state.windowStarts = [];
    },
    hold(options = {}) {
      const hold: Hold = {
        pass: options.pass ?? 0,
        count: options.count ?? 1,
        accept: options.accept ?? false,
        taken: 0,
        held: [],
        waiters: [],
      };
      state.hold = hold;
      return {
        arrived(count = 1) {
          if (hold.held.length >= count)
            return Promise.resolve(hold.held.slice(0, count));
          return new Promise((resolve) => hold.waiters.push({ count, resolve }));
        },
      };
    },
    duplicates() {
      const seen = new Map<string, number>();
      for (const m of messages)
        for (const to of m.to) seen.set(to, (seen.get(to) ?? 0) + 1);
      return [...seen].filter(([, n]) => n > 1).map(([to]) => to);
    },
    reset() {
      requests.length = 0;
      messages.length = 0;
      state.idempotency.clear();
      state.windowStarts = [];
      state.forced429 = { calls: 0, retryAfter: 1 };
      state.forced500 = 0;
      state.hold = null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function error(status: number, name: string, message: string): Reply {
  return { status, body: { statusCode: status, name, message } };
}

function parseJson(raw: string): unknown {
  try {
    return raw ? JSON.parse(raw) : null;
  } catch {
    return raw;
  }
}

/** Standalone mode: `npx tsx tests/support/fake-resend.ts --rate 2`. */
async function main(): Promise<void> {
  const arg = (name: string) => {
    const index = process.argv.indexOf(`--${name}`);
    return index > 0 ? process.argv[index + 1] : undefined;
  };
  const rate = arg("rate");
  const fake = await startFakeResend({
    apiKey: arg("key"),
    rateLimitPerSecond: rate ? Number(rate) : undefined,
    latencyMs: Number(arg("latency") ?? 0),
    keepBodies: false,
  });
  process.stdout.write(`${JSON.stringify({ url: fake.url, apiKey: fake.apiKey })}\n`);
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk: string) => {
    if (!chunk.includes("stats")) return;
    const statuses: Record<string, number> = {};
    for (const r of fake.requests) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const stats = {
      requests: fake.requests.length,
      messages: fake.messages.length,
      statuses,
      duplicates: fake.duplicates().length,
    };
    process.stdout.write(`${JSON.stringify(stats)}\n`);
  });
  process.stdin.on("end", () => void fake.close().then(() => process.exit(0)));
}

if (process.argv[1]?.endsWith("fake-resend.ts")) void main();
