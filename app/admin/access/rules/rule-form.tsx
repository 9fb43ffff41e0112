"use client";

import { addRuleAction, editRuleLabelAction } from "@/lib/access/actions";
import { ActionForm } from "../action-form";
import { BUTTON, INPUT, SECONDARY } from "../ui";

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

/** A rule's label, changed in place; the suffix it matches stays. */
export function RuleLabelForm(props: { ruleId: number; suffix: string; label: string }) {
  const id = `label-${props.ruleId}`;
  return (
    <ActionForm
      action={editRuleLabelAction}
      values={{ ruleId: props.ruleId }}
      label="Save label"
      done="Label saved."
      className={SECONDARY}
    >
      {(typed) => (
        <label className="block" htmlFor={id} key={JSON.stringify(typed)}>
          <span className="sr-only">Label of {props.suffix}</span>
          <input
            id={id}
            name="label"
            defaultValue={typed.label ?? props.label}
            className={INPUT}
            required
            maxLength={120}
          />
        </label>
      )}
    </ActionForm>
  );
}
