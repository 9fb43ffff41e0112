import { sql } from "drizzle-orm";
import { type Actor, auditActor } from "@/lib/access/actor";
import { recordAudit } from "@/lib/audit/record";
import { type Database, type Executor, rowsOf } from "@/lib/db/client";
import {
  accessChangedSince,
  decidedSince,
  isLead,
  pastGrace,
  restoresCte,
  standingAnswer,
} from "./classify";

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

export interface BatchOptions {
  runId: number;
  first: number;
  last: number;
  batch: number;
  actor: Actor;
  /** The clock the plan measured the grace period against. */
  now?: Date;
}

/**
 * Applies plan rows first..last of category downgrade in one transaction with
 * its audit event. At write time each planned answer is checked again, at
 * the plan's clock, with the conditions the plan classified it by (shared
 * from classify.ts): still a standing left/unknown answer past its grace
 * period, no admin decision and no access change since it, the user not a
 * lead, still a subscriber, and the matched rule still in place. Addresses
 * never change (a user is keyed by address), so the rule match stands. So
 * whatever happened since the plan (another run's downgrade, an undo, an
 * import, a newer answer, a new lead, an admin's decision) is respected,
 * and a second scheduler that planned the same rows finds nothing left.
 * An answer that stopped counting is skipped rather than replaced by the
 * user's next one; the next run plans that afresh.
 */
export async function applyDowngradeBatch(
  db: Database,
  options: BatchOptions,
  hook?: BatchHook,
): Promise<number> {
  return db.transaction(async (tx) => {
    await lockAccess(tx);
    await tx.execute(sql`set local jit = off`);
    return writeDowngrades(tx, options, hook, { recheck: true });
  });
}

/**
 * The first batch of a run, written in the transaction that made the plan,
 * under the access lock taken before planning: no other run, undo or admin
 * decision can come between, and the write itself still requires a
 * subscriber who is not a lead and a rule still in place (an import may
 * lower a level meanwhile, a lead may be added, a rule removed). The rows
 * otherwise go as planned: an answer changed in
 * that moment is the next run's to reconcile, as one changed just after.
 */
export function applyFirstBatchWithPlan(
  tx: Executor,
  options: BatchOptions,
  hook?: BatchHook,
): Promise<number> {
  return writeDowngrades(tx, options, hook, { recheck: false });
}

function plannedRows(options: BatchOptions, recheck: boolean) {
  const { runId, first, last } = options;
  const now = (options.now ?? new Date()).toISOString();
  // An admin may remove a rule at any time, without the access lock.
  const ruleStands = sql`exists (select 1 from domain_rules dr
    where dr.id = p.rule_id and dr.suffix = p.rule_suffix)`;
  if (!recheck) {
    return sql`
      select p.user_id, p.review_item_id as item_id, p.campaign_id, p.response,
        p.rule_id, p.rule_suffix
      from access_run_items p
      where p.run_id = ${runId} and p.category = 'downgrade'
        and p.seq between ${first} and ${last} and ${ruleStands}`;
  }
  return sql`
      select p.user_id, ri.id as item_id, ri.campaign_id, ri.response, p.rule_id,
        p.rule_suffix
      from access_run_items p
      join review_items ri on ri.id = p.review_item_id and ri.user_id = p.user_id
      join campaigns c on c.id = ri.campaign_id
      where p.run_id = ${runId} and p.category = 'downgrade'
        and p.seq between ${first} and ${last}
        and ${standingAnswer()}
        and ${pastGrace(now, sql`ri.responded_at`)}
        and not ${decidedSince(now, sql`ri.id`, sql`ri.responded_at`)}
        and not ${accessChangedSince(sql`ri.user_id`, sql`ri.responded_at`)}
        and ${ruleStands}`;
}

async function writeDowngrades(
  tx: Executor,
  options: BatchOptions,
  hook: BatchHook | undefined,
  { recheck }: { recheck: boolean },
): Promise<number> {
  const { runId, first, last, actor } = options;
  const [row] = rowsOf<{ n: number }>(
    await tx.execute(sql`
      with still as (${plannedRows(options, recheck)}),
      changed as (
        update users u
        set access_level = 'non_subscriber', version = u.version + 1, updated_at = now()
        from still s
        where u.id = s.user_id and u.access_level = 'subscriber'
          and not ${isLead(sql`u.email`)}
        returning u.id, s.item_id, s.campaign_id, s.response, s.rule_id, s.rule_suffix
      ),
      recorded as (
        insert into access_changes (user_id, campaign_id, review_item_id, run_id,
          from_level, to_level, reason, rule_id, rule_suffix, actor)
        select c.id, c.campaign_id, c.item_id, ${runId}, 'subscriber',
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
}

/**
 * Restores what a campaign removed once the user's newest answer is back to
 * works_here. Like a downgrade batch, the planned restores are checked again
 * at write time by the plan's own statement (still the user's latest change,
 * still their newest answer), then the level goes back, the old change is
 * marked reverted and a `restored` change records it.
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
          select p.user_id from access_run_items p
          where p.run_id = ${runId} and p.category = 'restore'
            and p.seq between ${first} and ${last}
        ),
        ${restoresCte(sql`select user_id from batch`)},
        still as (select r.change_id, r.user_id, r.from_level, r.to_level from restores r),
        changed as (
          update users u
          set access_level = s.from_level, version = u.version + 1, updated_at = now()
          from still s
          where u.id = s.user_id and u.access_level = s.to_level
          returning s.change_id
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
