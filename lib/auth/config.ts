import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth, { type NextAuthConfig } from "next-auth";
import type { EmailConfig } from "next-auth/providers";
import { getDb } from "@/lib/db/client";
import {
  adminAccounts,
  adminSessions,
  adminUsers,
  adminVerificationTokens,
} from "@/lib/db/schema";
import { logger } from "@/lib/log";
import { generateToken } from "@/lib/tokens";
import { isAdminEmail } from "./admin";
import {
  AUTH_BASE_PATH,
  CHECK_EMAIL_PATH,
  EMAIL_PROVIDER_ID,
  SIGN_IN_LINK_MAX_AGE_SECONDS,
  SIGN_IN_PATH,
  safeCallbackPath,
} from "./links";
import { sendAdminSignInEmail } from "./sign-in-email";

/** An admin session lasts one working day from sign-in, and is never extended. */
const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/**
 * What Auth.js answers a non-admin: the very redirect an admin gets after a
 * link is sent, so nobody can learn from the answer who is an admin.
 */
const NEUTRAL_SENT_PATH = `${AUTH_BASE_PATH}/verify-request?${new URLSearchParams({
  provider: EMAIL_PROVIDER_ID,
  type: "email",
})}`;

function emailProvider(secret: string | undefined): EmailConfig {
  return {
    id: EMAIL_PROVIDER_ID,
    type: "email",
    name: "Email",
    maxAge: SIGN_IN_LINK_MAX_AGE_SECONDS,
    secret,
    generateVerificationToken: generateToken,
    sendVerificationRequest: sendAdminSignInEmail,
  };
}

/** Built per request (the lazy form of NextAuth), so nothing connects at import. */
function authConfig(): NextAuthConfig {
  const secret = process.env.AUTH_SECRET;
  return {
    secret,
    // Email links are built from APP_URL and redirects are held to this site,
    // so trusting the Host header cannot misdirect anything; it lets
    // `next start` run without AUTH_URL (STACK trap 3).
    trustHost: true,
    basePath: AUTH_BASE_PATH,
    adapter: DrizzleAdapter(getDb(), {
      usersTable: adminUsers,
      accountsTable: adminAccounts,
      sessionsTable: adminSessions,
      verificationTokensTable: adminVerificationTokens,
    }),
    // Database sessions: signing out or deleting the row ends a session at
    // once. updateAge = maxAge means reading a session never writes.
    session: {
      strategy: "database",
      maxAge: SESSION_MAX_AGE_SECONDS,
      updateAge: SESSION_MAX_AGE_SECONDS,
    },
    providers: [emailProvider(secret)],
    pages: { signIn: SIGN_IN_PATH, verifyRequest: CHECK_EMAIL_PATH, error: SIGN_IN_PATH },
    callbacks: {
      signIn({ user, email }) {
        if (isAdminEmail(user.email)) return true;
        return email?.verificationRequest ? NEUTRAL_SENT_PATH : false;
      },
      redirect({ url, baseUrl }) {
        return `${baseUrl}${safeCallbackPath(url, baseUrl)}`;
      },
    },
    events: {
      signIn({ user }) {
        logger.info({ admin: user.email }, "admin signed in");
      },
      signOut() {
        logger.info("admin signed out");
      },
    },
    logger: {
      error(error) {
        // Names and types only: messages of adapter errors can carry query
        // parameters, and those include token hashes.
        const cause = (error as { cause?: { err?: Error } }).cause?.err;
        logger.error(
          {
            authError: error.name,
            type: (error as { type?: string }).type,
            cause: cause?.name,
          },
          "Auth.js error",
        );
      },
      warn(code) {
        logger.warn({ code }, "Auth.js warning");
      },
      debug() {},
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => authConfig());
