"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect } from "react";
import { useForm } from "react-hook-form";
import { createCampaignAction } from "@/lib/campaigns/actions";
import { type CreateCampaignInput, createCampaignInput } from "@/lib/campaigns/schemas";
import type { ActionResult } from "@/lib/result";
import { BUTTON, describedBy, Field, FormMessage, INPUT } from "./ui";

type State = ActionResult<{ campaignId: number }> | undefined;

/** Name and deadline date; on success, goes to the new campaign's page. */
export function NewCampaignForm() {
  const router = useRouter();
  const [state, action, pending] = useActionState<State, CreateCampaignInput>(
    createCampaignAction,
    undefined,
  );
  const form = useForm<CreateCampaignInput>({
    resolver: zodResolver(createCampaignInput),
    defaultValues: { name: "", deadlineDate: "" },
  });
  useEffect(() => {
    if (state?.ok) router.push(`/admin/campaigns/${state.data.campaignId}`);
  }, [state, router]);

  const serverErrors = state?.ok === false ? state.fieldErrors : undefined;
  const error = (field: keyof CreateCampaignInput) =>
    form.formState.errors[field]?.message ?? serverErrors?.[field]?.[0];
  const onSubmit = form.handleSubmit((values) => startTransition(() => action(values)));

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-md space-y-4">
      <FormMessage ok={false} message={state?.ok === false ? state.error : undefined} />
      <Field id="name" label="Campaign name" error={error("name")}>
        <input
          id="name"
          type="text"
          className={INPUT}
          {...describedBy("name", false, error("name"))}
          {...form.register("name")}
        />
      </Field>
      <Field
        id="deadlineDate"
        label="Deadline"
        hint="Responses close at 23:59 UK time on this day."
        error={error("deadlineDate")}
      >
        <input
          id="deadlineDate"
          type="date"
          className={INPUT}
          {...describedBy("deadlineDate", true, error("deadlineDate"))}
          {...form.register("deadlineDate")}
        />
      </Field>
      <button type="submit" disabled={pending} className={BUTTON}>
        {pending ? "Creating…" : "Create campaign"}
      </button>
    </form>
  );
}
