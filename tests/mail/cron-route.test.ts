import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/cron/send-emails/route";
import { withTestDatabase } from "@/tests/support/db";
import type { FakeResend } from "@/tests/support/fake-resend";
import {
  clearOutbox,
  forgetResend,
  outboxRows,
  queueFor,
  useFakeResend,
} from "./support";

withTestDatabase();

let fake: FakeResend;

beforeAll(async () => {
  fake = await useFakeResend();
  process.env.CRON_SECRET = "cron-test-secret";
});
afterAll(async () => {
  forgetResend();
  delete process.env.CRON_SECRET;
  await fake.close();
});
beforeEach(async () => {
  fake.reset();
  await clearOutbox();
});

function call(method: "GET" | "POST", token?: string): Request {
  return new Request("http://localhost:3000/api/cron/send-emails", {
    method,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

describe("/api/cron/send-emails", () => {
  it("refuses a call without the bearer secret and sends nothing", async () => {
    const ids = await queueFor(["cron.refused@nhs.net"], "cron-refused");
    expect((await POST(call("POST"))).status).toBe(401);
    expect((await GET(call("GET", "wrong"))).status).toBe(401);
    expect(fake.requests).toHaveLength(0);
    const [row] = await outboxRows(ids);
    expect(row).toMatchObject({ status: "pending", attempts: 0 });
  });

  it("answers 503 when CRON_SECRET is unset", async () => {
    delete process.env.CRON_SECRET;
    try {
      expect((await POST(call("POST", "anything"))).status).toBe(503);
    } finally {
      process.env.CRON_SECRET = "cron-test-secret";
    }
  });

  it("drains the outbox and answers with counts and what remains", async () => {
    await queueFor(
      Array.from({ length: 120 }, (_, i) => (i === 7 ? "broken" : `cron.${i}@nhs.net`)),
      "cron",
    );
    const response = await GET(call("GET", "cron-test-secret"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      claimed: 120,
      sent: 119,
      failed: 1,
      retried: 0,
      remaining: 0,
      due: 0,
    });
    expect(fake.messages).toHaveLength(119);
  });

  it("reports deferred messages as remaining after an outage", async () => {
    await queueFor(["cron.outage@nhs.net"], "cron-outage");
    fake.inject500(1);
    const body = await (await POST(call("POST", "cron-test-secret"))).json();
    expect(body).toMatchObject({ sent: 0, retried: 1, remaining: 1, due: 0 });
  });
});
