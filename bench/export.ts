import type postgres from "postgres";
import { ITEM_EXPORT_HEADER, itemExportRows } from "@/lib/campaigns/exports";
import { csvStream } from "@/lib/csv/export";
import { mb, openBenchDatabase, round, runWhenMain } from "./support";

const ITEMS = Number(process.env.BENCH_EXPORT_ITEMS ?? 1_000_000);

/** Set-based seed: organisations, roles, users (some with awkward names), one campaign. */
async function seed(sql: postgres.Sql): Promise<number> {
  await sql`insert into organisations (code, name, is_subscriber)
    select 'E' || g, 'Export organisation ' || g, true from generate_series(1, 2000) g`;
  await sql`insert into roles (name) select 'Role ' || g from generate_series(1, 50) g`;
  await sql`insert into users (email, full_name, organisation_id, role_id)
    select 'user' || g || '@nhs.net',
      case when g % 10 = 0 then 'Siân Évans ' || g when g % 97 = 0 then '=cmd|' || g
           else 'Export User ' || g end,
      1 + (g % 2000), 1 + (g % 50)
    from generate_series(1, ${ITEMS}) g`;
  const [campaign] =
    await sql`insert into campaigns (name, deadline_date, deadline_at, status)
    values ('Export bench', current_date, now(), 'open') returning id`;
  await sql`insert into review_items (campaign_id, user_id, organisation_id,
      shown_organisation_id, shown_role_id, shown_access_level, response, responded_at,
      responder_name)
    select ${campaign.id}, u.id, u.organisation_id, u.organisation_id, u.role_id, 'subscriber',
      (array['works_here', 'left', 'unknown', null])[1 + u.id % 4]::review_response,
      case when u.id % 4 <> 3 then now() end, case when u.id % 4 <> 3 then 'Lead Person' end
    from users u`;
  await sql`vacuum analyze`;
  return Number(campaign.id);
}

/** Reads the whole stream, sampling memory as it goes. */
async function drain(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  let bytes = 0;
  let lines = 0;
  let peakRss = 0;
  let peakHeap = 0;
  let rssAtTenth = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (const byte of value) if (byte === 10) lines++;
    const { rss, heapUsed } = process.memoryUsage();
    peakRss = Math.max(peakRss, rss);
    peakHeap = Math.max(peakHeap, heapUsed);
    if (!rssAtTenth && lines >= ITEMS / 10) rssAtTenth = rss;
  }
  return { bytes, rows: lines - 1, peakRss, peakHeap, rssAtTenth };
}

export async function benchExport(): Promise<Record<string, unknown>> {
  const { sql, close } = await openBenchDatabase("export", 2);
  try {
    const seedStarted = performance.now();
    const campaignId = await seed(sql);
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const result = await drain(csvStream(ITEM_EXPORT_HEADER, itemExportRows(campaignId)));
    const seconds = (performance.now() - started) / 1000;
    return {
      items: ITEMS,
      rows: result.rows,
      megabytes: mb(result.bytes),
      seedSeconds: round(seedSeconds),
      exportSeconds: round(seconds),
      rowsPerSecond: Math.round(result.rows / seconds),
      rssBeforeMb: mb(rssBefore),
      rssAtTenthMb: mb(result.rssAtTenth),
      peakRssDuringExportMb: mb(result.peakRss),
      peakHeapMb: mb(result.peakHeap),
      target: "flat memory, peak RSS < 150 MB",
    };
  } finally {
    await close();
  }
}

runWhenMain(import.meta.url, benchExport);
