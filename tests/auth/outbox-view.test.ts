import { describe, expect, it } from "vitest";
import { emailOutbox } from "@/lib/db/schema";
import {
  getOutboxMessage,
  linksInText,
  listOutbox,
  mailModeNotice,
  OUTBOX_PAGE_SIZE,
} from "@/lib/mail/outbox-view";
import { getDb, withTestDatabase } from "../support/db";

withTestDatabase();

describe("the admin outbox", () => {
  it("pages the newest messages first and says when more follow", async () => {
    const count = OUTBOX_PAGE_SIZE + 3;
    await getDb()
      .insert(emailOutbox)
      .values(
        Array.from({ length: count }, (_, i) => ({
          kind: "invitation",
          toEmail: `lead${i}@trust.nhs.uk`,
          subject: `Message ${i}`,
          html: "<p>Hi</p>",
          text: "Hi",
          idempotencyKey: `test:${i}`,
        })),
      );

    const first = await listOutbox(1);
    const second = await listOutbox(2);

    expect(first.rows).toHaveLength(OUTBOX_PAGE_SIZE);
    expect(first.rows[0].subject).toBe(`Message ${count - 1}`);
    expect(first.hasMore).toBe(true);
    expect(second.rows.map((row) => row.subject)).toEqual([
      "Message 2",
      "Message 1",
      "Message 0",
    ]);
    expect(second.hasMore).toBe(false);
    expect(first.rows[0]).not.toHaveProperty("html");
  });

  it("shows one message with its parts, and nothing for an unknown id", async () => {
    const [row] = await getDb()
      .insert(emailOutbox)
      .values({
        kind: "admin_sign_in",
        toEmail: "boss@trust.nhs.uk",
        subject: "Sign in",
        html: "<p>Sign in</p>",
        text: "Sign in: http://localhost:3000/sign-in/confirm?token=abc&email=x",
        idempotencyKey: "test:detail",
      })
      .returning({ id: emailOutbox.id });

    expect(await getOutboxMessage(row.id)).toMatchObject({ html: "<p>Sign in</p>" });
    expect(await getOutboxMessage(row.id + 10_000)).toBeNull();
  });

  it("finds each link in a plain-text part once, without trailing punctuation", () => {
    const text =
      "Open http://localhost:3000/review/abc. Or (https://x.example/a?b=1), again http://localhost:3000/review/abc";
    expect(linksInText(text)).toEqual([
      "http://localhost:3000/review/abc",
      "https://x.example/a?b=1",
    ]);
  });

  it("warns in production when no Resend key is set, and only notes it in development", () => {
    expect(mailModeNotice({ RESEND_API_KEY: "re_x", NODE_ENV: "production" })).toBeNull();
    expect(mailModeNotice({ NODE_ENV: "production" })).toMatchObject({
      tone: "warning",
      text: expect.stringMatching(/^Email is not being sent/),
    });
    expect(mailModeNotice({ NODE_ENV: "development" })).toMatchObject({ tone: "note" });
  });
});
