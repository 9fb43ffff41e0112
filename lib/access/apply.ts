import { sql } from "drizzle-orm";
import { type Actor, auditActor } from "@/lib/access/actor";
import { recordAudit } from "@/lib/audit/record";
import { type Database, type Executor, rowsOf } from "@/lib/db/client";

/** One key for every writer of access levels, so runs and undos never interleave. */
export const ACCESS_LOCK_KEY = 7_310_425_001;

/** Serialises access writers until the end of the caller's transaction. */
export async function lockAccess(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${ACCESS_LOCK_KEY})`);
}

export type BatchHook = (
  info: { runId: number; batch: number; applied: number },
  tx: Executor,
) => Promise<void>;

/**
 * Applies plan rows first..last of category downgrade in one transaction with
 * its audit event. Each row is re-checked at write time (the user still a
 * subscriber, the answer unchanged), so a second scheduler that planned the
 * same rows finds nothing left to do.
 */
export async function applyDowngradeBatch(
  db: Database,
  options: { runId: number; first: number; last: number; batch: number; actor: Actor },
  hook?: BatchHook,
): Promise<number> {
  const { runId, first, last, actor } = options;
  return db.transaction(async (tx) => {
    await lockAccess(tx);
    const [row] = rowsOf<{ n: number }>(
      await tx.execute(sql`
        with batch as (
          select p.user_id, p.review_item_id, p.campaign_id, p.response, p.rule_id,
            p.rule_suffix
          from access_run_items p
          join review_items ri on ri.id = p.review_item_id and ri.response = p.response
          where p.run_id = ${runId} and p.category = 'downgrade'
            and p.seq between ${first} and ${last}
        ),
        changed as (
          update users u
          set access_level = 'non_subscriber', version = u.version + 1, updated_at = now()
          from batch b
          where u.id = b.user_id and u.access_level = 'subscriber'
          returning u.id, b.review_item_id, b.campaign_id, b.response, b.rule_id,
            b.rule_suffix
        ),
        recorded as (
          insert into access_changes (user_id, campaign_id, review_item_id, run_id,
            from_level, to_level, reason, rule_id, rule_suffix, actor)
          select c.id, c.campaign_id, c.review_item_id, ${runId}, 'subscriber',
            'non_subscriber', 'response_' || c.response::text, c.rule_id, c.rule_suffix,
            ${actor.name}
          from changed c
          returning 1
        )
        select count(*)::int as n from recorded`),
    );
    const applied = Number(row?.n ?? 0);
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "access.downgrade_batch",
      entityType: "access_run",
      entityId: runId,
      data: { batch: options.batch, seqFrom: first, seqTo: last, downgraded: applied },
    });
    await hook?.({ runId, batch: options.batch, applied }, tx);
    return applied;
  });
}

/**
 * Restores what a campaign removed once the answer is back to works_here:
 * the user's level goes back (only if it is still what the change set), the
 * old change is marked reverted and a `restored` change records it.
 */
export async function applyRestores(
  db: Database,
  options: { runId: number; first: number; last: number; actor: Actor },
): Promise<number> {
  const { runId, first, last, actor } = options;
  return db.transaction(async (tx) => {
    await lockAccess(tx);
    const [row] = rowsOf<{ n: number }>(
      await tx.execute(sql`
        with batch as (
          select p.user_id, p.change_id, ac.from_level, ac.to_level
          from access_run_items p
          join access_changes ac on ac.id = p.change_id and ac.reverted_at is null
          join review_items ri on ri.id = p.review_item_id and ri.response = 'works_here'
          where p.run_id = ${runId} and p.category = 'restore'
            and p.seq between ${first} and ${last}
        ),
        changed as (
          update users u
          set access_level = b.from_level, version = u.version + 1, updated_at = now()
          from batch b
          where u.id = b.user_id and u.access_level = b.to_level
          returning b.change_id
        ),
        reverted as (
          update access_changes ac set reverted_at = now(), reverted_by = ${actor.name}
          from changed c
          where ac.id = c.change_id
          returning ac.id, ac.user_id, ac.campaign_id, ac.review_item_id, ac.from_level,
            ac.to_level
        ),
        recorded as (
          insert into access_changes (user_id, campaign_id, review_item_id, run_id,
            from_level, to_level, reason, actor, reverts_id)
          select user_id, campaign_id, review_item_id, ${runId}, to_level, from_level,
            'restored', ${actor.name}, id
          from reverted
          returning 1
        )
        select count(*)::int as n from recorded`),
    );
    const restored = Number(row?.n ?? 0);
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "access.restore",
      entityType: "access_run",
      entityId: runId,
      data: { restored },
    });
    return restored;
  });
}
