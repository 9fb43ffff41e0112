"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { campaignAccessSettingsAction } from "@/lib/access/actions";
import { campaignAccessSettingsInput } from "@/lib/access/schemas";
import type { ActionResult } from "@/lib/result";
import { describedBy, Field, FormMessage, INPUT, SECONDARY } from "../ui";

type Values = z.input<typeof campaignAccessSettingsInput>;
type Output = z.output<typeof campaignAccessSettingsInput>;

/**
 * The campaign's grace period and safety brake share: the same schema checks
 * the fields here and in the server action.
 */
export function AccessSettingsForm(props: {
  campaignId: number;
  graceHours: number;
  brakePercent: number | null;
  defaultBrakePercent: number;
}) {
  const router = useRouter();
  const [state, action, pending] = useActionState<ActionResult | undefined, Values>(
    campaignAccessSettingsAction,
    undefined,
  );
  const form = useForm<Values, unknown, Output>({
    resolver: zodResolver(campaignAccessSettingsInput),
    defaultValues: {
      campaignId: String(props.campaignId),
      graceHours: String(props.graceHours),
      brakePercent: props.brakePercent === null ? "" : String(props.brakePercent),
    },
  });
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  const errorOf = (field: "graceHours" | "brakePercent") =>
    form.formState.errors[field]?.message ??
    (state?.ok === false ? state.fieldErrors?.[field]?.[0] : undefined);
  const graceError = errorOf("graceHours");
  const brakeError = errorOf("brakePercent");

  return (
    <form
      noValidate
      aria-label="Access settings"
      className="max-w-md space-y-3"
      onSubmit={form.handleSubmit(() => startTransition(() => action(form.getValues())))}
    >
      <Field
        id="graceHours"
        label="Grace period (hours)"
        hint="How long an answer of left or don't know must stand before access changes: 0 to 720."
        error={graceError}
      >
        <input
          id="graceHours"
          inputMode="numeric"
          className={INPUT}
          {...describedBy("graceHours", true, graceError)}
          {...form.register("graceHours")}
        />
      </Field>
      <Field
        id="brakePercent"
        label="Safety brake (% of the campaign's users)"
        hint={`A run that would downgrade more than this share stops for an admin: 1 to 100. Empty: the default, ${props.defaultBrakePercent}%.`}
        error={brakeError}
      >
        <input
          id="brakePercent"
          inputMode="numeric"
          className={INPUT}
          {...describedBy("brakePercent", true, brakeError)}
          {...form.register("brakePercent")}
        />
      </Field>
      <button type="submit" disabled={pending} className={SECONDARY}>
        {pending ? "Saving…" : "Save access settings"}
      </button>
      <FormMessage
        ok={state?.ok === true}
        message={state ? (state.ok ? "Access settings saved." : state.error) : undefined}
      />
    </form>
  );
}
