import { z } from "zod";

/** One hidden field arrives as a value, several as a list. */
const idList = z.preprocess(
  (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
  z.array(z.coerce.number().int().positive()),
);

export const startRunInput = z.object({
  mode: z.enum(["dry", "real"], { error: "Choose a preview or a real run." }),
  /** Campaigns the admin confirms past the safety brake. */
  confirmCampaignIds: idList.default([]),
});

export const undoChangeInput = z.object({
  changeId: z.coerce.number().int().positive("Choose a change to undo."),
});

export const undoRunInput = z.object({
  runId: z.coerce.number().int().positive("Choose a run to undo."),
});
