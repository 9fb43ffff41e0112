import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { Webhook } from "svix";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/resend/route";
import { getDb } from "@/lib/db/client";
import { emailOutbox, webhookEvents } from "@/lib/db/schema";
import { drainOutbox } from "@/lib/mail/worker";
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

const secret = `whsec_${Buffer.from("a test signing secret, 32 bytes!").toString("base64")}`;
let outboxId: number;

beforeAll(() => {
  process.env.RESEND_WEBHOOK_SECRET = secret;
});
afterAll(() => {
  delete process.env.RESEND_WEBHOOK_SECRET;
});

beforeEach(async () => {
  await clearOutbox();
  [outboxId] = await queueFor(["hooked@nhs.net"], `hook-${randomUUID()}`);
  await getDb()
    .update(emailOutbox)
    .set({ status: "sent", providerMessageId: "re-msg-1" })
    .where(eq(emailOutbox.id, outboxId));
});

function event(
  type: string,
  createdAt = new Date(),
  extra: object = {},
  emailId = "re-msg-1",
) {
  return JSON.stringify({
    type,
    created_at: createdAt.toISOString(),
    data: { email_id: emailId, to: ["hooked@nhs.net"], ...extra },
  });
}

function signed(
  body: string,
  id = `msg_${randomUUID()}`,
  signWith = secret,
  timestamp = new Date(),
): Request {
  const signature = new Webhook(signWith).sign(id, timestamp, body);
  return new Request("http://localhost:3000/api/webhooks/resend", {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "svix-id": id,
      "svix-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
      "svix-signature": signature,
    },
  });
}

async function row() {
  const [found] = await outboxRows([outboxId]);
  return found;
}

describe("POST /api/webhooks/resend", () => {
  it("records delivered on the message with that provider id", async () => {
    const response = await POST(signed(event("email.delivered")));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, updated: 1 });
    expect((await row()).deliveryStatus).toBe("delivered");
  });

  it("records a bounce with Resend's reason, and a complaint after it", async () => {
    const bounced = event("email.bounced", new Date(), {
      bounce: { message: "Mailbox does not exist" },
    });
    await POST(signed(bounced));
    expect(await row()).toMatchObject({
      deliveryStatus: "bounced",
      lastError: "Mailbox does not exist",
    });
    await POST(signed(event("email.complained", new Date(Date.now() + 1000))));
    expect((await row()).deliveryStatus).toBe("complained");
  });

  it("records delayed, but a late delayed never overwrites delivered", async () => {
    await POST(signed(event("email.delivery_delayed", new Date(Date.now() - 5000))));
    expect((await row()).deliveryStatus).toBe("delayed");
    await POST(signed(event("email.delivered")));
    await POST(signed(event("email.delivery_delayed", new Date(Date.now() + 5000))));
    expect((await row()).deliveryStatus).toBe("delivered");
  });

  it("refuses a bad signature with 400 and changes nothing", async () => {
    const seenBefore = await getDb().select().from(webhookEvents);
    const forged = signed(
      event("email.bounced"),
      undefined,
      `whsec_${Buffer.from("some other secret entirely, 32b!").toString("base64")}`,
    );
    const response = await POST(forged);
    expect(response.status).toBe(400);
    expect((await row()).deliveryStatus).toBeNull();
    expect(await getDb().select().from(webhookEvents)).toHaveLength(seenBefore.length);
  });

  it("refuses a body changed after signing", async () => {
    const good = signed(event("email.delivered"));
    const tampered = new Request(good.url, {
      method: "POST",
      headers: good.headers,
      body: event("email.bounced"),
    });
    expect((await POST(tampered)).status).toBe(400);
    expect((await row()).deliveryStatus).toBeNull();
  });

  it("refuses a correctly signed delivery whose svix-timestamp is ten minutes old", async () => {
    const seenBefore = await getDb().select().from(webhookEvents);
    const old = new Date(Date.now() - 10 * 60_000);
    const response = await POST(signed(event("email.bounced"), undefined, secret, old));
    expect(response.status).toBe(400);
    expect((await row()).deliveryStatus).toBeNull();
    expect(await getDb().select().from(webhookEvents)).toHaveLength(seenBefore.length);
    // The same event signed now is taken.
    expect((await POST(signed(event("email.bounced")))).status).toBe(200);
    expect((await row()).deliveryStatus).toBe("bounced");
  });

  it("ignores a replayed delivery", async () => {
    const id = `msg_${randomUUID()}`;
    const body = event("email.bounced", new Date(), { bounce: { message: "first" } });
    await POST(signed(body, id));
    await getDb()
      .update(emailOutbox)
      .set({ deliveryStatus: "delivered", lastError: null })
      .where(eq(emailOutbox.id, outboxId));

    const replay = await POST(signed(body, id));

    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ replay: true });
    expect(await row()).toMatchObject({ deliveryStatus: "delivered", lastError: null });
  });

  it("answers 503 and changes nothing when no signing secret is set", async () => {
    delete process.env.RESEND_WEBHOOK_SECRET;
    try {
      const response = await POST(signed(event("email.delivered")));
      expect(response.status).toBe(503);
    } finally {
      process.env.RESEND_WEBHOOK_SECRET = secret;
    }
    expect((await row()).deliveryStatus).toBeNull();
  });
});

describe("a message sent by the worker, then reported on", () => {
  let fake: FakeResend;
  beforeAll(async () => {
    fake = await useFakeResend();
  });
  afterAll(async () => {
    forgetResend();
    await fake.close();
  });

  it("the webhook's events update that very message, and no other", async () => {
    const [sentId] = await queueFor(["reported@nhs.net"], `worker-${randomUUID()}`);
    const result = await drainOutbox({ onlyIds: [sentId] });
    expect(result.sent).toBe(1);
    const [accepted] = fake.messages;
    const [sent] = await outboxRows([sentId]);
    expect(sent.providerMessageId).toBe(accepted.id);

    await POST(signed(event("email.delivered", new Date(), {}, accepted.id)));
    expect((await outboxRows([sentId]))[0].deliveryStatus).toBe("delivered");
    const bounce = { bounce: { message: "Mailbox unavailable" } };
    const later = new Date(Date.now() + 1000);
    await POST(signed(event("email.bounced", later, bounce, accepted.id)));

    expect((await outboxRows([sentId]))[0]).toMatchObject({
      status: "sent",
      deliveryStatus: "bounced",
      lastError: "Mailbox unavailable",
    });
    // The message another test marked as sent under another id is untouched.
    expect((await row()).deliveryStatus).toBeNull();
  });
});
