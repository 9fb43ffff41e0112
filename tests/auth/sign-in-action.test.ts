import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { requestSignInLink } from "@/lib/auth/actions";
import { adminVerificationTokens, emailOutbox } from "@/lib/db/schema";
import { getDb, withTestDatabase } from "../support/db";
import { ADMIN, OUTSIDER, useAuthEnv } from "./helpers";

// The request layer only: the form action runs as if posted to localhost.
vi.mock("next/headers", () => ({
  headers: async () =>
    new Headers({ host: "localhost:3000", "x-forwarded-proto": "http" }),
  cookies: async () => ({ get: () => undefined, set: () => {} }),
}));
vi.mock("@/lib/mail/worker", () => ({ kickOutbox: vi.fn() }));

withTestDatabase();
beforeAll(useAuthEnv);
beforeEach(async () => {
  await getDb().delete(emailOutbox);
  await getDb().delete(adminVerificationTokens);
});

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};

/** Where the action sends the browser (Next throws a redirect). */
async function redirectOf(action: Promise<unknown>): Promise<string> {
  const error = (await action.then(
    () => null,
    (thrown: unknown) => thrown,
  )) as { digest?: string } | null;
  expect(error?.digest).toMatch(/^NEXT_REDIRECT/);
  return error!.digest!.split(";")[2];
}

const mailsTo = (to: string) =>
  getDb()
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(eq(emailOutbox.toEmail, to));

describe("the sign-in form's action", () => {
  it("sends an admin to the check-email page with one email queued", async () => {
    const where = await redirectOf(requestSignInLink(undefined, form({ email: ADMIN })));

    expect(where).toBe("/sign-in/check-email");
    expect(await mailsTo(ADMIN)).toHaveLength(1);
  });

  it("sends anyone else to the same page, with nothing queued or stored", async () => {
    const where = await redirectOf(
      requestSignInLink(undefined, form({ email: OUTSIDER })),
    );

    expect(where).toBe("/sign-in/check-email");
    expect(await mailsTo(OUTSIDER)).toHaveLength(0);
    expect(await getDb().select().from(adminVerificationTokens)).toHaveLength(0);
  });

  it("answers a malformed address with a message and keeps what was typed", async () => {
    const result = await requestSignInLink(undefined, form({ email: "boss at trust" }));

    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { email: [expect.stringContaining("correct format")] },
      values: { email: "boss at trust" },
    });
    expect(await getDb().select().from(emailOutbox)).toHaveLength(0);
  });

  it("asks for an address when none was given", async () => {
    const result = await requestSignInLink(undefined, form({ email: "  " }));
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { email: ["Enter your email address."] },
    });
  });
});
