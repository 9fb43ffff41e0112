"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect } from "react";
import {
  type FieldValues,
  type Path,
  type UseFormReturn,
  useForm,
} from "react-hook-form";
import type { z } from "zod";
import { addLeadAction, fixLeadEmailAction } from "@/lib/campaigns/actions";
import { addLeadInput, fixLeadEmailInput } from "@/lib/campaigns/schemas";
import type { ActionResult } from "@/lib/result";
import { describedBy, Field, FormMessage, INPUT, SECONDARY } from "../../../ui";

/** Client and server errors for one field, client first. */
function fieldError<T extends FieldValues>(
  form: UseFormReturn<T, unknown, FieldValues>,
  state: { ok: boolean; fieldErrors?: Record<string, string[]> } | undefined,
  name: Path<T>,
): string | undefined {
  const client = form.formState.errors[name]?.message;
  return typeof client === "string"
    ? client
    : state && !state.ok
      ? state.fieldErrors?.[name]?.[0]
      : undefined;
}

function useRefreshOnSuccess(state: { ok: boolean } | undefined) {
  const router = useRouter();
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
}

type FixValues = z.input<typeof fixLeadEmailInput>;

/** Corrects a lead's address; a new link goes to the corrected address. */
export function FixLeadEmailForm(props: {
  campaignId: number;
  leadId: number;
  linkId: number;
  email: string;
}) {
  const [state, action, pending] = useActionState<ActionResult | undefined, FixValues>(
    fixLeadEmailAction,
    undefined,
  );
  useRefreshOnSuccess(state);
  const form = useForm<FixValues, unknown, FieldValues>({
    resolver: zodResolver(fixLeadEmailInput),
    defaultValues: { ...props, campaignId: props.campaignId, email: props.email },
  });
  const id = `email-${props.leadId}`;
  const error = fieldError(form, state, "email");
  return (
    <form
      noValidate
      className="space-y-2"
      onSubmit={form.handleSubmit(() => startTransition(() => action(form.getValues())))}
    >
      <Field id={id} label="Correct email address" error={error}>
        <input
          id={id}
          type="email"
          className={INPUT}
          {...describedBy(id, false, error)}
          {...form.register("email")}
        />
      </Field>
      <button type="submit" disabled={pending} className={SECONDARY}>
        {pending ? "Saving…" : "Save address and send a new link"}
      </button>
      <FormMessage
        ok={state?.ok === true}
        message={
          state
            ? state.ok
              ? "Saved; a new link is on its way."
              : state.error
            : undefined
        }
      />
    </form>
  );
}

type AddValues = z.input<typeof addLeadInput>;

/** Adds a lead to the organisation; they get a link and an invitation at once. */
export function AddLeadForm(props: { campaignId: number; organisationId: number }) {
  const [state, action, pending] = useActionState<
    ActionResult<{ leadId: number; items: number }> | undefined,
    AddValues
  >(addLeadAction, undefined);
  useRefreshOnSuccess(state);
  const form = useForm<AddValues, unknown, FieldValues>({
    resolver: zodResolver(addLeadInput),
    defaultValues: { ...props, fullName: "", email: "" },
  });
  const nameError = fieldError(form, state, "fullName");
  const emailError = fieldError(form, state, "email");
  return (
    <form
      noValidate
      className="max-w-md space-y-3"
      onSubmit={form.handleSubmit(() => startTransition(() => action(form.getValues())))}
    >
      <Field id="lead-name" label="Full name" error={nameError}>
        <input
          id="lead-name"
          className={INPUT}
          {...describedBy("lead-name", false, nameError)}
          {...form.register("fullName")}
        />
      </Field>
      <Field id="lead-email" label="Email address" error={emailError}>
        <input
          id="lead-email"
          type="email"
          className={INPUT}
          {...describedBy("lead-email", false, emailError)}
          {...form.register("email")}
        />
      </Field>
      <button type="submit" disabled={pending} className={SECONDARY}>
        {pending ? "Adding…" : "Add lead and send their link"}
      </button>
      <FormMessage
        ok={state?.ok === true}
        message={
          state
            ? state.ok
              ? "Lead added; their invitation is on its way."
              : state.error
            : undefined
        }
      />
    </form>
  );
}
