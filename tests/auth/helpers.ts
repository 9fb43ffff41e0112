import { NextRequest } from "next/server";
import { vi } from "vitest";

export const BASE = "http://localhost:3000";
export const ADMIN = "boss@trust.nhs.uk";
export const OUTSIDER = "someone@trust.nhs.uk";

/** The environment every auth test runs in (set before any config is read). */
export function useAuthEnv(): void {
  vi.stubEnv("AUTH_SECRET", "test-secret-with-enough-randomness-0123456789");
  vi.stubEnv("ADMIN_EMAILS", ` ${ADMIN.toUpperCase()} ,other.admin@trust.nhs.uk`);
  vi.stubEnv("APP_URL", BASE);
}

type Handler = (request: NextRequest) => Promise<Response>;

/** Cookies a response sets, as one Cookie header value. */
export function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

/**
 * Asks Auth.js for a sign-in link as a browser would post its own sign-in
 * form: fetch a CSRF token, then POST the email.
 */
export async function postSignIn(
  handlers: { GET: Handler; POST: Handler },
  email: string,
  callbackUrl = "/admin/campaigns",
): Promise<Response> {
  const csrfResponse = await handlers.GET(new NextRequest(`${BASE}/api/auth/csrf`));
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  return handlers.POST(
    new NextRequest(`${BASE}/api/auth/signin/email`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: cookiesOf(csrfResponse),
      },
      body: new URLSearchParams({ email, csrfToken, callbackUrl }),
    }),
  );
}

/** The session Auth.js reads from a cookie, through its own session route. */
export async function sessionFor(handlers: { GET: Handler }, cookie: string) {
  const response = await handlers.GET(
    new NextRequest(`${BASE}/api/auth/session`, { headers: { cookie } }),
  );
  return (await response.json()) as { user?: { email?: string } } | null;
}
