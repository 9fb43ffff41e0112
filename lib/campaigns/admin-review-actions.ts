"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/auth/admin";
import { type ActionResult, fail } from "@/lib/result";
import { RESPONSE_LABELS, type Response } from "@/lib/review/labels";
import type { ReviewRow } from "@/lib/review/queries";
import { bulkAsAdmin, saveAsAdmin } from "./admin-review";
import { adminBulkResponseInput, adminSaveResponseInput } from "./admin-review-schemas";

/** What the row shows after a save, or what someone else saved before it. */
export interface AdminRowState {
  version: number;
  userVersion: number;
  response: Response | null;
  responderName: string | null;
  organisationName: string | null;
  roleId: number | null;
}

/** A refused save keeps what the admin chose (`submitted`) and shows the current row. */
export type AdminSaveResult = ActionResult<AdminRowState> & {
  conflict?: AdminRowState;
  submitted?: { response: Response; organisationName: string; roleId: number | null };
};

const rowState = (row: ReviewRow): AdminRowState => ({
  version: row.version,
  userVersion: row.userVersion,
  response: row.response,
  responderName: row.responderName,
  organisationName: row.organisationName,
  roleId: row.roleId,
});

const listPath = (campaignId: number, organisationId: number) =>
  `/admin/campaigns/${campaignId}/organisations/${organisationId}`;

export const adminSaveResponseAction = adminAction(
  "campaigns.adminReview.save",
  adminSaveResponseInput,
  async (input, admin): Promise<AdminSaveResult> => {
    const outcome = await saveAsAdmin(input, admin);
    const submitted = {
      response: input.response,
      organisationName: input.organisationName ?? "",
      roleId: input.roleId ?? null,
    };
    switch (outcome.status) {
      case "saved":
        revalidatePath(listPath(input.campaignId, input.scopeOrganisationId), "layout");
        return { ok: true, data: rowState(outcome.row) };
      case "conflict":
        return {
          ...fail(conflictMessage(outcome.row)),
          conflict: rowState(outcome.row),
          submitted,
        };
      case "invalid":
        return {
          ...fail("Please check the highlighted fields.", outcome.fieldErrors),
          submitted,
        };
      case "locked":
        return { ...fail(outcome.message), submitted };
      default:
        return fail("This person is not on this organisation's list for this campaign.");
    }
  },
);

function conflictMessage(row: ReviewRow): string {
  const who = row.responderName ?? "Someone else";
  const answer = row.response ? RESPONSE_LABELS[row.response] : "no answer";
  return `${who} changed this person's details while you were editing (now: ${answer}), so your change was not saved. Check the row and save again if it still needs changing.`;
}

export interface AdminBulkOutcome {
  stage: "confirm" | "done";
  count: number;
  response: Response;
}

export const adminBulkResponseAction = adminAction(
  "campaigns.adminReview.bulk",
  adminBulkResponseInput,
  async (input, admin): Promise<ActionResult<AdminBulkOutcome>> => {
    const result = await bulkAsAdmin(input, admin);
    if ("locked" in result) return fail(result.locked);

    if (result.done)
      revalidatePath(listPath(input.campaignId, input.scopeOrganisationId), "layout");
    const stage = result.done ? "done" : "confirm";
    return { ok: true, data: { stage, count: result.count, response: input.response } };
  },
);
