"use server";

import { redirect } from "next/navigation";
import { logger } from "@/lib/log";
import { type ActionResult, fail } from "@/lib/result";
import { signIn, signOut } from "./config";
import { fieldErrorsOf, inputOf } from "./guard";
import {
  CHECK_EMAIL_PATH,
  EMAIL_PROVIDER_ID,
  SIGN_IN_PATH,
  safeCallbackPath,
} from "./links";
import { signInInput } from "./schemas";

/** What the sign-in form gets back: the error, and what was typed. */
export type SignInFormState = ActionResult & { values?: { email: string } };

/**
 * Asks Auth.js for a sign-in link. Whether or not the address may sign in,
 * the visitor lands on the same "check your email" page; Auth.js's signIn
 * callback decides, and only an admin's link is ever queued.
 */
export async function requestSignInLink(
  _previous: SignInFormState | undefined,
  formData: FormData,
): Promise<SignInFormState> {
  const raw = inputOf(formData) as Record<string, unknown>;
  const values = { email: typeof raw.email === "string" ? raw.email : "" };
  const parsed = signInInput.safeParse(raw);
  if (!parsed.success) {
    return {
      ...fail("Please check your email address.", fieldErrorsOf(parsed.error)),
      values,
    };
  }

  if (!(await askAuthJsForLink(parsed.data.email, parsed.data.callbackUrl))) {
    return { ...fail(SEND_FAILED), values };
  }
  redirect(CHECK_EMAIL_PATH);
}

const SEND_FAILED =
  "Something went wrong on our side and no link was sent. Please try again in a minute.";

/**
 * Auth.js answers with where to go next; a failure inside it (the database,
 * the mailer) comes back as a redirect to the error page rather than a throw.
 */
async function askAuthJsForLink(email: string, callbackUrl?: string): Promise<boolean> {
  try {
    const next = await signIn(EMAIL_PROVIDER_ID, {
      email,
      redirectTo: safeCallbackPath(callbackUrl),
      redirect: false,
    });
    if (!new URL(String(next), "http://local").searchParams.has("error")) return true;
    logger.error("sign-in link request failed inside Auth.js");
  } catch (error) {
    logger.error({ err: error }, "sign-in link request failed");
  }
  return false;
}

/** The sign-out button: ends the database session and goes to sign-in. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: SIGN_IN_PATH });
}
