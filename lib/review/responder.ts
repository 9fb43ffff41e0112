import { cookies } from "next/headers";

/**
 * "Who is responding?": the name a person gave when first saving from a
 * link, kept in an httpOnly cookie that only that link's pages receive.
 */
const COOKIE = "review_responder";
const NINETY_DAYS = 90 * 24 * 60 * 60;

export function reviewPath(token: string): string {
  return `/review/${token}`;
}

export async function readResponderName(): Promise<string | null> {
  const value = (await cookies()).get(COOKIE)?.value?.trim();
  return value ? value.slice(0, 80) : null;
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
