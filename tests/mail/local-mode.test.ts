import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sendEmailNow } from "@/lib/mail/send-now";
import { drainOutbox, kickOutbox, outboxIdle } from "@/lib/mail/worker";
import { withTestDatabase } from "@/tests/support/db";
import { clearOutbox, forgetResend, outboxRows, queueFor } from "./support";

withTestDatabase();

let printed: string[];

beforeEach(async () => {
  forgetResend();
  await clearOutbox();
  printed = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("without RESEND_API_KEY", () => {
  it("keeps the message in the outbox and prints the recipient and link", async () => {
    const ids = await queueFor(["local.lead@nhs.net"], "local");

    const result = await drainOutbox();

    expect(result).toMatchObject({ claimed: 1, sent: 1, failed: 0 });
    const [row] = await outboxRows(ids);
    expect(row.status).toBe("sent");
    expect(row.providerMessageId).toBe(`local-${row.id}`);
    // Kept here, not sent: the outbox is where the developer reads it.
    expect(row.text).toContain("http://localhost:3000/review/t0");
    const output = printed.join("");
    expect(output).toContain("local.lead@nhs.net");
    expect(output).toContain("http://localhost:3000/review/t0");
    expect(output).toContain("no RESEND_API_KEY");
  });

  it("prints each message once, however many times the worker is kicked", async () => {
    await queueFor(["kick.1@nhs.net", "kick.2@nhs.net"], "kick");

    kickOutbox();
    kickOutbox();
    kickOutbox();
    await outboxIdle();
    await drainOutbox();

    const output = printed.join("");
    expect(output.match(/kick\.1@nhs\.net/g)).toHaveLength(1);
    expect(output.match(/kick\.2@nhs\.net/g)).toHaveLength(1);
  });

  it("fails a malformed address at once without printing it as sent", async () => {
    const ids = await queueFor(["not-an-address"], "bad-local");
    const result = await drainOutbox();
    const [row] = await outboxRows(ids);
    expect(result).toMatchObject({ claimed: 1, sent: 0, failed: 1 });
    expect(row.status).toBe("failed");
    expect(row.attempts).toBe(1);
    expect(printed.join("")).not.toContain("not-an-address");
  });

  it("sends one message straight away, ahead of a waiting bulk send", async () => {
    await queueFor(["bulk.1@nhs.net", "bulk.2@nhs.net"], "bulk");

    const result = await sendEmailNow({
      kind: "admin_sign_in",
      to: "Admin@Example.org",
      subject: "Sign in",
      html: "<p>http://localhost:3000/admin/confirm?token=x</p>",
      text: "http://localhost:3000/admin/confirm?token=x",
      idempotencyKey: "sign-in:test",
    });

    expect(result).toMatchObject({ claimed: 1, sent: 1 });
    const output = printed.join("");
    expect(output).toContain("admin@example.org");
    expect(output).not.toContain("bulk.1@nhs.net");
  });
});
