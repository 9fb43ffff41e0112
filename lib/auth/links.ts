import { appUrl } from "@/lib/config";
import { hashToken } from "@/lib/tokens";

/** Where an admin lands after signing in, unless a safe callbackUrl says otherwise. */
export const ADMIN_HOME_PATH = "/admin/campaigns";
export const SIGN_IN_PATH = "/sign-in";
export const CHECK_EMAIL_PATH = "/sign-in/check-email";
export const CONFIRM_PATH = "/sign-in/confirm";
/** Auth.js's base path under Next.js, and the id of our email provider. */
export const AUTH_BASE_PATH = "/api/auth";
export const EMAIL_PROVIDER_ID = "email";
/** A sign-in link works once, for one hour. */
export const SIGN_IN_LINK_MAX_AGE_SECONDS = 60 * 60;

/**
 * The secret Auth.js mixes into the stored hash of a sign-in token. Read on
 * each call so tests and scripts can set it.
 */
export function authSecret(): string {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set: admin sign-in cannot work.");
  return secret;
}

/** How Auth.js stores a verification token: SHA-256 of token + secret, hex. */
export function hashVerificationToken(token: string): string {
  return hashToken(`${token}${authSecret()}`);
}

/**
 * A path on this site to return to after sign-in. Anything else (another
 * origin, a protocol-relative `//host`, a backslash trick) becomes the admin
 * home, so a sign-in link can never send an admin elsewhere.
 */
export function safeCallbackPath(
  raw: string | null | undefined,
  origin?: string,
): string {
  if (!raw) return ADMIN_HOME_PATH;
  const base = origin ?? new URL(appUrl()).origin;
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return ADMIN_HOME_PATH;
  }
  if (url.origin !== base && url.origin !== new URL(appUrl()).origin)
    return ADMIN_HOME_PATH;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "//host" would be read as another site wherever the path is used alone.
  if (/^\/[/\\]/.test(path)) return ADMIN_HOME_PATH;
  return path === "/" ? ADMIN_HOME_PATH : path;
}

/**
 * The link that goes in the email: our confirm page, never Auth.js's
 * callback, so a mail scanner fetching it uses nothing up. Built on APP_URL,
 * not on the request's Host header, so a forged Host cannot redirect a link.
 */
export function confirmPageUrl(params: {
  token: string;
  email: string;
  callbackUrl?: string | null;
}): string {
  const url = new URL(CONFIRM_PATH, appUrl());
  url.searchParams.set("token", params.token);
  url.searchParams.set("email", params.email);
  url.searchParams.set("callbackUrl", safeCallbackPath(params.callbackUrl));
  return url.toString();
}

/**
 * Where the confirm page's button posts: Auth.js's email callback, relative
 * to the page, with the same token, email and return path.
 */
export function callbackActionPath(params: {
  token: string;
  email: string;
  callbackUrl?: string | null;
}): string {
  const query = new URLSearchParams({
    token: params.token,
    email: params.email,
    callbackUrl: safeCallbackPath(params.callbackUrl),
  });
  return `${AUTH_BASE_PATH}/callback/${EMAIL_PROVIDER_ID}?${query}`;
}
