/**
 * Small helpers shared by the command-line scripts: environment loading, the
 * database connection with a clean refusal when the dev server holds the
 * embedded one, and error exits without stack traces.
 */

import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import nextEnv from "@next/env";
import { type Connection, defaultPgliteDir, getConnection } from "@/lib/db/client";
import { migrateConnection } from "@/lib/db/migrate";

/** Loads .env, .env.local and friends the way Next.js does. */
export function loadEnv(): void {
  nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production", {
    info: () => {},
    error: (...args: unknown[]) => console.error(...args),
  });
}

/**
 * Writes .env.local with fresh secrets when it does not exist. An existing
 * file is never touched. Returns true when it wrote one.
 */
export function ensureLocalEnvFile(dir = process.cwd()): boolean {
  const file = path.join(dir, ".env.local");
  if (fs.existsSync(file)) return false;
  const secret = () => randomBytes(32).toString("base64url");
  const text = [
    "# Written once by `npm run dev`; never committed (see .gitignore).",
    "# Secrets for this machine only. Remove this file to have new ones generated.",
    `AUTH_SECRET=${secret()}`,
    `CRON_SECRET=${secret()}`,
    "",
  ].join("\n");
  fs.writeFileSync(file, text, { flag: "wx", mode: 0o600 });
  return true;
}

/** Where the data lives, for messages: never the password. */
export function describeDatabase(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const relative = path.relative(process.cwd(), defaultPgliteDir());
    return `the embedded database in ${relative.startsWith("..") ? defaultPgliteDir() : relative}`;
  }
  try {
    const parsed = new URL(url);
    return `the PostgreSQL database ${parsed.pathname.slice(1)} on ${parsed.host}`;
  } catch {
    return "the PostgreSQL database named by DATABASE_URL";
  }
}

/** The process's connection, migrated first when it is the embedded database. */
export async function openDatabase(
  options: { migrate?: boolean } = {},
): Promise<Connection> {
  const connection = getConnection();
  if (options.migrate ?? connection.kind === "pglite")
    await migrateConnection(connection);
  return connection;
}

/** Runs a script's main, turning any failure into one plain line and exit code 1. */
export function runScript(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`\n${messageOf(error)}`);
      process.exit(1);
    },
  );
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/relation "\w+" does not exist/.test(message)) {
    return `${message}. The database has no tables yet: run \`npm run db:migrate\` first.`;
  }
  if (/ECONNREFUSED|ENOTFOUND/.test(message)) {
    return `Could not reach ${describeDatabase()}: ${message}`;
  }
  return message;
}
