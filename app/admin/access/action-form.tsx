"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type ReactNode, useActionState, useEffect } from "react";
import type { ActionResult } from "@/lib/result";

// biome-ignore lint/suspicious/noExplicitAny: any admin action's result shape
type Action = (state: unknown, payload: FormData) => Promise<ActionResult<any>>;

interface State {
  // biome-ignore lint/suspicious/noExplicitAny: as Action
  result: ActionResult<any>;
  /** What was typed, given back to the fields after a refusal. */
  submitted: Record<string, string>;
}

/**
 * A form for one admin action: hidden values, optional fields as children,
 * the result shown beside the button (with a link to a new run), and the
 * page refreshed on success.
 */
export function ActionForm(props: {
  action: Action;
  values?: Record<string, string | number>;
  label: string;
  pendingLabel?: string;
  done: string;
  className?: string;
  id?: string;
  children?: ReactNode | ((submitted: Record<string, string>) => ReactNode);
}) {
  const router = useRouter();
  const [last, formAction, pending] = useActionState<State | undefined, FormData>(
    async (previous, payload): Promise<State> => ({
      result: await props.action(previous?.result, payload),
      submitted: Object.fromEntries(
        [...payload.entries()].map(([key, value]) => [key, String(value)]),
      ),
    }),
    undefined,
  );
  const state = last?.result;
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  const submitted = state && !state.ok ? (last?.submitted ?? {}) : {};
  const runId = state?.ok
    ? (state.data as { runId?: number } | undefined)?.runId
    : undefined;

  return (
    <form action={formAction} id={props.id} className="space-y-2">
      {Object.entries(props.values ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {typeof props.children === "function" ? props.children(submitted) : props.children}
      <button type="submit" disabled={pending} className={props.className}>
        {pending ? (props.pendingLabel ?? "Working…") : props.label}
      </button>
      {state?.ok ? (
        <p role="status" className="border-l-4 border-green-700 bg-green-50 p-2">
          {props.done}{" "}
          {runId ? (
            <Link
              className="text-brand-700 underline"
              href={`/admin/access/runs/${runId}`}
            >
              See run {runId}
            </Link>
          ) : null}
        </p>
      ) : null}
      {state && !state.ok ? (
        // The field messages themselves, not "check the highlighted fields":
        // these forms highlight nothing, and the alert is what is announced.
        <div
          role="alert"
          className="border-l-4 border-red-700 bg-red-50 p-2 text-red-800"
        >
          {state.fieldErrors ? (
            <FieldErrors errors={state.fieldErrors} />
          ) : (
            <p>{state.error}</p>
          )}
        </div>
      ) : null}
    </form>
  );
}

function FieldErrors({ errors }: { errors: Record<string, string[]> }) {
  return (
    <ul>
      {Object.entries(errors).map(([field, messages]) => (
        <li key={field} id={`${field}-error`}>
          {messages.join(" ")}
        </li>
      ))}
    </ul>
  );
}
