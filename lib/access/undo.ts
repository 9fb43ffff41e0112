import { type SQL, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { type Executor, getDb, rowsOf } from "@/lib/db/client";
import { type Actor, auditActor } from "./actor";
import { lockAccess } from "./apply";

/** Why a change was left as it was. */
export interface UndoRefusal {
  changeId: number;
  /**
   * later_change: the user has a later access change (from any source),
   * which an undo would overwrite; level_moved: the user's level is no
   * longer what the change set.
   */
  reason: "later_change" | "level_moved";
  /** The later change's reason (import, undo, restored …). */
  laterReason?: string;
}

export interface UndoResult {
  undone: number;
  /** Changes left as they were because undoing them would overwrite something. */
  skipped: number;
  refused: UndoRefusal[];
}

/** An admin-facing sentence for a refused undo. */
export function describeRefusal(refusal: UndoRefusal): string {
  if (refusal.reason === "level_moved") {
    return "Not undone: this person's access level is no longer what this change set.";
  }
  const source = refusal.laterReason
    ? ` (${refusal.laterReason.replaceAll("_", " ")})`
    : "";
  return `Not undone: a later access change${source} has been made for this person since, and undoing this one would overwrite it.`;
}

/** Undoes the given access changes, one by one or many at once. */
export function undoChanges(changeIds: number[], actor: Actor): Promise<UndoResult> {
  const ids = changeIds.filter((id) => Number.isSafeInteger(id) && id > 0);
  if (ids.length === 0) return Promise.resolve({ undone: 0, skipped: 0, refused: [] });
  const where = sql`ac.id = any(${`{${ids.join(",")}}`}::bigint[])`;
  return undoWhere(where, actor, { changeIds: ids });
}

/** A run's changes cannot be undone while it is still making them. */
export class RunStillGoing extends Error {}

/**
 * Undoes every change a run made that is not already undone, once the run
 * has stopped: a run still going would write its next batch after the undo.
 */
export function undoRun(runId: number, actor: Actor): Promise<UndoResult> {
  return undoWhere(sql`ac.run_id = ${runId}`, actor, { runId }, async (tx) => {
    const [run] = rowsOf<{ status: string }>(
      await tx.execute(sql`select status from access_runs where id = ${runId}`),
    );
    if (run?.status === "running") {
      throw new RunStillGoing("This run is still going: undo it once it has finished.");
    }
  });
}

/**
 * Puts each user back to the change's previous level, but only where the
 * change is still the user's latest access change and the level is still
 * what it set: a later change, from any source, is never overwritten. The
 * undo is itself an access change (reason undo, reverts_id) and audited,
 * all in one transaction.
 */
async function undoWhere(
  where: SQL,
  actor: Actor,
  scope: Record<string, unknown>,
  precheck?: (tx: Executor) => Promise<void>,
): Promise<UndoResult> {
  return getDb().transaction(async (tx) => {
    await lockAccess(tx);
    await precheck?.(tx);
    const [row] = rowsOf<{ undone: number; targeted: number; refused: UndoRefusal[] }>(
      await tx.execute(sql`
        with target as (
          select distinct on (ac.user_id) ac.id, ac.user_id, ac.to_level, ac.from_level
          from access_changes ac
          where ${where} and ac.reverted_at is null
          order by ac.user_id, ac.id desc
        ),
        checked as (
          select t.*, later.reason as later_reason,
            case when later.id is not null then 'later_change'
              when u.access_level <> t.to_level then 'level_moved' end as refusal
          from target t
          join users u on u.id = t.user_id
          left join lateral (select l.id, l.reason from access_changes l
            where l.user_id = t.user_id and l.id > t.id
            order by l.id limit 1) later on true
        ),
        changed as (
          update users u
          set access_level = c.from_level, version = u.version + 1, updated_at = now()
          from checked c
          where u.id = c.user_id and c.refusal is null and u.access_level = c.to_level
          returning c.id
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
          (select count(*) from target)::int as targeted,
          (select coalesce(json_agg(json_strip_nulls(json_build_object(
              'changeId', id, 'reason', refusal, 'laterReason', later_reason))
              order by id), '[]'::json)
            from checked where refusal is not null) as refused`),
    );
    const undone = Number(row?.undone ?? 0);
    const refused = parsedRefusals(row?.refused);
    const result = { undone, skipped: Number(row?.targeted ?? 0) - undone, refused };
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "access.undo",
      entityType: "access_change",
      entityId: "runId" in scope ? `run:${scope.runId}` : null,
      data: {
        ...scope,
        undone: result.undone,
        skipped: result.skipped,
        ...(refused.length > 0 ? { refused } : {}),
      },
    });
    return result;
  });
}

/** postgres.js and PGlite both parse json, but bigint ids may come as strings. */
function parsedRefusals(value: unknown): UndoRefusal[] {
  const list = (typeof value === "string" ? JSON.parse(value) : value) as UndoRefusal[];
  return (list ?? []).map((r) => ({ ...r, changeId: Number(r.changeId) }));
}
