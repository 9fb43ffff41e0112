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

/**
 * Computes the run's plan in one statement: every actionable or
 * admin-bound row goes into access_run_items (numbered so that each
 * category is one contiguous range of seq), and the counts come back.
 */
export async function planRun(db: Database, runId: number, now: string) {
  return db.transaction(async (tx) => {
    // Room for the sorts of a large plan in memory rather than on disk.
    await tx.execute(sql`set local work_mem = '64MB'`);
    return countsOf(await planStatement(tx, runId, now));
  });
}

async function planStatement(tx: Executor, runId: number, now: string) {
  const result = await tx.execute(sql`
    with ${classifiedCtes(now)}, ${restoresCte()},
    planned as (
      select category, user_id, item_id, campaign_id, response, rule_id,
        rule_suffix, null::bigint as change_id
      from classified
      where category in ('downgrade', 'lead', 'invalid', 'not_recognised')
      union all
      select 'restore', user_id, item_id, campaign_id, response, null, null, change_id
      from restores
    ),
    stored as (
      insert into access_run_items (run_id, seq, category, user_id, review_item_id,
        campaign_id, response, rule_id, rule_suffix, change_id)
      select ${runId}, row_number() over (order by category, user_id), category,
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
 * Campaigns whose planned downgrades exceed their share: the campaign's own
 * brake_percent, else the default. Confirmed campaigns are let through.
 */
export async function brakeHits(
  db: Runner,
  runId: number,
  defaultPercent: number,
  confirmed: number[],
): Promise<BrakeHit[]> {
  const rows = rowsOf<BrakeHit>(
    await db.execute(sql`
      select p.campaign_id as "campaignId", c.name as "campaignName",
        count(*)::int as "wouldDowngrade",
        (select count(*) from review_items ri where ri.campaign_id = p.campaign_id)::int
          as "users",
        coalesce(c.brake_percent, ${defaultPercent})::float8 as "limitPercent"
      from access_run_items p
      join campaigns c on c.id = p.campaign_id
      where p.run_id = ${runId} and p.category = 'downgrade'
      group by p.campaign_id, c.name, c.brake_percent`),
  );
  return rows
    .map((row) => ({
      ...row,
      campaignId: Number(row.campaignId),
      wouldDowngrade: Number(row.wouldDowngrade),
      users: Number(row.users),
      limitPercent: Number(row.limitPercent),
    }))
    .filter((row) => !confirmed.includes(row.campaignId))
    .filter((row) => row.wouldDowngrade * 100 > row.limitPercent * row.users);
}
