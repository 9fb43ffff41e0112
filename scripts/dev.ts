/**
 * `npm run dev`: the one command a newcomer runs. Writes .env.local with fresh
 * secrets the first time, migrates the database, loads the demo data into an
 * empty embedded database, prints where to go and the links to use, then
 * hands over to `next dev` (arguments such as `-p 3001` pass through).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { createDevSignInLink } from "@/lib/auth/dev-link";
import { config } from "@/lib/config";
import { isEmbedded } from "@/lib/db/client";
import { isDatabaseEmpty, seedDemoData } from "@/lib/seed";
import {
  DEMO_CAMPAIGN_NAME,
  demoReviewLink,
  ensureDemoCampaign,
  findDemoCampaign,
} from "@/lib/seed/demo-campaign";
import {
  describeDatabase,
  ensureLocalEnvFile,
  loadEnv,
  openDatabase,
} from "./support/cli";

interface Prepared {
  seeded: boolean;
  signIn: string;
  review: string;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const wroteEnv = ensureLocalEnvFile();
  loadEnv();
  const port = portOf(args);
  process.env.APP_URL ||= `http://localhost:${port}`;

  let prepared: Prepared;
  try {
    prepared = await prepareDatabase();
  } catch (error) {
    console.error(`\n${error instanceof Error ? error.message : error}\n`);
    return 1;
  }
  printBanner(prepared, wroteEnv);
  return runNextDev(args);
}

/** Migrate; seed an empty embedded database; make the links; let go of the database. */
async function prepareDatabase(): Promise<Prepared> {
  const connection = await openDatabase({ migrate: true });
  try {
    let seeded = false;
    if (isEmbedded() && (await isDatabaseEmpty())) {
      console.log("First start: loading the demo data (a few seconds)…");
      await seedDemoData();
      await ensureDemoCampaign();
      seeded = true;
    }
    return { seeded, signIn: await signInLine(), review: await reviewLine() };
  } finally {
    // The dev server opens the embedded database itself: release it first.
    await connection.close();
  }
}

async function signInLine(): Promise<string> {
  const email = config().adminEmails[0];
  try {
    const link = await createDevSignInLink(email);
    return `open this link to sign in as ${email} (works once, for an hour):\n    ${link}`;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `sign in at ${appPath("/sign-in")} with ${email}; the link is printed here. (${reason})`;
  }
}

async function reviewLine(): Promise<string> {
  try {
    const campaignId = await findDemoCampaign(true);
    const link = campaignId ? await demoReviewLink(campaignId) : null;
    if (!link) {
      const seed = isEmbedded() ? "npm run db:seed" : "npm run db:seed -- --yes";
      return `no open demo campaign in this database (\`${seed}\` adds the demo data).`;
    }
    return (
      `${link.leadName}, lead for ${link.organisationName}, "${DEMO_CAMPAIGN_NAME}":\n` +
      `    ${link.url}`
    );
  } catch (error) {
    return `not available: ${error instanceof Error ? error.message : error}`;
  }
}

function printBanner(prepared: Prepared, wroteEnv: boolean): void {
  const mail = process.env.RESEND_API_KEY
    ? "sent through Resend; every message is also listed at"
    : "kept in the outbox, not sent; read them at";
  const lines = [
    "",
    `Subscriber Review: ${appPath("/")}`,
    "",
    `  Database     ${describeDatabase()}${prepared.seeded ? " (demo data loaded)" : ""}`,
    `  Admin        ${prepared.signIn}`,
    `  Review link  ${prepared.review}`,
    `  Email        ${mail} ${appPath("/admin/outbox")}`,
  ];
  if (wroteEnv) {
    lines.push(
      "",
      "  Wrote .env.local with new AUTH_SECRET and CRON_SECRET (kept out of git).",
    );
  }
  console.log([...lines, ""].join("\n"));
}

function appPath(pathname: string): string {
  return new URL(pathname, config().APP_URL).toString();
}

/** The port `next dev` will listen on: -p/--port, else PORT, else 3000. */
function portOf(args: string[]): string {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === "-p" || arg === "--port") return args[i + 1] ?? "3000";
    const joined = /^(?:--port=|-p=?)(\d+)$/.exec(arg);
    if (joined) return joined[1];
  }
  return process.env.PORT || "3000";
}

/** Runs the `next` binary itself (not through npx), passing signals on. */
function runNextDev(args: string[]): Promise<number> {
  const bin = path.join(process.cwd(), "node_modules", ".bin", "next");
  const child = spawn(bin, ["dev", ...args], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => child.kill(signal));
  }
  return new Promise((resolve) => {
    child.on("error", (error) => {
      console.error(`Could not start next dev: ${error.message}`);
      resolve(1);
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 0 : 1)));
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
