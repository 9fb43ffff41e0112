import { type SQL, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { getDb, rowsOf } from "@/lib/db/client";
import { type Actor, auditActor } from "./actor";
import { lockAccess } from "./apply";

export interface UndoResult {
  undone: number;
  /** Changes left as they were: already undone, or the user's level has moved on. */
  skipped: number;
}

/** Undoes the given access changes, one by one or many at once. */
export function undoChanges(changeIds: number[], actor: Actor): Promise<UndoResult> {
  const ids = changeIds.filter((id) => Number.isSafeInteger(id) && id > 0);
  if (ids.length === 0) return Promise.resolve({ undone: 0, skipped: 0 });
  const where = sql`ac.id = any(${`{${ids.join(",")}}`}::bigint[])`;
  return undoWhere(where, actor, { changeIds: ids });
}

/** Undoes every change a run made that is not already undone. */
export function undoRun(runId: number, actor: Actor): Promise<UndoResult> {
  return undoWhere(sql`ac.run_id = ${runId}`, actor, { runId });
}

/**
 * Puts each user back to the change's previous level, but only where the
 * level is still what the change set: a later change is never overwritten.
 * The undo is itself an access change (reason undo, reverts_id) and audited,
 * all in one transaction.
 */
async function undoWhere(
  where: SQL,
  actor: Actor,
  scope: Record<string, unknown>,
): Promise<UndoResult> {
  return getDb().transaction(async (tx) => {
    await lockAccess(tx);
    const [row] = rowsOf<{ undone: number; targeted: number }>(
      await tx.execute(sql`
        with target as (
          select distinct on (ac.user_id) ac.id, ac.user_id, ac.campaign_id,
            ac.review_item_id, ac.from_level, ac.to_level, ac.rule_id, ac.rule_suffix
          from access_changes ac
          where ${where} and ac.reverted_at is null
          order by ac.user_id, ac.id desc
        ),
        changed as (
          update users u
          set access_level = t.from_level, version = u.version + 1, updated_at = now()
          from target t
          where u.id = t.user_id and u.access_level = t.to_level
          returning t.id
        ),
        reverted as (
          update access_changes ac set reverted_at = now(), reverted_by = ${actor.name}
          from changed c
          where ac.id = c.id
          returning ac.id, ac.user_id, ac.campaign_id, ac.review_item_id, ac.from_level,
            ac.to_level, ac.rule_id, ac.rule_suffix
        ),
        recorded as (
          insert into access_changes (user_id, campaign_id, review_item_id, from_level,
            to_level, reason, rule_id, rule_suffix, actor, reverts_id)
          select r.user_id, r.campaign_id, r.review_item_id, r.to_level, r.from_level,
            'undo', r.rule_id, r.rule_suffix, ${actor.name}, r.id
          from reverted r
          returning 1
        )
        select (select count(*) from recorded)::int as undone,
          (select count(*) from target)::int as targeted`),
    );
    const result = {
      undone: Number(row?.undone ?? 0),
      skipped: Number(row?.targeted ?? 0) - Number(row?.undone ?? 0),
    };
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "access.undo",
      entityType: "access_change",
      entityId: "runId" in scope ? `run:${scope.runId}` : null,
      data: { ...scope, ...result },
    });
    return result;
  });
}
