"use server";

import { type ActionResult, fail } from "@/lib/result";
import { applyBulkResponse, countBulkTargets } from "./bulk";
import { type ReviewContext, reviewAction } from "./guard";
import { AnswersLocked } from "./hold-open";
import type { Response, RowState } from "./labels";
import { rememberResponderName } from "./responder";
import { saveReviewItem } from "./save";
import {
  type BulkResponseInput,
  bulkResponseInput,
  responderNameInput,
  type SaveResponseInput,
  saveResponseInput,
} from "./schemas";

/**
 * The review page's server actions. Each goes through reviewAction, so the
 * token is resolved on the server and its organisation and campaign bound
 * every query; the work itself lives in save.ts and bulk.ts.
 */

const NAME_FIRST =
  "Please tell us who is responding (at the top of the list) before saving.";

function needsResponder(ctx: ReviewContext) {
  return ctx.responderName
    ? null
    : fail(NAME_FIRST, { responderName: ["Please enter your name."] });
}

export const setResponderAction = reviewAction(
  "review.set_responder",
  responderNameInput,
  async (input): Promise<ActionResult<{ name: string }>> => {
    await rememberResponderName(input.token, input.name);
    return { ok: true, data: { name: input.name } };
  },
);

/**
 * A refused save: `conflict` holds what someone else saved, for the row to
 * show; `submitted` gives back what the lead entered, so nothing typed is lost.
 */
export type SaveResult = ActionResult<RowState> & {
  conflict?: RowState;
  submitted?: {
    response: Response;
    organisationId: number | null;
    organisationName: string;
    roleId: number | null;
  };
};

/** What the lead entered, given back with a refusal so that nothing is lost. */
function submittedOf(input: SaveResponseInput): SaveResult["submitted"] {
  return {
    response: input.response,
    organisationId: input.organisationId ?? null,
    organisationName: input.organisationName ?? "",
    roleId: input.roleId ?? null,
  };
}

export const saveResponseAction = reviewAction(
  "review.save",
  saveResponseInput,
  async (input, ctx): Promise<SaveResult> => {
    const refused = needsResponder(ctx);
    if (refused) return refused;

    const outcome = await saveReviewItem(ctx, input, ctx.responderName!);
    switch (outcome.status) {
      case "saved":
        return { ok: true, data: outcome.row as RowState };
      case "conflict":
        return {
          ...fail(conflictMessage(outcome.row as RowState)),
          conflict: outcome.row as RowState,
        };
      case "invalid":
        return {
          ...fail("Please check the highlighted fields.", outcome.fieldErrors),
          submitted: submittedOf(input),
        };
      case "locked":
        return { ...fail(outcome.message), submitted: submittedOf(input) };
      default:
        return fail("This person is not on your organisation's list for this review.");
    }
  },
);

function conflictMessage(row: RowState): string {
  const who = row.responderName ?? "Someone else";
  return `${who} saved this person's details while you were editing, so your change was not saved. Their answer is shown below: check it and save again if it needs changing.`;
}

export interface BulkOutcome {
  stage: "confirm" | "done";
  count: number;
  response: Response;
  /** The request as understood, so the confirm step can repeat it (also without JavaScript). */
  echo: Omit<BulkResponseInput, "token" | "confirmed">;
}

export const bulkResponseAction = reviewAction(
  "review.bulk_respond",
  bulkResponseInput,
  async (input, ctx): Promise<ActionResult<BulkOutcome>> => {
    const refused = needsResponder(ctx);
    if (refused) return refused;
    if (input.target === "selected" && input.itemIds.length === 0) {
      return fail("Please tick the people you want to answer for first.");
    }

    const { token: _token, confirmed, ...echo } = input;
    if (confirmed !== "yes") {
      const count = await countBulkTargets(ctx, input);
      return {
        ok: true,
        data: { stage: "confirm", count, response: input.response, echo },
      };
    }
    try {
      const count = await applyBulkResponse(ctx, input, ctx.responderName!);
      return { ok: true, data: { stage: "done", count, response: input.response, echo } };
    } catch (error) {
      if (error instanceof AnswersLocked) return fail(error.message);
      throw error;
    }
  },
);
