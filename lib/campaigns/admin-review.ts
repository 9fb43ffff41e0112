import { eq } from "drizzle-orm";
import type { Admin } from "@/lib/auth/admin";
import { type Database, getDb } from "@/lib/db/client";
import { campaigns, organisations } from "@/lib/db/schema";
import type { ItemScope } from "@/lib/review/access";
import { applyBulk, type BulkTarget, countBulkTargets } from "@/lib/review/bulk";
import { AnswersLocked } from "@/lib/review/hold-open";
import type { Response } from "@/lib/review/labels";
import { listReviewItems, listRoles, type ReviewRow } from "@/lib/review/queries";
import { type SaveActor, type SaveOutcome, saveItem } from "@/lib/review/save";
import type {
  AdminBulkResponseInput,
  AdminSaveResponseInput,
} from "./admin-review-schemas";

/**
 * An admin answering for an organisation's users, as its lead would: the
 * review domain's own save and bulk answer, with the admin as the actor and
 * the campaign and organisation from the route as the scope.
 */

export const CLOSED_MESSAGE =
  "This campaign has closed, so answers can no longer be changed.";

/** The admin as the actor of a save: audited under their address. */
export function adminActor(admin: Admin): SaveActor {
  return { type: "admin", id: admin.email, name: admin.email };
}

/** Why answers cannot change in this campaign now, or null when they can. */
export async function answersLocked(
  campaignId: number,
  db: Database = getDb(),
): Promise<string | null> {
  const [campaign] = await db
    .select({ status: campaigns.status })
    .from(campaigns)
    .where(eq(campaigns.id, campaignId));
  if (!campaign) return "We could not find that campaign.";
  if (campaign.status === "draft") return "This campaign has not opened yet.";
  return campaign.status === "closed" ? CLOSED_MESSAGE : null;
}

const scopeOf = (input: {
  campaignId: number;
  scopeOrganisationId: number;
}): ItemScope => ({
  campaignId: input.campaignId,
  organisationId: input.scopeOrganisationId,
});

/** Saves one row for the admin; refused once the campaign has closed. */
export async function saveAsAdmin(
  input: AdminSaveResponseInput,
  admin: Admin,
  db: Database = getDb(),
): Promise<SaveOutcome> {
  const locked = await answersLocked(input.campaignId, db);
  if (locked) return { status: "locked", message: locked };

  const { campaignId: _c, scopeOrganisationId: _o, ...row } = input;
  return saveItem(scopeOf(input), adminActor(admin), row, db);
}

/** Every unanswered user of the organisation, whatever the lead's filters. */
function unansweredTarget(response: Response): BulkTarget {
  return {
    response,
    target: "filter",
    itemIds: [],
    q: "",
    filterResponse: "none",
    changed: "any",
    hint: "any",
  };
}

/**
 * Gives every unanswered user the response: without `confirmed`, only counts
 * them for the confirm step.
 */
export async function bulkAsAdmin(
  input: AdminBulkResponseInput,
  admin: Admin,
  db: Database = getDb(),
): Promise<{ count: number; done: boolean } | { locked: string }> {
  const locked = await answersLocked(input.campaignId, db);
  if (locked) return { locked };

  const target = unansweredTarget(input.response);
  if (input.confirmed !== "yes")
    return { count: await countBulkTargets(scopeOf(input), target, db), done: false };
  try {
    const count = await applyBulk(scopeOf(input), adminActor(admin), target, db);
    return { count, done: true };
  } catch (error) {
    if (error instanceof AnswersLocked) return { locked: error.message };
    throw error;
  }
}

export const ADMIN_REVIEW_PAGE_SIZE = 50;

/** Hints are the lead page's; the admin's list does not show them. */
const NO_HINTS = { staleBefore: new Date(0), majorityDomain: null };

/**
 * What the admin's answer page shows: the organisation, one page of its
 * items in the campaign (all, or only the unanswered) and the roles to pick
 * from. Reads only; null when the organisation does not exist.
 */
export async function loadAdminReviewPage(
  scope: ItemScope,
  view: { page: number; unansweredOnly: boolean },
  db: Database = getDb(),
) {
  const [organisation] = await db
    .select({ id: organisations.id, name: organisations.name, code: organisations.code })
    .from(organisations)
    .where(eq(organisations.id, scope.organisationId));
  if (!organisation) return null;
  const query = {
    q: "",
    response: view.unansweredOnly ? ("none" as const) : ("all" as const),
    changed: "any" as const,
    hint: "any" as const,
    sort: "name" as const,
    page: view.page,
    size: ADMIN_REVIEW_PAGE_SIZE,
  };
  const [items, roles] = await Promise.all([
    listReviewItems(scope, query, NO_HINTS, db),
    listRoles(db),
  ]);
  return { organisation, rows: items.rows as ReviewRow[], total: items.total, roles };
}
