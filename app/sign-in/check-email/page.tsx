import type { Metadata } from "next";
import Link from "next/link";
import { SIGN_IN_PATH } from "@/lib/auth/links";

export const metadata: Metadata = { title: "Check your email" };

/**
 * The one page every sign-in request ends on, whether the address may sign
 * in or not, so it says nothing about who is an admin.
 */
export default function CheckEmailPage() {
  return (
    <div className="max-w-xl space-y-4">
      <h1 className="text-2xl font-semibold">Check your email</h1>
      <p>If that address may sign in, a link is on its way.</p>
      <p>
        Open the email and select the link, then press <strong>Sign in</strong>. The link
        works once, within an hour.
      </p>
      <p>
        Nothing arrived after a few minutes? Check your junk folder, or{" "}
        <Link href={SIGN_IN_PATH} className="text-brand-700 underline">
          ask for another link
        </Link>
        .
      </p>
    </div>
  );
}
