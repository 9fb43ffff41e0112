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

export const linkActionInput = campaignIdInput.extend({
  leadId: z.coerce.number().int().positive(),
  /** The link the admin saw: a stale click (the link was already reissued) is refused. */
  linkId: z.coerce.number().int().positive(),
});
