import { desc, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET, POST } from "@/app/api/auth/[...nextauth]/route";
import ConfirmSignInPage from "@/app/sign-in/confirm/page";
import { handlers } from "@/lib/auth/config";
import { hashVerificationToken } from "@/lib/auth/links";
import {
  adminSessions,
  adminUsers,
  adminVerificationTokens,
  emailOutbox,
} from "@/lib/db/schema";
import { kickOutbox } from "@/lib/mail/worker";
import { getDb, withTestDatabase } from "../support/db";
import { ADMIN, BASE, cookiesOf, OUTSIDER, postSignIn, useAuthEnv } from "./helpers";

// Sending is the mail worker's job: here we only see that it is woken.
vi.mock("@/lib/mail/worker", () => ({ kickOutbox: vi.fn() }));

withTestDatabase();
beforeAll(useAuthEnv);
beforeEach(async () => {
  vi.mocked(kickOutbox).mockClear();
  await getDb().delete(emailOutbox);
  await getDb().delete(adminVerificationTokens);
});

const signInMails = (to: string) =>
  getDb()
    .select({ text: emailOutbox.text, key: emailOutbox.idempotencyKey })
    .from(emailOutbox)
    .where(eq(emailOutbox.toEmail, to))
    .orderBy(desc(emailOutbox.id));

const tokenRows = () =>
  getDb()
    .select({ identifier: adminVerificationTokens.identifier })
    .from(adminVerificationTokens);

/** Requests a link for the admin and returns the newest emailed confirm-page URL. */
async function emailedLink(callbackUrl?: string): Promise<URL> {
  await postSignIn(handlers, ADMIN, callbackUrl);
  const [mail] = await signInMails(ADMIN);
  const link = /https?:\/\/\S+\/sign-in\/confirm\?\S+/.exec(mail.text)?.[0];
  expect(link).toBeDefined();
  return new URL(link!);
}

const callbackPost = (link: URL) =>
  POST(
    new NextRequest(`${BASE}/api/auth/callback/email${link.search}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "",
    }),
  );

describe("asking for a sign-in link", () => {
  it("queues exactly one email for an address on the admin list, and sends it at once", async () => {
    const response = await postSignIn(handlers, ADMIN);

    expect(response.status).toBe(302);
    const mails = await signInMails(ADMIN);
    expect(mails).toHaveLength(1);
    expect(mails[0].key).toMatch(/^admin_sign_in:[0-9a-f]{64}$/);
    expect(mails[0].text).toContain(`${BASE}/sign-in/confirm?`);
    expect(mails[0].text).not.toContain("/api/auth/callback");
    expect(await tokenRows()).toEqual([{ identifier: ADMIN }]);
    expect(kickOutbox).toHaveBeenCalledTimes(1);
  });

  it("sends nothing to any other address, and answers exactly as for an admin", async () => {
    const admin = await postSignIn(handlers, ADMIN);
    const outsider = await postSignIn(handlers, OUTSIDER);

    expect(outsider.status).toBe(admin.status);
    expect(outsider.headers.get("location")).toBe(admin.headers.get("location"));
    expect(outsider.headers.get("location")).toBe(
      `${BASE}/api/auth/verify-request?provider=email&type=email`,
    );
    expect(await signInMails(OUTSIDER)).toHaveLength(0);
    expect(await tokenRows()).toEqual([{ identifier: ADMIN }]);
    expect(kickOutbox).toHaveBeenCalledTimes(1);
  });

  it("lands both on the same neutral page", async () => {
    const response = await GET(
      new NextRequest(`${BASE}/api/auth/verify-request?provider=email&type=email`),
    );
    const location = new URL(response.headers.get("location")!, BASE);
    expect(location.pathname).toBe("/sign-in/check-email");
  });
});

describe("opening the emailed link", () => {
  it("shows a Sign in button on GET and leaves the token in place", async () => {
    const link = await emailedLink();
    const page = await ConfirmSignInPage({
      searchParams: Promise.resolve(Object.fromEntries(link.searchParams)),
    });
    const html = renderToStaticMarkup(page);

    expect(html).toContain(">Sign in</button>");
    expect(html).toContain('method="post"');
    expect(html).toContain("/api/auth/callback/email?token=");
    expect(await tokenRows()).toHaveLength(1);
  });

  it("turns a GET of Auth.js's callback into the confirm page, using nothing up", async () => {
    const link = await emailedLink();
    const response = await GET(
      new NextRequest(`${BASE}/api/auth/callback/email${link.search}`),
    );

    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/sign-in/confirm${link.search}`);
    expect(await tokenRows()).toHaveLength(1);
  });

  it("stores only a hash of the token, as Auth.js does", async () => {
    const link = await emailedLink();
    const token = link.searchParams.get("token")!;
    const [row] = await getDb()
      .select({ token: adminVerificationTokens.token })
      .from(adminVerificationTokens);
    expect(row.token).toBe(hashVerificationToken(token));
    expect(row.token).not.toContain(token);
  });
});

describe("pressing Sign in", () => {
  it("signs in with a database session and lands on the campaigns page", async () => {
    const link = await emailedLink();
    const response = await callbackPost(link);

    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${BASE}/admin/campaigns`);
    expect(cookiesOf(response)).toMatch(/authjs\.session-token=/);
    expect(await tokenRows()).toHaveLength(0);
    const sessions = await getDb()
      .select({ email: adminUsers.email })
      .from(adminSessions)
      .innerJoin(adminUsers, eq(adminUsers.id, adminSessions.userId));
    expect(sessions).toContainEqual({ email: ADMIN });
  });

  it("refuses a link the second time", async () => {
    const link = await emailedLink();
    await callbackPost(link);
    const again = await callbackPost(link);

    expect(again.headers.get("location")).toBe(`${BASE}/sign-in?error=Verification`);
    expect(cookiesOf(again)).not.toMatch(/session-token/);
  });

  it("keeps a same-site return path and drops another site", async () => {
    const kept = await callbackPost(await emailedLink("/admin/outbox?page=2"));
    expect(kept.headers.get("location")).toBe(`${BASE}/admin/outbox?page=2`);

    const dropped = await callbackPost(await emailedLink("https://evil.example/steal"));
    expect(dropped.headers.get("location")).toBe(`${BASE}/admin/campaigns`);
  });

  it("refuses a wrong token and leaves the real one in place", async () => {
    const link = await emailedLink();
    link.searchParams.set("token", "not-the-token");
    const response = await callbackPost(link);

    expect(response.headers.get("location")).toBe(`${BASE}/sign-in?error=Verification`);
    expect(await tokenRows()).toHaveLength(1);
  });

  it("refuses an address taken off the admin list after its link was sent", async () => {
    const link = await emailedLink();
    vi.stubEnv("ADMIN_EMAILS", "other.admin@trust.nhs.uk");
    try {
      const response = await callbackPost(link);
      expect(response.headers.get("location")).toBe(`${BASE}/sign-in?error=AccessDenied`);
      expect(cookiesOf(response)).not.toMatch(/session-token/);
    } finally {
      useAuthEnv();
    }
  });
});
