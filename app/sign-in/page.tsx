import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getAdmin } from "@/lib/auth/admin";
import { ADMIN_HOME_PATH, safeCallbackPath } from "@/lib/auth/links";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

/** Auth.js sends its errors here as ?error=<type>: one plain sentence each. */
const ERROR_MESSAGES: Record<string, string> = {
  Verification:
    "That sign-in link has expired or has already been used. Enter your email address to get a new one.",
  AccessDenied: "We could not sign you in with that link. Ask for a new one below.",
  Configuration:
    "Signing in is not working on our side at the moment. Please try again later.",
};
const DEFAULT_ERROR = "We could not sign you in. Please ask for a new link below.";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignInPage({
  searchParams,
}: {
  searchParams: SearchParams;
}) {
  const params = await searchParams;
  const error = typeof params.error === "string" ? params.error : undefined;
  const callback =
    typeof params.callbackUrl === "string" ? params.callbackUrl : undefined;
  if (!error && (await getAdmin())) redirect(safeCallbackPath(callback));

  const callbackPath = safeCallbackPath(callback);
  return (
    <div className="max-w-xl space-y-6">
      <h1 className="text-2xl font-semibold">Sign in to the admin area</h1>
      {error ? (
        <p className="border-l-4 border-red-700 bg-red-50 p-3 text-red-800">
          {ERROR_MESSAGES[error] ?? DEFAULT_ERROR}
        </p>
      ) : null}
      <p>
        Enter your work email address. If it may sign in, we will email you a link. The
        link works once, within an hour.
      </p>
      <SignInForm
        callbackUrl={callbackPath === ADMIN_HOME_PATH ? undefined : callbackPath}
      />
    </div>
  );
}
