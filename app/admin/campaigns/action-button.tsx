"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { FormMessage, SECONDARY } from "./ui";

/** Any admin action's outcome, whatever data it carries on success. */
type Outcome = { ok: true } | { ok: false; error: string };
type Action = (state: unknown, payload: FormData) => Promise<Outcome>;

/**
 * A one-button form for an admin action on fixed values (ids in hidden
 * fields): shows the result and refreshes the page's numbers on success.
 */
export function ActionButton(props: {
  action: Action;
  values: Record<string, string | number>;
  label: string;
  pendingLabel: string;
  done: string;
  className?: string;
  /** Shown but not pressable: there is nothing for it to do now. */
  disabled?: boolean;
}) {
  const router = useRouter();
  const [state, formAction, pending] = useActionState<Outcome | undefined, FormData>(
    props.action,
    undefined,
  );
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);

  return (
    <form action={formAction} className="space-y-2">
      {Object.entries(props.values).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        disabled={pending || props.disabled}
        className={props.className ?? SECONDARY}
      >
        {pending ? props.pendingLabel : props.label}
      </button>
      <FormMessage
        ok={state?.ok === true}
        message={state ? (state.ok ? props.done : state.error) : undefined}
      />
    </form>
  );
}
