import { describe, expect, it } from "vitest";
import { outboxKindLabel, outboxStatusLabel } from "@/lib/mail/outbox-view";

describe("outbox labels", () => {
  it("never calls a message kept locally 'sent'", () => {
    expect(outboxStatusLabel({ status: "sent", providerMessageId: "local-12" })).toBe(
      "kept here (not sent: no Resend key)",
    );
    expect(outboxStatusLabel({ status: "sent", providerMessageId: "re_abc" })).toBe(
      "sent",
    );
    expect(outboxStatusLabel({ status: "failed", providerMessageId: null })).toBe(
      "failed",
    );
  });

  it("names kinds in words, keeping unknown ones as they are", () => {
    expect(outboxKindLabel("admin_sign_in")).toBe("Admin sign-in");
    expect(outboxKindLabel("something_new")).toBe("something_new");
  });
});
