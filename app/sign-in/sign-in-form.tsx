"use client";

import { useActionState } from "react";
import { requestSignInLink, type SignInFormState } from "@/lib/auth/actions";

const INPUT_CLASS =
  "mt-1 block w-full rounded border-2 border-slate-600 px-3 py-2 text-base aria-invalid:border-red-700";
const BUTTON_CLASS =
  "rounded bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700 disabled:opacity-60";

export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, action, pending] = useActionState<SignInFormState | undefined, FormData>(
    requestSignInLink,
    undefined,
  );
  const emailError = state?.ok === false ? state.fieldErrors?.email?.[0] : undefined;
  const formError = state?.ok === false && !emailError ? state.error : undefined;

  return (
    <form action={action} noValidate className="space-y-4">
      {formError ? (
        <p role="alert" className="border-l-4 border-red-700 bg-red-50 p-3 text-red-800">
          {formError}
        </p>
      ) : null}
      {callbackUrl ? (
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
      ) : null}
      <div>
        <label htmlFor="email" className="block font-semibold">
          Email address
        </label>
        {emailError ? (
          <p id="email-error" className="mt-1 text-red-700">
            {emailError}
          </p>
        ) : null}
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          spellCheck={false}
          required
          defaultValue={state?.values?.email ?? ""}
          aria-invalid={emailError ? true : undefined}
          aria-describedby={emailError ? "email-error" : undefined}
          className={INPUT_CLASS}
        />
      </div>
      <button type="submit" disabled={pending} className={BUTTON_CLASS}>
        {pending ? "Sending…" : "Send sign-in link"}
      </button>
    </form>
  );
}
