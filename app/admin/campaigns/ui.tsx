import type { ReactNode } from "react";

export { CELL, HEAD, TableHead } from "../table";

/** Shared look of the campaign pages: calm, plain, and the same everywhere. */
export const INPUT =
  "mt-1 block w-full rounded border-2 border-slate-600 px-3 py-2 text-base aria-invalid:border-red-700";
export const BUTTON =
  "rounded bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700 disabled:opacity-60";
export const SECONDARY =
  "rounded border-2 border-brand-700 px-3 py-1 font-semibold text-brand-700 hover:bg-brand-50 disabled:opacity-60";
export const LINK = "text-brand-700 underline";

/** A labelled field whose error is tied to the input for screen readers. */
export function Field(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={props.id} className="block font-semibold">
        {props.label}
      </label>
      {props.hint ? (
        <p id={`${props.id}-hint`} className="text-sm text-slate-700">
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p id={`${props.id}-error`} className="mt-1 text-red-700">
          {props.error}
        </p>
      ) : null}
      {props.children}
    </div>
  );
}

/** aria attributes for an input with an optional hint and error. */
export function describedBy(id: string, hint?: boolean, error?: string) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return {
    "aria-invalid": error ? true : undefined,
    "aria-describedby": ids.length > 0 ? ids.join(" ") : undefined,
  } as const;
}

export function FormMessage({ ok, message }: { ok: boolean; message?: string }) {
  if (!message) return null;
  return ok ? (
    <p
      role="status"
      className="border-l-4 border-green-700 bg-green-50 p-3 text-green-900"
    >
      {message}
    </p>
  ) : (
    <p role="alert" className="border-l-4 border-red-700 bg-red-50 p-3 text-red-800">
      {message}
    </p>
  );
}
