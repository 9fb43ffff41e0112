import type postgres from "postgres";
import { cliActor } from "@/lib/access/actor";
import { runAccess } from "@/lib/access/run";
import { mb, openBenchDatabase, round, runWhenMain } from "./support";

const USERS = 1_000_000;
const DUE = 100_000;

type Sql = postgres.Sql;

/** Set-based seed: organisations, users with a domain mix, one open campaign. */
export async function seed(sql: Sql): Promise<void> {
  await sql`insert into organisations (code, name, is_subscriber)
    select 'B' || g, 'Bench organisation ' || g, true from generate_series(1, 1000) g`;
  // Users 1..DUE are due with recognised domains; the next 20,000 answered
  // `left` from addresses no rule covers; the rest work there or have no answer.
  await sql`insert into users (email, full_name, organisation_id)
    select 'user' || g || '@' || case
        when g <= ${DUE} and g % 2 = 0 then 'nhs.net'
        when g <= ${DUE} then 'ward' || (g % 50) || '.trust.nhs.uk'
        when g <= ${DUE + 20_000} then 'example' || (g % 7) || '.com'
        when g % 3 = 0 then 'nhs.net'
        else 'gmail.com' end,
      'Bench User ' || g, 1 + (g % 1000)
    from generate_series(1, ${USERS}) g`;
  // One lead per organisation, as a real campaign has: the run checks every
  // answer against the leads.
  await sql`insert into subscriber_leads (organisation_id, full_name, email)
    select id, 'Bench lead ' || id, 'lead' || id || '@nhs.net' from organisations`;
  await sql`insert into campaigns (name, deadline_date, deadline_at, status, brake_percent)
    values ('Bench campaign', current_date, now(), 'open', 100)`;
  await sql`insert into review_items (campaign_id, user_id, organisation_id,
      shown_access_level, response, responded_at)
    select c.id, u.id, u.organisation_id, 'subscriber',
      case when u.id <= ${DUE + 20_000} then
          (case when u.id % 3 = 0 then 'unknown' else 'left' end)::review_response
        when u.id % 4 = 0 then null else 'works_here'::review_response end,
      now() - interval '48 hours'
    from users u cross join campaigns c`;
  await sql`vacuum analyze`;
  // The bench vacuums before each measured step itself; an autovacuum waking
  // in the middle of one would slow whichever step it landed on.
  for (const table of ["users", "review_items", "access_changes", "access_run_items"]) {
    await sql.unsafe(`alter table ${table} set (autovacuum_enabled = false)`);
  }
}

/** The rows the run downgrades, picked the way a hand-written statement would. */
const DUE_ROWS = `
  from review_items ri
  join campaigns c on c.id = ri.campaign_id
  cross join domain_rules dr
  where ri.user_id = u.id and c.status in ('open', 'closed')
    and ri.response in ('left', 'unknown')
    and ri.responded_at <= now() - make_interval(hours => c.grace_hours)
    and u.access_level = 'subscriber'
    and (u.email_domain = dr.suffix
      or right(u.email_domain, length(dr.suffix) + 1) = '.' || dr.suffix)`;

const DOWNGRADE = `update users u set access_level = 'non_subscriber',
    version = u.version + 1, updated_at = now()`;

/**
 * The floor: one hand-written `UPDATE … FROM` that leaves the same final
 * state as the run, namely the same users downgraded and one access_changes
 * row for each (the audit trail every change must have), written through
 * RETURNING. It skips what makes the run safe: the plan and its preview, the
 * brake, the re-check at write time, batches, the lock and the audit events.
 * Each address in the bench data matches exactly one rule.
 */
export const FLOOR = `
  with changed as (
    ${DOWNGRADE} ${DUE_ROWS}
    returning u.id, ri.id as item_id, ri.campaign_id, ri.response, dr.id as rule_id,
      dr.suffix
  )
  insert into access_changes (user_id, campaign_id, review_item_id, from_level,
    to_level, reason, rule_id, rule_suffix, actor)
  select id, campaign_id, item_id, 'subscriber', 'non_subscriber',
    'response_' || response::text, rule_id, suffix, 'floor'
  from changed`;

/** The users' update alone, with no record of the changes: reported for reference. */
export const BARE_UPDATE = `${DOWNGRADE} ${DUE_ROWS}`;

/** Which users are non-subscribers now: to check that run and floor agree. */
async function downgradedSet(sql: Sql): Promise<string> {
  const [row] = await sql`select count(*)::int as n, coalesce(sum(id), 0)::text as ids,
      (select count(*)::int from access_changes) as changes
    from users where access_level = 'non_subscriber'`;
  return `${row.n}/${row.ids}/${row.changes}`;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

/** Puts the due users back, so the run and the floor start from the same state. */
async function reset(sql: Sql): Promise<void> {
  await sql`update users set access_level = 'subscriber' where access_level <> 'subscriber'`;
  await sql`truncate access_changes, access_run_items, access_runs cascade`;
  await sql`vacuum analyze users`;
  // Each measured step starts with no dirty pages left by the one before.
  await sql`checkpoint`.catch(() => undefined);
}

/** Rounds of run and floor, alternating, so that drift on a shared machine hits both. */
const ROUNDS = Number(process.env.BENCH_ACCESS_ROUNDS ?? 7);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

export async function benchAccess(): Promise<Record<string, unknown>> {
  const { sql, close } = await openBenchDatabase("access", 4);
  try {
    const [, seedSeconds] = await timed(() => seed(sql));
    const rounds: { plan: number; run: number; floor: number; bare: number }[] = [];
    let report: Awaited<ReturnType<typeof runAccess>> | undefined;
    let sameFinalState = true;
    let afterRun = "";
    let rssBefore = 0;

    for (let round = 0; round < ROUNDS; round++) {
      await reset(sql);
      // A dry run is the plan alone: how much of the run is deciding, not writing.
      const [, plan] = await timed(() => runAccess({ actor: cliActor, dryRun: true }));
      rssBefore ||= process.memoryUsage().rss;
      const [ran, run] = await timed(() =>
        runAccess({ actor: cliActor, timeBudgetMs: 3_600_000 }),
      );
      report = ran;
      afterRun = await downgradedSet(sql);
      await reset(sql);
      const [, floor] = await timed(() => sql.unsafe(FLOOR));
      sameFinalState &&= afterRun === (await downgradedSet(sql));
      await reset(sql);
      const [, bare] = await timed(() => sql.unsafe(BARE_UPDATE));
      rounds.push({ plan, run, floor, bare });
    }

    const runSeconds = median(rounds.map((r) => r.run));
    const floorSeconds = median(rounds.map((r) => r.floor));
    const ratios = rounds.map((r) => round(r.run / r.floor));
    return {
      users: USERS,
      due: DUE,
      rounds: ROUNDS,
      seedSeconds: round(seedSeconds),
      runSeconds: round(runSeconds),
      floorSeconds: round(floorSeconds),
      planSeconds: round(median(rounds.map((r) => r.plan))),
      bareUpdateSeconds: round(median(rounds.map((r) => r.bare))),
      ratio: round(median(rounds.map((r) => r.run / r.floor))),
      ratioEachRound: ratios,
      ratioToBareUpdate: round(median(rounds.map((r) => r.run / r.bare))),
      secondsEachRound: rounds.map((r) => ({
        plan: round(r.plan),
        run: round(r.run),
        floor: round(r.floor),
        bare: round(r.bare),
      })),
      target: "< 1.5x floor",
      downgraded: report?.counts.downgraded,
      // users downgraded / sum of their ids / access_changes rows, after run and floor
      sameFinalState,
      afterRun,
      counts: report?.counts,
      rssBeforeRunMb: mb(rssBefore),
      rssAfterRunMb: mb(process.memoryUsage().rss),
      peakRssMb: round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    await close();
  }
}

runWhenMain(import.meta.url, benchAccess);
