"use client";

import { type FormEvent, startTransition, useActionState, useState } from "react";
import type { z } from "zod";
import { type ImportReport, importCsvAction } from "@/lib/csv/import-action";
import { IMPORT_KINDS, importFileInput } from "@/lib/csv/import-schemas";
import type { ActionResult } from "@/lib/result";
import { BUTTON, describedBy, FormMessage, INPUT, SECONDARY } from "../campaigns/ui";
import { ImportResult } from "./import-result";

type State = ActionResult<ImportReport> | undefined;
type Errors = Record<string, string[] | undefined>;

const KIND_LABELS = {
  organisations: "Organisations",
  users: "Users",
  leads: "Subscriber leads",
} as const;

/**
 * The upload form. It is sent from an onSubmit handler rather than a form
 * action, so the browser keeps the chosen kind and file after an error.
 */
export function ImportForm() {
  const [state, action, pending] = useActionState<State, FormData>(
    importCsvAction,
    undefined,
  );
  const [clientErrors, setClientErrors] = useState<Errors>();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const data = new FormData(event.currentTarget, submitter);
    const parsed = importFileInput.safeParse(Object.fromEntries(data));
    if (!parsed.success) return setClientErrors(errorsOf(parsed.error));
    setClientErrors(undefined);
    startTransition(() => action(data));
  };

  const errors: Errors =
    clientErrors ?? (state?.ok === false ? (state.fieldErrors ?? {}) : {});
  const message = state?.ok === false && !clientErrors ? state.error : undefined;

  return (
    <div className="space-y-6">
      <form onSubmit={onSubmit} noValidate className="space-y-5" aria-busy={pending}>
        <FormMessage ok={false} message={message} />
        <KindChoice error={errors.kind?.[0]} />
        <div>
          <label htmlFor="file" className="block font-semibold">
            CSV file
          </label>
          <p id="file-hint" className="text-sm text-slate-700">
            Up to 10 MB, saved from a spreadsheet as CSV (UTF-8 or Windows).
          </p>
          {errors.file?.[0] ? (
            <p id="file-error" className="mt-1 text-red-700">
              {errors.file[0]}
            </p>
          ) : null}
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            className={INPUT}
            {...describedBy("file", true, errors.file?.[0])}
          />
        </div>
        <div className="flex flex-wrap gap-3">
          <button
            type="submit"
            name="mode"
            value="check"
            disabled={pending}
            className={SECONDARY}
          >
            {pending ? "Working…" : "Check file"}
          </button>
          <button
            type="submit"
            name="mode"
            value="import"
            disabled={pending}
            className={BUTTON}
          >
            {pending ? "Working…" : "Import"}
          </button>
        </div>
      </form>
      {state?.ok && !pending && !clientErrors ? (
        <ImportResult report={state.data} />
      ) : null}
    </div>
  );
}

function KindChoice({ error }: { error?: string }) {
  return (
    <fieldset aria-describedby={error ? "kind-error" : undefined}>
      <legend className="font-semibold">What does the file hold?</legend>
      {error ? (
        <p id="kind-error" className="mt-1 text-red-700">
          {error}
        </p>
      ) : null}
      <div className="mt-2 flex flex-wrap gap-4">
        {IMPORT_KINDS.map((kind) => (
          <label key={kind} className="flex items-center gap-2">
            <input
              type="radio"
              name="kind"
              value={kind}
              defaultChecked={kind === "organisations"}
              className="size-5"
            />
            {KIND_LABELS[kind]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function errorsOf(error: z.ZodError): Errors {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "_form");
    errors[key] = [...(errors[key] ?? []), issue.message];
  }
  return errors;
}
