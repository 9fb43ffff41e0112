import type { Metadata } from "next";
import Link from "next/link";
import { callbackActionPath, SIGN_IN_PATH } from "@/lib/auth/links";
import { isLiveVerificationToken } from "@/lib/auth/verification";

// The token is in this page's URL: never pass it on in a Referer header.
export const metadata: Metadata = { title: "Sign in", referrer: "no-referrer" };

const BUTTON_CLASS =
  "rounded bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * Where the emailed link lands. Viewing it only reads: mail scanners fetch
 * every link, so the link is used up only when a person presses the button,
 * which POSTs to Auth.js's email callback.
 */
export default async function ConfirmSignInPage({
  searchParams,
}: {
  searchParams: SearchParams;
}) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : "";
  const email = typeof params.email === "string" ? params.email : "";
  const callbackUrl = typeof params.callbackUrl === "string" ? params.callbackUrl : null;
  const live = token && email ? await isLiveVerificationToken(email, token) : false;
  if (!live) return <UnusableLink />;

  return (
    <div className="max-w-xl space-y-4">
      <h1 className="text-2xl font-semibold">Sign in to the admin area</h1>
      <p>
        You are signing in as <strong>{email}</strong>.
      </p>
      <form method="post" action={callbackActionPath({ token, email, callbackUrl })}>
        <button type="submit" className={BUTTON_CLASS}>
          Sign in
        </button>
      </form>
    </div>
  );
}

function UnusableLink() {
  return (
    <div className="max-w-xl space-y-4">
      <h1 className="text-2xl font-semibold">This sign-in link cannot be used</h1>
      <p>It has expired, has already been used, or was not copied in full.</p>
      <p>
        <Link href={SIGN_IN_PATH} className="text-brand-700 underline">
          Ask for a new sign-in link
        </Link>
        .
      </p>
    </div>
  );
}
