import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { claimBatch } from "@/lib/mail/claim";
import { recordOutcome } from "@/lib/mail/record";
import { resendTransport } from "@/lib/mail/resend-transport";
import { drainOutbox } from "@/lib/mail/worker";
import { withTestDatabase } from "@/tests/support/db";
import type { FakeResend } from "@/tests/support/fake-resend";
import {
  clearOutbox,
  expireLeases,
  forgetResend,
  makeRetriesDue,
  outboxRows,
  queueFor,
  sentCounts,
  useFakeResend,
} from "./support";

withTestDatabase();

let fake: FakeResend;

beforeAll(async () => {
  fake = await useFakeResend({
    rejectAddress: (address) =>
      address.endsWith("@refused.example") ? "The address was refused by Resend." : null,
  });
});

afterAll(async () => {
  forgetResend();
  await fake.close();
});

beforeEach(async () => {
  fake.reset();
  await clearOutbox();
});

/** 250 leads: mostly good, some blank, some malformed, some Resend refuses. */
function leadAddresses(): { all: string[]; good: string[] } {
  const all: string[] = [];
  const good: string[] = [];
  for (let i = 0; i < 250; i += 1) {
    let address = `lead.${i}@trust${i % 7}.nhs.uk`;
    if (i % 50 === 3) address = "";
    else if (i % 50 === 17) address = `lead.${i}.at.nowhere`;
    else if (i % 50 === 29) address = `lead ${i}@nhs.net`;
    else if (i % 50 === 41) address = `lead.${i}@refused.example`;
    else good.push(address);
    all.push(address);
  }
  return { all, good };
}

describe("drainOutbox through the Resend SDK", () => {
  it("sends 250 leads' emails once each, through a 429 burst, failing bad addresses with a reason", async () => {
    const { all, good } = leadAddresses();
    const ids = await queueFor(all, "lead");
    fake.inject429(2, 1);

    const result = await drainOutbox({ limit: 10_000 });

    const rows = await outboxRows(ids);
    const counts = sentCounts(fake);
    expect(fake.duplicates()).toEqual([]);
    expect([...counts.keys()].sort()).toEqual([...good].sort());
    expect(rows.filter((r) => r.status === "sent")).toHaveLength(good.length);
    for (const row of rows.filter((r) => r.status === "sent")) {
      expect(fake.messages.some((m) => m.id === row.providerMessageId)).toBe(true);
      // Resend has it: the body and its link are no longer kept here.
      expect([row.html, row.text]).toEqual(["", ""]);
    }
    expect(fake.messages.every((m) => String(m.text).includes("/review/t"))).toBe(true);
    const failed = rows.filter((r) => r.status === "failed");
    // A failed message keeps its body, so that it can be sent again.
    expect(failed.every((r) => r.text.length > 0 && r.html.length > 0)).toBe(true);
    expect(failed).toHaveLength(250 - good.length);
    expect(failed.find((r) => r.to === "")?.lastError).toMatch(/blank/);
    expect(failed.find((r) => r.to.endsWith(".at.nowhere"))?.lastError).toMatch(
      /not an email/,
    );
    expect(failed.find((r) => r.to.endsWith("@refused.example"))?.lastError).toMatch(
      /refused/,
    );
    expect(result.sent).toBe(good.length);
    expect(result.failed).toBe(250 - good.length);

    const batchCalls = fake.requests.filter((r) => r.path === "/emails/batch");
    expect(batchCalls.filter((r) => r.status === 429)).toHaveLength(2);
    expect(batchCalls.every((r) => r.batchValidation === "permissive")).toBe(true);
    expect(batchCalls.every((r) => r.idempotencyKey?.startsWith("outbox-batch-"))).toBe(
      true,
    );
    expect(batchCalls.every((r) => (r.body as unknown[]).length <= 100)).toBe(true);
  });

  it("never sends again on a re-run", async () => {
    await queueFor(["a@nhs.net", "b@nhs.net"], "rerun");
    await drainOutbox();
    const second = await drainOutbox();
    await makeRetriesDue();
    await expireLeases();
    const third = await drainOutbox();

    expect(second.claimed + third.claimed).toBe(0);
    expect(fake.messages).toHaveLength(2);
  });

  it("sends exactly once with two workers at once", async () => {
    const addresses = Array.from({ length: 450 }, (_, i) => `pair.${i}@nhs.net`);
    const ids = await queueFor(addresses, "pair");
    fake.setLatency(15);

    const [a, b] = await Promise.all([drainOutbox(), drainOutbox()]);
    fake.setLatency(0);

    expect(a.sent + b.sent).toBe(450);
    expect(fake.messages).toHaveLength(450);
    expect(fake.duplicates()).toEqual([]);
    const rows = await outboxRows(ids);
    expect(rows.every((row) => row.status === "sent" && row.attempts === 1)).toBe(true);
  });
});

describe("a worker that dies mid-run", () => {
  it("claimed but never sent: the batch is sent once after the lease runs out", async () => {
    const ids = await queueFor(["dead.1@nhs.net", "dead.2@nhs.net"], "abandon");
    const abandoned = await claimBatch(getDb(), { size: 100, leaseSeconds: 120 });
    expect(abandoned?.messages).toHaveLength(2);

    const whileLeased = await drainOutbox();
    expect(whileLeased.claimed).toBe(0);

    await expireLeases();
    const restarted = await drainOutbox();

    expect(restarted.sent).toBe(2);
    expect(fake.messages).toHaveLength(2);
    const rows = await outboxRows(ids);
    expect(rows.map((row) => [row.status, row.attempts])).toEqual([
      ["sent", 2],
      ["sent", 2],
    ]);
  });

  it("sent but died before recording: the retry reuses the key and Resend does not send again", async () => {
    const ids = await queueFor(["crash.1@nhs.net", "crash.2@nhs.net", ""], "crash");
    const batch = await claimBatch(getDb(), { size: 100, leaseSeconds: 120 });
    const transport = resendTransport(fake.apiKey, process.env.EMAIL_FROM ?? "");
    await transport.sendBatch(batch?.messages ?? [], batch?.key ?? "");
    // The worker is "killed" here: nothing recorded, rows still held.

    await expireLeases();
    const restarted = await drainOutbox();

    expect(restarted.sent).toBe(2);
    expect(fake.messages).toHaveLength(2);
    const keys = fake.requests.map((r) => r.idempotencyKey);
    expect(keys).toEqual([batch?.key, batch?.key]);
    const rows = await outboxRows(ids);
    expect(
      rows.filter((row) => row.status === "sent").map((row) => row.providerMessageId),
    ).toEqual(fake.messages.map((m) => m.id));
  });

  it("a late worker whose lease was taken over records nothing", async () => {
    const ids = await queueFor(["late@nhs.net"], "late");
    const slow = await claimBatch(getDb(), { size: 100, leaseSeconds: 120 });
    await expireLeases();
    await drainOutbox();

    if (!slow) throw new Error("expected a claim");
    const counts = await recordOutcome(getDb(), slow, {
      kind: "rejected",
      reason: "should not land",
    });

    expect(counts).toEqual({ sent: 0, failed: 0, retried: 0 });
    const [row] = await outboxRows(ids);
    expect(row.status).toBe("sent");
    expect(row.lastError).toBeNull();
  });
});

describe("provider trouble", () => {
  it("an outage defers the batch with backoff and stops the run; the retry sends once", async () => {
    const ids = await queueFor(["outage.1@nhs.net", "outage.2@nhs.net"], "outage");
    // The worker's two lanes may claim both messages in one batch or one
    // each: every request of this first drain fails, however many it makes.
    fake.inject500(2);

    const first = await drainOutbox();
    fake.inject500(0);
    const failedKeys = new Set(fake.requests.map((r) => r.idempotencyKey));
    const rows = await outboxRows(ids);
    expect(first).toMatchObject({ claimed: 2, sent: 0, retried: 2 });
    expect(rows.every((row) => row.status === "pending")).toBe(true);
    expect(rows[0].lastError).toMatch(/Resend 500/);
    expect(rows[0].nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);

    expect((await drainOutbox()).claimed).toBe(0);
    await makeRetriesDue();
    const second = await drainOutbox();

    expect(second.sent).toBe(2);
    expect(fake.messages).toHaveLength(2);
    expect(fake.duplicates()).toEqual([]);
    // Each retry went out under the key of the batch that failed.
    expect(new Set(fake.requests.map((r) => r.idempotencyKey))).toEqual(failedKeys);
  });

  it("a wrong API key keeps the messages pending rather than failing them", async () => {
    const ids = await queueFor(["wrongkey@nhs.net"], "wrongkey");
    process.env.RESEND_API_KEY = "re_wrong";
    try {
      await drainOutbox();
    } finally {
      process.env.RESEND_API_KEY = fake.apiKey;
    }
    const [row] = await outboxRows(ids);
    expect(row.status).toBe("pending");
    expect(row.lastError).toMatch(/403/);
    expect(fake.messages).toHaveLength(0);
  });
});

describe("pacing and retrying", () => {
  it("keeps under a 2 requests/second limit without a single 429", async () => {
    await queueFor(
      Array.from({ length: 500 }, (_, i) => `paced.${i}@nhs.net`),
      "paced",
    );
    fake.setRateLimit(2);
    process.env.RESEND_RATE_LIMIT = "2";
    try {
      const started = Date.now();
      const result = await drainOutbox();
      expect(result.sent).toBe(500);
      expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    } finally {
      fake.setRateLimit(undefined);
      process.env.RESEND_RATE_LIMIT = "1000";
    }
    expect(fake.requests.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it("after a 429 with retry-after: 2, waits at least 2 s before the retry, and sends once", async () => {
    const ids = await queueFor(["patient@nhs.net"], "retry-after");
    fake.inject429(1, 2);

    const result = await drainOutbox();

    expect(result.sent).toBe(1);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
    const [limited, retried] = fake.requests;
    expect(retried.at - limited.at).toBeGreaterThanOrEqual(2000);
    expect(retried.idempotencyKey).toBe(limited.idempotencyKey);
    expect(fake.messages.map((m) => m.to)).toEqual([["patient@nhs.net"]]);
    const [row] = await outboxRows(ids);
    expect(row).toMatchObject({ status: "sent", attempts: 2 });
  });
});
