import { z } from "zod";
import { isIsoDate } from "@/lib/deadline";

/** Shared by the "New campaign" form and its server action. */
export const createCampaignInput = z.object({
  name: z
    .string()
    .trim()
    .min(3, "Enter a campaign name of at least 3 characters.")
    .max(120, "Keep the campaign name to 120 characters or fewer."),
  deadlineDate: z
    .string()
    .trim()
    .refine(isIsoDate, "Enter the deadline as a date, for example 2027-03-31."),
});
export type CreateCampaignInput = z.infer<typeof createCampaignInput>;

export const campaignIdInput = z.object({
  campaignId: z.coerce.number().int().positive("Choose a campaign."),
});

/** Form values arrive as one string or several; either way a list of ids. */
const idList = z.preprocess(
  (value) => (value === undefined || value === "" ? [] : [value].flat()),
  z.array(z.coerce.number().int().positive()),
);

export const sendInvitationsInput = campaignIdInput.extend({ leadIds: idList });

export const reissueLinkInput = campaignIdInput.extend({
  leadId: z.coerce.number().int().positive(),
  /** The live link the admin saw; 0 when the lead had none. */
  linkId: z.coerce.number().int().min(0),
});

export const resendLinkInput = reissueLinkInput.extend({
  /** The lead's latest message the admin saw (0: none); a double click repeats it. */
  afterMessageId: z.coerce.number().int().min(0),
});

const leadName = z.string().trim().min(2, "Enter the lead's full name.").max(200);
const leadEmail = z
  .string()
  .trim()
  .pipe(z.email("Enter an email address like name@nhs.net."));

/** Changes a lead's name, address or both (the link the admin saw guards it). */
export const changeLeadInput = reissueLinkInput.extend({
  fullName: leadName,
  email: leadEmail,
});
export type ChangeLeadInput = z.input<typeof changeLeadInput>;

export const addLeadInput = campaignIdInput.extend({
  organisationId: z.coerce.number().int().positive(),
  fullName: leadName,
  email: leadEmail,
});
export type AddLeadInput = z.input<typeof addLeadInput>;

export const remindNowInput = campaignIdInput.extend({ leadIds: idList });

export const closeCampaignInput = campaignIdInput.extend({
  unanswered: z.enum(["nothing", "unknown"]).default("nothing"),
});

/** "14, 7, 3, 1, 0": whole days before the deadline; 0 is the day itself. */
export const reminderDaysInput = campaignIdInput.extend({
  reminderDays: z
    .string()
    .trim()
    .regex(
      /^\d{1,3}(\s*,\s*\d{1,3})*$/,
      "Enter whole numbers of days separated by commas, like 14, 7, 3, 1, 0.",
    )
    .transform((text) => [...new Set(text.split(",").map((part) => Number(part.trim())))])
    .transform((days) => days.sort((a, b) => b - a)),
});
