import { sql } from "drizzle-orm";
import { type Database, type Executor, rowsOf } from "@/lib/db/client";

type Runner = Database | Executor;

import { classifiedCtes, restoresCte } from "./classify";

export interface PlanCounts {
  examined: number;
  inGrace: number;
  alreadyNonSubscriber: number;
  held: number;
  flaggedLeads: number;
  invalid: number;
  notRecognised: number;
  wouldDowngrade: number;
  wouldRestore: number;
}

const countKeys: Record<string, keyof PlanCounts> = {
  in_grace: "inGrace",
  already_non_subscriber: "alreadyNonSubscriber",
  held: "held",
  lead: "flaggedLeads",
  invalid: "invalid",
  not_recognised: "notRecognised",
  downgrade: "wouldDowngrade",
  restore: "wouldRestore",
};

/** What a plan stores beyond its counts: everything for a preview, else the changes. */
export type PlanRows = "preview" | "changes";

const STORED_CATEGORIES: Record<PlanRows, string> = {
  preview: "{downgrade,lead,invalid,not_recognised}",
  changes: "{downgrade}",
};

/**
 * Computes the run's plan in one statement: the rows it stores go into
 * access_run_items (numbered so that each category is one contiguous range of
 * seq), and the counts of every category come back. A preview stores the
 * rows left for an admin too; a real run stores only what it will change.
 */
export async function planRun(db: Database, runId: number, now: string, rows: PlanRows) {
  return db.transaction((tx) => planIn(tx, runId, now, rows));
}

/** planRun inside the caller's transaction, which then keeps its settings. */
export async function planIn(tx: Executor, runId: number, now: string, rows: PlanRows) {
  // Room for the sorts of a large plan in memory rather than on disk; no
  // JIT, whose compiling costs more than it saves on a statement run once.
  await tx.execute(sql`set local work_mem = '64MB'`);
  await tx.execute(sql`set local jit = off`);
  return countsOf(await planStatement(tx, runId, now, STORED_CATEGORIES[rows]));
}

async function planStatement(tx: Executor, runId: number, now: string, stored: string) {
  const result = await tx.execute(sql`
    with ${classifiedCtes(now)}, ${restoresCte()},
    planned as (
      select category, user_id, item_id, campaign_id, response, rule_id,
        rule_suffix, null::bigint as change_id
      from classified
      where category = any(${stored}::text[])
      union all
      select 'restore', user_id, item_id, campaign_id, response, null, null, change_id
      from restores
    ),
    stored as (
      insert into access_run_items (run_id, seq, category, user_id, review_item_id,
        campaign_id, response, rule_id, rule_suffix, change_id)
      select ${runId}, row_number() over (order by category collate "C", user_id), category,
        user_id, item_id, campaign_id, response, rule_id, rule_suffix, change_id
      from planned
      returning 1
    )
    select category, count(*)::int as n from classified group by category
    union all
    select 'restore', count(*)::int from restores`);
  return rowsOf<{ category: string; n: number }>(result);
}

function countsOf(rows: { category: string; n: number }[]): PlanCounts {
  const counts: PlanCounts = {
    examined: 0,
    inGrace: 0,
    alreadyNonSubscriber: 0,
    held: 0,
    flaggedLeads: 0,
    invalid: 0,
    notRecognised: 0,
    wouldDowngrade: 0,
    wouldRestore: 0,
  };
  for (const row of rows) {
    const key = countKeys[row.category];
    if (key) counts[key] += Number(row.n);
    if (row.category !== "restore") counts.examined += Number(row.n);
  }
  return counts;
}

/** The first and last seq of one category in a run's plan. */
export async function planRange(
  db: Runner,
  runId: number,
  category: "downgrade" | "restore",
): Promise<{ first: number; last: number } | null> {
  const [row] = rowsOf<{ first: number | null; last: number | null }>(
    await db.execute(sql`
      select min(seq)::int as first, max(seq)::int as last from access_run_items
      where run_id = ${runId} and category = ${category}`),
  );
  return row?.first == null ? null : { first: Number(row.first), last: Number(row.last) };
}

export interface BrakeHit {
  campaignId: number;
  campaignName: string;
  wouldDowngrade: number;
  users: number;
  limitPercent: number;
}

/**
 * Campaigns confirmed past the brake, each with the most downgrades the
 * admin saw and agreed to: a plan that now downgrades more stops again.
 */
export type BrakeConfirmation = Map<number, number>;

/**
 * Campaigns whose planned downgrades exceed their share: the campaign's own
 * brake_percent, else the default. Strictly more: exactly the share (1 of 5
 * at 20%) goes ahead, anything over it (1 of 4) stops. A confirmed campaign
 * goes ahead while its downgrades stay within the confirmed count. A
 * campaign's items are counted only as far as the decision needs: once
 * there are enough for the downgrades to stay within the share, counting
 * stops (so `users` is exact for every campaign that is stopped).
 */
export async function brakeHits(
  db: Runner,
  runId: number,
  defaultPercent: number,
  confirmed: BrakeConfirmation = new Map(),
): Promise<BrakeHit[]> {
  const rows = rowsOf<BrakeHit>(
    await db.execute(sql`
      with planned as (
        select p.campaign_id, count(*)::int as would
        from access_run_items p
        where p.run_id = ${runId} and p.category = 'downgrade'
        group by p.campaign_id
      )
      select p.campaign_id as "campaignId", c.name as "campaignName",
        p.would as "wouldDowngrade", share.percent as "limitPercent",
        (select count(*) from (
          select from review_items ri where ri.campaign_id = p.campaign_id
          limit case when share.percent > 0
            then floor(p.would * 100 / share.percent)::bigint + 1 end) enough)::int
          as "users"
      from planned p
      join campaigns c on c.id = p.campaign_id
      cross join lateral (
        select coalesce(c.brake_percent, ${defaultPercent})::float8 as percent) share`),
  );
  return rows
    .map((row) => ({
      ...row,
      campaignId: Number(row.campaignId),
      wouldDowngrade: Number(row.wouldDowngrade),
      users: Number(row.users),
      limitPercent: Number(row.limitPercent),
    }))
    .filter((row) => row.wouldDowngrade > (confirmed.get(row.campaignId) ?? -1))
    .filter((row) => row.wouldDowngrade * 100 > row.limitPercent * row.users);
}
