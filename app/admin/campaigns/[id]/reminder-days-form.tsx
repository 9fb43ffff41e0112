"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { reminderDaysAction } from "@/lib/campaigns/actions";
import { reminderDaysInput } from "@/lib/campaigns/schemas";
import type { ActionResult } from "@/lib/result";
import { describedBy, Field, FormMessage, INPUT, SECONDARY } from "../ui";

type Values = z.input<typeof reminderDaysInput>;

/** The days before the deadline on which the reminder job chases leads. */
export function ReminderDaysForm(props: { campaignId: number; reminderDays: number[] }) {
  const router = useRouter();
  const [state, action, pending] = useActionState<ActionResult | undefined, Values>(
    reminderDaysAction,
    undefined,
  );
  const form = useForm<Values, unknown, z.output<typeof reminderDaysInput>>({
    resolver: zodResolver(reminderDaysInput),
    defaultValues: {
      campaignId: String(props.campaignId),
      reminderDays: props.reminderDays.join(", "),
    },
  });
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  const error =
    form.formState.errors.reminderDays?.message ??
    (state?.ok === false ? state.fieldErrors?.reminderDays?.[0] : undefined);

  return (
    <form
      noValidate
      className="max-w-md space-y-3"
      onSubmit={form.handleSubmit(() => startTransition(() => action(form.getValues())))}
    >
      <Field
        id="reminderDays"
        label="Reminder days"
        hint="Days before the deadline, separated by commas; 0 is the deadline day."
        error={error}
      >
        <input
          id="reminderDays"
          className={INPUT}
          {...describedBy("reminderDays", true, error)}
          {...form.register("reminderDays")}
        />
      </Field>
      <button type="submit" disabled={pending} className={SECONDARY}>
        {pending ? "Saving…" : "Save schedule"}
      </button>
      <FormMessage
        ok={state?.ok === true}
        message={
          state ? (state.ok ? "Reminder schedule saved." : state.error) : undefined
        }
      />
    </form>
  );
}
