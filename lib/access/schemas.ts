import { z } from "zod";
import { ruleSuffix } from "./domains";

export const startRunInput = z.object({
  mode: z.enum(["dry", "real"], { error: "Choose a preview or a real run." }),
  /**
   * The braked run the admin confirms: its campaigns go ahead, each only as
   * far as the count the admin saw on that run's page.
   */
  confirmRunId: z.coerce.number().int().positive().optional(),
});

export const undoChangeInput = z.object({
  changeId: z.coerce.number().int().positive("Choose a change to undo."),
});

export const undoRunInput = z.object({
  runId: z.coerce.number().int().positive("Choose a run to undo."),
});

/** Form strings: an empty field is "not given". */
const blankAsNull = (value: unknown) =>
  value === "" || value === undefined ? null : value;

/**
 * A campaign's access settings, shared by its form and the server action.
 * Grace up to 30 days; a brake of 100% never stops a run, and an empty
 * brake means the default share (ACCESS_BRAKE_SHARE).
 */
export const campaignAccessSettingsInput = z.object({
  campaignId: z.coerce.number().int().positive("Choose a campaign."),
  // An emptied field is a missing value, never 0 hours.
  graceHours: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.coerce
      .number({ error: "Enter the grace period in hours, for example 24." })
      .int("Enter a whole number of hours.")
      .min(0, "The grace period cannot be negative.")
      .max(720, "Keep the grace period to 720 hours (30 days) or less."),
  ),
  brakePercent: z.preprocess(
    blankAsNull,
    z.coerce
      .number({ error: "Enter a share between 1 and 100, or leave it empty." })
      .int("Enter a whole percentage.")
      .min(1, "The brake share must be at least 1%.")
      .max(100, "The brake share cannot be more than 100%.")
      .nullable(),
  ),
});
export type CampaignAccessSettingsInput = z.output<typeof campaignAccessSettingsInput>;

/** One-label suffixes (uk, net) would cover whole countries or the internet. */
export const MIN_RULE_LABELS = 2;

const ruleLabel = z
  .string()
  .trim()
  .min(1, "Enter a label, for example NHSmail.")
  .max(120, "Keep the label under 120 characters.");

export const addRuleInput = z.object({
  suffix: ruleSuffix.refine(
    (value) => value.split(".").length >= MIN_RULE_LABELS,
    "Enter at least two parts, for example nhs.uk: a single part such as uk or net would cover far too many addresses.",
  ),
  label: ruleLabel,
});
export type AddRuleInput = z.output<typeof addRuleInput>;

export const editRuleLabelInput = z.object({
  ruleId: z.coerce.number().int().positive("Choose a rule to change."),
  label: ruleLabel,
});

export const removeRuleInput = z.object({
  ruleId: z.coerce.number().int().positive("Choose a rule to remove."),
});

/** The access changes list: search by email, paged. */
export const listChangesInput = z.object({
  q: z.string().trim().max(200).catch(""),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
