"use client";

import { useActionState } from "react";
import { setResponderAction } from "@/lib/review/actions";
import { useReview } from "./review-context";

/**
 * "Who is responding?": asked once per link and browser, so colleagues
 * sharing a link can see who gave each answer.
 */
export function ResponderForm() {
  const { token, responderName } = useReview();
  const [state, formAction, pending] = useActionState(setResponderAction, null);
  const error =
    state && !state.ok ? (state.fieldErrors?.name?.join(" ") ?? state.error) : null;
  const form = (
    <form action={formAction} className="mt-2 flex flex-wrap items-end gap-2">
      <input type="hidden" name="token" value={token} />
      <div>
        <label htmlFor="responder-name" className="block text-sm font-medium">
          Your name
        </label>
        <input
          id="responder-name"
          name="name"
          type="text"
          autoComplete="name"
          required
          maxLength={80}
          defaultValue={responderName ?? ""}
          aria-describedby={
            error ? "responder-error" : responderName ? undefined : "responder-hint"
          }
          aria-invalid={error ? true : undefined}
          className="rounded border border-slate-500 px-2 py-1.5"
        />
      </div>
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {responderName ? "Change name" : "Save name"}
      </button>
      {error ? (
        <p id="responder-error" className="w-full text-sm font-medium text-red-800">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </form>
  );

  return (
    <section
      id="responder"
      aria-labelledby="responder-heading"
      className="rounded border border-slate-300 bg-white p-4"
    >
      <h2 id="responder-heading" className="text-lg font-semibold">
        Who is responding?
      </h2>
      {responderName ? (
        <>
          <p className="mt-1">
            You are answering as <strong>{responderName}</strong>. Your name is recorded
            with each answer you save.
          </p>
          <details className="mt-1">
            <summary className="cursor-pointer text-brand-700 underline">
              Not you? Change the name
            </summary>
            {form}
          </details>
        </>
      ) : (
        <>
          <p id="responder-hint" className="mt-1">
            Before you save any answers, please tell us your name. It is recorded with
            each answer, so colleagues sharing this link can see who answered what.
          </p>
          {form}
        </>
      )}
    </section>
  );
}
