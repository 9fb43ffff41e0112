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
import { addLeadAction, changeLeadAction } from "@/lib/campaigns/actions";
import { addLeadInput, changeLeadInput } from "@/lib/campaigns/schemas";
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

type ChangeValues = z.input<typeof changeLeadInput>;

/**
 * Changes a lead's name or address. A new address gets a new link (the old
 * one stops working); a corrected name keeps the link.
 */
export function ChangeLeadForm(props: {
  campaignId: number;
  leadId: number;
  linkId: number;
  fullName: string;
  email: string;
}) {
  const [state, action, pending] = useActionState<
    ActionResult<{ newLink: boolean }> | undefined,
    ChangeValues
  >(changeLeadAction, undefined);
  useRefreshOnSuccess(state);
  const form = useForm<ChangeValues, unknown, FieldValues>({
    resolver: zodResolver(changeLeadInput),
    defaultValues: props,
  });
  const nameId = `name-${props.leadId}`;
  const emailId = `email-${props.leadId}`;
  const nameError = fieldError(form, state, "fullName");
  const emailError = fieldError(form, state, "email");
  return (
    <form
      noValidate
      className="space-y-2"
      onSubmit={form.handleSubmit(() => startTransition(() => action(form.getValues())))}
    >
      <Field id={nameId} label="Lead's full name" error={nameError}>
        <input
          id={nameId}
          className={INPUT}
          {...describedBy(nameId, false, nameError)}
          {...form.register("fullName")}
        />
      </Field>
      <Field id={emailId} label="Lead's email address" error={emailError}>
        <input
          id={emailId}
          type="email"
          className={INPUT}
          {...describedBy(emailId, false, emailError)}
          {...form.register("email")}
        />
      </Field>
      <button type="submit" disabled={pending} className={SECONDARY}>
        {pending ? "Saving…" : "Save the lead (a new address gets a new link)"}
      </button>
      <FormMessage
        ok={state?.ok === true}
        message={
          state
            ? state.ok
              ? state.data.newLink
                ? "Saved; a new link is on its way to the new address."
                : "Saved; the lead's link is unchanged."
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
