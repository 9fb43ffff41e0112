import { z } from "zod";
import { bulkResponseInput, RESPONSES, saveResponseInput } from "@/lib/review/schemas";

/**
 * The zod schemas of the admin's "answer for this organisation" page, shared
 * by its forms and its server actions. The campaign and organisation whose
 * list this is come from the route (as hidden fields); every query the
 * actions make is bounded by them.
 */

const id = z.coerce.number().int().positive();

const listScope = {
  campaignId: id,
  /** The organisation whose list this is; `organisationId` is the user's employer. */
  scopeOrganisationId: id,
};

export const adminSaveResponseInput = saveResponseInput
  .omit({ token: true })
  .extend(listScope);
export type AdminSaveResponseInput = z.output<typeof adminSaveResponseInput>;

/** "Mark every unanswered user as …": asks first, then does it when confirmed. */
export const adminBulkResponseInput = z.object({
  ...listScope,
  response: z.enum(RESPONSES, { error: "Please choose the response to give." }),
  confirmed: bulkResponseInput.shape.confirmed,
});
export type AdminBulkResponseInput = z.output<typeof adminBulkResponseInput>;
