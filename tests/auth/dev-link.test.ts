import { NextRequest } from "next/server";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/auth/[...nextauth]/route";
import { handlers } from "@/lib/auth/config";
import { createDevSignInLink } from "@/lib/auth/dev-link";
import { adminVerificationTokens } from "@/lib/db/schema";
import { getDb, withTestDatabase } from "../support/db";
import { ADMIN, BASE, cookiesOf, OUTSIDER, sessionFor, useAuthEnv } from "./helpers";

vi.mock("@/lib/mail/worker", () => ({ kickOutbox: vi.fn() }));

withTestDatabase();
beforeAll(useAuthEnv);
beforeEach(() => getDb().delete(adminVerificationTokens));

const tokenCount = async () =>
  (await getDb().select().from(adminVerificationTokens)).length;

describe("createDevSignInLink", () => {
  it("refuses an address that is not an admin, and writes no token", async () => {
    await expect(createDevSignInLink(OUTSIDER)).rejects.toThrow(/not on the admin list/);
    expect(await tokenCount()).toBe(0);
  });

  it("gives an admin a confirm-page link that Auth.js accepts", async () => {
    const link = new URL(await createDevSignInLink(` ${ADMIN.toUpperCase()} `));
    expect(`${link.origin}${link.pathname}`).toBe(`${BASE}/sign-in/confirm`);
    expect(link.searchParams.get("email")).toBe(ADMIN);
    expect(await tokenCount()).toBe(1);

    const response = await POST(
      new NextRequest(`${BASE}/api/auth/callback/email${link.search}`, {
        method: "POST",
      }),
    );
    expect(response.headers.get("location")).toBe(`${BASE}/admin/campaigns`);
    const session = await sessionFor(handlers, cookiesOf(response));
    expect(session?.user?.email).toBe(ADMIN);
    expect(await tokenCount()).toBe(0);
  });
});
