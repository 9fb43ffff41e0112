"use client";

import { addRuleAction } from "@/lib/access/actions";
import { ActionForm } from "../action-form";
import { BUTTON, INPUT } from "../ui";

/** Adding a rule: what was typed stays in the fields when it is refused. */
export function RuleForm() {
  return (
    <ActionForm
      action={addRuleAction}
      label="Add rule"
      done="Rule added."
      className={BUTTON}
    >
      {(typed) => (
        <div key={JSON.stringify(typed)} className="max-w-md space-y-3">
          <label className="block font-semibold" htmlFor="suffix">
            Domain suffix
            <span className="block text-sm font-normal text-slate-700">
              For example nhs.net or mft.nhs.uk
            </span>
            <input
              id="suffix"
              name="suffix"
              defaultValue={typed.suffix}
              className={INPUT}
              required
              aria-describedby="suffix-error"
            />
          </label>
          <label className="block font-semibold" htmlFor="label">
            Label
            <input
              id="label"
              name="label"
              defaultValue={typed.label}
              className={INPUT}
              required
              aria-describedby="label-error"
            />
          </label>
        </div>
      )}
    </ActionForm>
  );
}
