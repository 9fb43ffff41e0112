import { execFileSync } from "node:child_process";
import path from "node:path";
import { build } from "esbuild";
import type postgres from "postgres";
import { mb, openBenchDatabase, round, runWhenMain } from "./support";

const ITEMS = Number(process.env.BENCH_EXPORT_ITEMS ?? 1_000_000);
/** The smaller size exported first, to show that memory does not grow with size. */
const FIRST = Math.min(100_000, ITEMS);

/** One organisation set, one role set and one open campaign; users come later. */
async function seedCampaign(sql: postgres.Sql): Promise<number> {
  await sql`insert into organisations (code, name, is_subscriber)
    select 'E' || g, 'Export organisation ' || g, true from generate_series(1, 2000) g`;
  await sql`insert into roles (name) select 'Role ' || g from generate_series(1, 50) g`;
  const [campaign] =
    await sql`insert into campaigns (name, deadline_date, deadline_at, status)
    values ('Export bench', current_date, now(), 'open') returning id`;
  return Number(campaign.id);
}

/** Users from..to (some with awkward names) and their items, set-based. */
async function seedItems(
  sql: postgres.Sql,
  campaignId: number,
  from: number,
  to: number,
) {
  await sql`insert into users (email, full_name, organisation_id, role_id)
    select 'user' || g || '@nhs.net',
      case when g % 10 = 0 then 'Siân Évans ' || g when g % 97 = 0 then '=cmd|' || g
           else 'Export User ' || g end,
      1 + (g % 2000), 1 + (g % 50)
    from generate_series(${from}::int, ${to}::int) g`;
  await sql`insert into review_items (campaign_id, user_id, organisation_id,
      shown_organisation_id, shown_role_id, shown_access_level, response, responded_at,
      responder_name)
    select ${campaignId}, u.id, u.organisation_id, u.organisation_id, u.role_id, 'subscriber',
      (array['works_here', 'left', 'unknown', null])[1 + u.id % 4]::review_response,
      case when u.id % 4 <> 3 then now() end, case when u.id % 4 <> 3 then 'Lead Person' end
    from users u where u.id not in (select user_id from review_items)`;
  await sql`vacuum analyze`;
}

/** `export-child.ts` as one plain ES module; packages stay in node_modules. */
async function bundleChild(): Promise<string> {
  const outfile = path.resolve("node_modules/.cache/subscriber-review/export-child.mjs");
  await build({
    entryPoints: [path.resolve("bench/export-child.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    tsconfig: path.resolve("tsconfig.json"),
    outfile,
    logLevel: "error",
  });
  return outfile;
}

interface ChildResult {
  rows: number;
  bytes: number;
  seconds: number;
  rssAtStart: number;
  peakRss: number;
  peakHeap: number;
  rssSamples: number[];
}

function exportInChild(child: string, url: string, campaignId: number): ChildResult {
  const output = execFileSync(process.execPath, [child, String(campaignId)], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(output.trim().split("\n").at(-1) ?? "{}");
}

function summary(result: ChildResult) {
  return {
    rows: result.rows,
    megabytes: mb(result.bytes),
    seconds: round(result.seconds),
    rowsPerSecond: Math.round(result.rows / result.seconds),
    rssAtStartMb: mb(result.rssAtStart),
    peakRssMb: mb(result.peakRss),
    peakHeapMb: mb(result.peakHeap),
    rssEvery100kRowsMb: result.rssSamples.map(mb),
  };
}

export async function benchExport(): Promise<Record<string, unknown>> {
  const { sql, url, close } = await openBenchDatabase("export", 2);
  try {
    const child = await bundleChild();
    let seedSeconds = 0;
    const seeding = async (work: () => Promise<unknown>) => {
      const started = performance.now();
      await work();
      seedSeconds += (performance.now() - started) / 1000;
    };
    let campaignId = 0;
    await seeding(async () => {
      campaignId = await seedCampaign(sql);
      await seedItems(sql, campaignId, 1, FIRST);
    });
    const small = exportInChild(child, url, campaignId);
    await seeding(() => seedItems(sql, campaignId, FIRST + 1, ITEMS));
    const large = exportInChild(child, url, campaignId);
    if (large.rows !== ITEMS) throw new Error(`exported ${large.rows} of ${ITEMS} rows`);
    return {
      items: ITEMS,
      seedSeconds: round(seedSeconds),
      [`first ${FIRST}`]: summary(small),
      [`all ${ITEMS}`]: summary(large),
      peakRssGrowthMb: mb(large.peakRss - small.peakRss),
      target: "flat memory, peak RSS < 150 MB",
    };
  } finally {
    await close();
  }
}

runWhenMain(import.meta.url, benchExport);
