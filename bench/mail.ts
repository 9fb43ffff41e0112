/**
 * Sending benchmark: 10,000 lead invitations through the real worker and the
 * Resend SDK to the fake Resend API, limited like Resend to 2 requests a
 * second. 100 batches at 2 a second set a floor of 50 s; the report puts the
 * total time beside it, with the worker's peak memory and proof that each
 * message went once. The fake runs in its own process so its memory is not
 * counted. Database: a throwaway database on the DATABASE_URL server if set,
 * else PGlite in memory. Standalone: `npx tsx bench/mail.ts`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { createInterface } from "node:readline";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import {
  type Connection,
  connectPglite,
  connectPostgres,
  rowsOf,
  setConnection,
} from "@/lib/db/client";
import { migrateConnection } from "@/lib/db/migrate";
import { renderLeadInvitationEmail } from "@/lib/mail/templates";
import { drainOutbox } from "@/lib/mail/worker";

const MESSAGES = 10_000;
const RATE = 2;
const FLOOR_SECONDS = Math.ceil(MESSAGES / 100) / RATE;

type FakeProcess = {
  url: string;
  apiKey: string;
  child: ChildProcess;
  stats(): Promise<FakeStats>;
};
type FakeStats = {
  requests: number;
  messages: number;
  statuses: Record<string, number>;
  duplicates: number;
};

/** The fake Resend API in a child process, at RATE requests a second. */
async function startFake(): Promise<FakeProcess> {
  const script = path.resolve("tests/support/fake-resend.ts");
  const child = spawn(
    process.execPath,
    ["--import", "tsx", script, "--rate", String(RATE)],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const next = () => new Promise<string>((resolve) => lines.once("line", resolve));
  const { url, apiKey } = JSON.parse(await next()) as { url: string; apiKey: string };
  return {
    url,
    apiKey,
    child,
    async stats() {
      const reply = next();
      child.stdin?.write('{"cmd":"stats"}\n');
      return JSON.parse(await reply) as FakeStats;
    },
  };
}

async function openDatabase(): Promise<Connection> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const connection = connectPglite();
    await migrateConnection(connection);
    return connection;
  }
  const name = `sr_bench_mail_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const connection = connectPostgres(url.toString(), 5);
  await migrateConnection(connection);
  return {
    ...connection,
    async close() {
      await connection.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** One real rendered invitation, queued set-based for every lead. */
async function queueInvitations(connection: Connection): Promise<void> {
  const email = await renderLeadInvitationEmail({
    leadName: "Bench Lead",
    organisationName: "Bench Organisation NHS Trust",
    campaignName: "Bench campaign",
    deadline: "23:59 on Friday 5 March 2027 (UK time)",
    reviewUrl: "http://localhost:3000/review/bench-token",
    userCount: 42,
    supportEmail: "support@example.org",
  });
  await connection.db.execute(sql`
    insert into email_outbox (kind, to_email, subject, html, text, idempotency_key)
    select 'invitation', 'lead' || g || '@trust' || (g % 300) || '.nhs.uk',
      ${email.subject}, ${email.html}, ${email.text}, 'bench:invitation:' || g
    from generate_series(1, ${MESSAGES}) g`);
}

/** Samples resident memory while the worker runs. */
function watchMemory(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

export async function benchMail(): Promise<Record<string, unknown>> {
  const fake = await startFake();
  const connection = await openDatabase();
  setConnection(connection);
  Object.assign(process.env, {
    RESEND_API_KEY: fake.apiKey,
    RESEND_BASE_URL: fake.url,
    RESEND_RATE_LIMIT: String(RATE),
    EMAIL_FROM: "Subscriber Review <review@example.org>",
  });
  try {
    await queueInvitations(connection);
    const rssBefore = process.memoryUsage().rss;
    const memory = watchMemory();
    const started = performance.now();
    const result = await drainOutbox({ limit: MESSAGES * 2 });
    const seconds = (performance.now() - started) / 1000;
    const peakRss = memory.stop();
    const [counts] = rowsOf<{ sent: string; unsent: string }>(
      await connection.db.execute(sql`select count(*) filter (where status = 'sent') as sent,
        count(*) filter (where status <> 'sent') as unsent from email_outbox`),
    );
    const stats = await fake.stats();
    return {
      database: connection.kind,
      messages: MESSAGES,
      rateLimitPerSecond: RATE,
      totalSeconds: Number(seconds.toFixed(1)),
      floorSeconds: FLOOR_SECONDS,
      overFloorPercent: Number(((seconds / FLOOR_SECONDS - 1) * 100).toFixed(1)),
      worker: result,
      sentRows: Number(counts?.sent ?? 0),
      unsentRows: Number(counts?.unsent ?? 0),
      providerRequests: stats.requests,
      providerStatuses: stats.statuses,
      providerMessages: stats.messages,
      duplicateRecipients: stats.duplicates,
      rssBeforeMb: Math.round(rssBefore / 2 ** 20),
      peakRssMb: Math.round(peakRss / 2 ** 20),
    };
  } finally {
    setConnection(undefined);
    await connection.close();
    fake.child.stdin?.end();
    fake.child.kill();
  }
}

if (process.argv[1]?.endsWith("mail.ts")) {
  benchMail().then(
    (report) => {
      console.log(JSON.stringify(report, null, 2));
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
