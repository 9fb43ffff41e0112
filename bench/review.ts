/**
 * Review page benchmark (`npx tsx bench/review.ts`, or `npm run bench -- review`).
 * On the PostgreSQL server, in a throwaway database: an organisation of
 * 20,000 users in a campaign of 200,000 items. Reports the page's data load
 * (first page, a search, a filter) beside its bare SQL, and single-save
 * latency under 16 concurrent savers beside the same SQL sent raw.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { type Connection, connectPostgres, type Database } from "@/lib/db/client";
import { migrateConnection } from "@/lib/db/migrate";
import * as schema from "@/lib/db/schema";
import { deadlineFromDate } from "@/lib/deadline";
import { resolveReviewToken } from "@/lib/review/access";
import { loadReviewPage } from "@/lib/review/page-data";
import { saveReviewItem } from "@/lib/review/save";
import { reviewListQuery, saveResponseInput } from "@/lib/review/schemas";
import { hashToken } from "@/lib/tokens";

const SERVER = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const BIG = 20_000;
const TOTAL = 200_000;
const SAVERS = 16;
const SAVES_EACH = 40;
const TOKEN = "bench-review-token-aaaaaaaaaaaaaaaaaaaaaaaaa";

interface Statement {
  query: string;
  params: unknown[];
}

export async function benchReview(): Promise<Record<string, unknown>> {
  const name = `sr_bench_review_${randomBytes(4).toString("hex")}`;
  const admin = postgres(SERVER, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const app = connectPostgres(url.toString(), SAVERS);
  const raw = postgres(url.toString(), { max: SAVERS, onnotice: () => {} });
  try {
    await migrateConnection(app);
    const seedSeconds = await seed(app.db);
    const page = await benchPage(app, raw, url.toString());
    const saves = await benchSaves(app, raw, url.toString());
    return {
      server: new URL(SERVER).host,
      dataset: { organisationUsers: BIG, campaignItems: TOTAL, seedSeconds },
      page,
      saves,
      targets: {
        pageUnder3xFloor: Object.values(page).every((p) => p.ratio < 3),
        savesAtLeastHalfRaw: saves.throughputRatio >= 0.5,
      },
    };
  } finally {
    await app.close();
    await raw.end({ timeout: 5 });
    // BENCH_KEEP_DB=1 keeps the database for EXPLAIN-ing; it is dropped otherwise.
    if (process.env.BENCH_KEEP_DB === "1") console.error(`kept database ${name}`);
    else await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/** Set-based: organisations, users, one open campaign, its items, a link. */
async function seed(db: Database): Promise<number> {
  const started = performance.now();
  await db.execute(sql`insert into organisations (code, name, is_subscriber)
    select 'B' || g, 'Bench organisation ' || g, g <= 200 from generate_series(1, 7000) g`);
  await db.execute(
    sql`insert into roles (name) select 'Role ' || g from generate_series(1, 50) g`,
  );
  // The big organisation's users come first, so their items have the lowest ids.
  await db.execute(sql`insert into users (email, full_name, organisation_id, role_id, last_sign_in_at)
    select 'person' || g || case when g % 20 = 0 then '@gmail.com' else '@bigtrust.nhs.uk' end,
      (array['Amy','Ben','Chloe','Dev','Ella','Finn','Grace','Harry','Isla','Jack'])[1 + g % 10] || ' '
        || (array['Smith','Jones','Patel','Khan','Brown','Taylor','Wilson','Evans'])[1 + (g / 10) % 8] || ' ' || g,
      case when g <= ${BIG} then 1 else 2 + g % 199 end,
      1 + g % 50,
      now() - ((g % 900) || ' days')::interval
    from generate_series(1, ${TOTAL}) g`);
  const date = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await db.execute(sql`insert into campaigns (name, deadline_date, deadline_at, status, opened_at)
    values ('Bench campaign', ${date}, ${deadlineFromDate(date).toISOString()}::timestamptz, 'open', now())`);
  await db.execute(sql`insert into review_items
      (campaign_id, user_id, organisation_id, shown_organisation_id, shown_role_id, shown_access_level, response)
    select 1, u.id, u.organisation_id, u.organisation_id, u.role_id, u.access_level,
      case when u.id % 3 = 0 and u.id <= 5000 then 'works_here'::review_response end
    from users u order by u.id`);
  await db.execute(sql`insert into subscriber_leads (organisation_id, full_name, email)
    values (1, 'Bench Lead', 'lead@bigtrust.nhs.uk')`);
  await db.execute(sql`insert into review_links (campaign_id, organisation_id, lead_id, token_hash)
    values (1, 1, 1, ${hashToken(TOKEN)})`);
  await db.execute(sql`analyze`);
  return round((performance.now() - started) / 1000);
}

/** A drizzle handle on its own client that records every statement it sends. */
function recordingDb(url: string) {
  const statements: Statement[] = [];
  const client = postgres(url, { max: 2, onnotice: () => {} });
  const db = drizzle({
    client,
    schema,
    logger: { logQuery: (query, params) => statements.push({ query, params }) },
  }) as unknown as Database;
  return { db, statements, close: () => client.end({ timeout: 5 }) };
}

const SCENARIOS = {
  firstPage: {},
  search: { q: "patel" },
  filter: { response: "none", sort: "signin" },
} as const;

async function benchPage(app: Connection, raw: postgres.Sql, url: string) {
  const scope = (await resolveReviewToken(TOKEN, new Date(), app.db))!;
  const result: Record<
    string,
    { appMs: number; floorMs: number; ratio: number; rows: number }
  > = {};
  for (const [label, params] of Object.entries(SCENARIOS)) {
    const query = reviewListQuery.parse(params);
    const recorder = recordingDb(url);
    const page = await loadReviewPage(scope, query, new Date(), recorder.db);
    await recorder.close();
    const [first, ...rest] = recorder.statements;
    // The floor runs the same statements in the same shape: one, then the rest at once.
    const floor = async () => {
      await raw.unsafe(first.query, first.params as never[]);
      await Promise.all(rest.map((s) => raw.unsafe(s.query, s.params as never[])));
    };
    const appMs = await median(() => loadReviewPage(scope, query, new Date(), app.db));
    const floorMs = await median(floor);
    result[label] = { appMs, floorMs, ratio: round(appMs / floorMs), rows: page.total };
  }
  return result;
}

async function median(run: () => Promise<unknown>, times = 12): Promise<number> {
  for (let i = 0; i < 3; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return round(percentile(samples, 50));
}

/**
 * A save as the action does it: resolve the token, validate, save with its
 * audit event. Raw: the same statements, captured once, sent in a transaction.
 */
async function benchSaves(app: Connection, raw: postgres.Sql, url: string) {
  const firstItem = 10_001; // above every organisation, role, campaign and link id
  const saveOne = async (itemId: number) => {
    const scope = await resolveReviewToken(TOKEN, new Date(), app.db);
    const input = saveResponseInput.parse({
      token: TOKEN,
      itemId,
      version: "0",
      userVersion: "1",
      response: "left",
    });
    const outcome = await saveReviewItem(scope!, input, "Bench Responder", app.db);
    if (outcome.status !== "saved") throw new Error(`save ${itemId}: ${outcome.status}`);
  };

  const template = await captureSave(url, firstItem);
  const rawOne = async (itemId: number) => {
    await raw.begin(async (tx) => {
      for (const s of template) {
        await tx.unsafe(
          s.query,
          s.params.map((p) => remap(p, firstItem, itemId)) as never[],
        );
      }
    });
  };

  const appRun = await concurrently(firstItem + 1, saveOne);
  const rawRun = await concurrently(firstItem + 1 + SAVERS * SAVES_EACH, rawOne);
  return {
    concurrency: SAVERS,
    savesEach: SAVES_EACH,
    app: appRun,
    raw: rawRun,
    throughputRatio: round(appRun.perSecond / rawRun.perSecond),
  };
}

/** The statements of one save, recorded on a copy of the app's code path. */
async function captureSave(url: string, itemId: number): Promise<Statement[]> {
  const recorder = recordingDb(url);
  const scope = await resolveReviewToken(TOKEN, new Date(), recorder.db);
  const input = saveResponseInput.parse({
    token: TOKEN,
    itemId,
    version: "0",
    userVersion: "1",
    response: "left",
  });
  await saveReviewItem(scope!, input, "Bench Responder", recorder.db);
  await recorder.close();
  return recorder.statements;
}

function remap(param: unknown, from: number, to: number): unknown {
  if (param === from) return to;
  if (param === String(from)) return String(to);
  return param;
}

async function concurrently(startItem: number, save: (itemId: number) => Promise<void>) {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: SAVERS }, async (_, worker) => {
      for (let i = 0; i < SAVES_EACH; i++) {
        const itemId = startItem + worker * SAVES_EACH + i;
        const t = performance.now();
        await save(itemId);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    saves: latencies.length,
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    perSecond: round(latencies.length / seconds),
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const round = (n: number) => Math.round(n * 100) / 100;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  benchReview().then(
    (result) => {
      console.log(JSON.stringify(result, null, 2));
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
