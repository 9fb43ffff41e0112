import { and, count, eq, inArray, type SQL, sql } from "drizzle-orm";
import { type Database, getDb, rowsOf } from "@/lib/db/client";
import { reviewItems, users } from "@/lib/db/schema";
import { type ItemScope, type ReviewScope, toItemScope } from "./access";
import { holdCampaignOpen } from "./hold-open";
import { filterWhere, type HintContext, loadHintContext } from "./queries";
import type { SaveActor } from "./save";
import type { BulkResponseInput } from "./schemas";

/** What a bulk answer targets and gives, whoever asks: the form without token or confirm. */
export type BulkTarget = Omit<BulkResponseInput, "token" | "confirmed">;

/**
 * The rows a bulk answer targets: the ticked ids or every row matching the
 * filter, always inside the scope (an id from elsewhere matches
 * nothing), skipping rows that already have that response.
 */
function bulkWhere(scope: ItemScope, input: BulkTarget, hints: HintContext): SQL {
  const filter = {
    q: input.q,
    response: input.filterResponse,
    changed: input.changed,
    hint: input.hint,
  };
  const conditions: SQL[] = [
    input.target === "selected"
      ? filterWhere(scope, { q: "", response: "all", changed: "any", hint: "any" }, hints)
      : filterWhere(scope, filter, hints),
    sql`${reviewItems.response} is distinct from ${input.response}::review_response`,
  ];
  if (input.target === "selected")
    conditions.push(inArray(reviewItems.id, input.itemIds));
  return and(...conditions)!;
}

/** How many rows a bulk answer would change: for the confirm step. Reads only. */
export async function countBulkTargets(
  scope: ReviewScope | ItemScope,
  input: BulkTarget,
  db: Database = getDb(),
): Promise<number> {
  if (input.target === "selected" && input.itemIds.length === 0) return 0;
  const hints = await loadHintContext(scope, new Date(), db);
  const [row] = await db
    .select({ n: count() })
    .from(reviewItems)
    .innerJoin(users, eq(users.id, reviewItems.userId))
    .where(bulkWhere(toItemScope(scope), input, hints));
  return Number(row?.n ?? 0);
}

/** A lead's bulk answer through their review link. */
export function applyBulkResponse(
  scope: ReviewScope,
  input: BulkTarget,
  responderName: string,
  db: Database = getDb(),
): Promise<number> {
  const actor: SaveActor = {
    type: "lead",
    id: String(scope.link.id),
    name: responderName,
  };
  return applyBulk(toItemScope(scope), actor, input, db);
}

/**
 * Gives every targeted row the response in one set-based statement: the
 * update and one audit event per row, in one transaction. Throws
 * AnswersLocked when the campaign closed (or, for a lead, its deadline
 * passed) since the caller's check.
 */
export async function applyBulk(
  scope: ItemScope,
  actor: SaveActor,
  input: BulkTarget,
  db: Database = getDb(),
): Promise<number> {
  if (input.target === "selected" && input.itemIds.length === 0) return 0;
  const linkId = actor.type === "lead" ? Number(actor.id) : null;
  const hints = await loadHintContext(scope, new Date(), db);
  return db.transaction(async (tx) => {
    await holdCampaignOpen(tx, scope.campaignId, actor.type);
    const result = await tx.execute(sql`
      with target as (
        select review_items.id, review_items.response as before, users.id as user_id,
               users.full_name
        from review_items join users on users.id = review_items.user_id
        where ${bulkWhere(scope, input, hints)}
        for update of review_items
      ), updated as (
        update review_items
        set response = ${input.response}::review_response, responded_at = now(),
            responder_name = ${actor.name}, responded_link_id = ${linkId},
            version = review_items.version + 1, updated_at = now()
        from target
        where review_items.id = target.id
          and review_items.campaign_id = ${scope.campaignId}
          and review_items.organisation_id = ${scope.organisationId}
        returning review_items.id, target.before, target.user_id, target.full_name
      ), audited as (
        insert into audit_events
          (actor_type, actor_id, actor_name, action, entity_type, entity_id,
           campaign_id, organisation_id, data)
        select ${actor.type}, ${actor.id}, ${actor.name}, 'review.bulk_respond',
               'review_item', updated.id::text, ${scope.campaignId}, ${scope.organisationId},
               jsonb_build_object(
                 'userId', updated.user_id, 'userName', updated.full_name, 'bulk', true,
                 'before', jsonb_build_object('response', updated.before),
                 'after', jsonb_build_object('response', ${input.response}::text))
        from updated
        returning 1
      )
      select count(*)::int as n from audited`);
    return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
  });
}
