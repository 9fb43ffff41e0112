import { cookies } from "next/headers";
import { withoutControls } from "./schemas";

/**
 * "Who is responding?": the name a person gave when first saving from a
 * link, kept in an httpOnly cookie that only that link's pages receive.
 */
const COOKIE = "review_responder";
const NINETY_DAYS = 90 * 24 * 60 * 60;

export function reviewPath(token: string): string {
  return `/review/${token}`;
}

/** Cleaned as the form cleans it: a cookie set by hand must not break every save. */
export async function readResponderName(): Promise<string | null> {
  const raw = (await cookies()).get(COOKIE)?.value;
  const value = raw ? withoutControls(raw).trim().slice(0, 80).trim() : "";
  return value || null;
}

export async function rememberResponderName(token: string, name: string): Promise<void> {
  (await cookies()).set(COOKIE, name, {
    path: reviewPath(token),
    httpOnly: true,
    sameSite: "lax",
    secure: process.env.NODE_ENV === "production",
    maxAge: NINETY_DAYS,
  });
}
