import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { claimDataDir, releaseDataDir } from "./lock";
import * as schema from "./schema";

export type Schema = typeof schema;
/** Either driver: code never needs to know which one it runs on. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle, or the database itself where no transaction is needed. */
export type Executor = Parameters<Parameters<Database["transaction"]>[0]>[0];

export interface Connection {
  db: Database;
  kind: "postgres" | "pglite";
  close(): Promise<void>;
}

type Holder = { __subscriberReviewDb?: Connection };
const holder = globalThis as Holder;

export function defaultPgliteDir(): string {
  return path.resolve(
    /*turbopackIgnore: true*/ process.env.PGLITE_DATA_DIR ?? ".data/pglite",
  );
}

export function connectPostgres(url: string, max = 10): Connection {
  const client = postgres(url, {
    max,
    onnotice: () => {},
    connection: { application_name: "subscriber-review" },
  });
  return {
    db: drizzlePostgres({ client, schema }) as unknown as Database,
    kind: "postgres",
    close: () => client.end({ timeout: 5 }),
  };
}

/** PGlite in memory when dataDir is undefined; `loadDataDir` starts from a dump. */
export function connectPglite(dataDir?: string, loadDataDir?: Blob): Connection {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const client = new PGlite({ dataDir, loadDataDir });
  return {
    db: drizzlePglite({ client, schema }) as unknown as Database,
    kind: "pglite",
    close: () => client.close(),
  };
}

/** The database named by the environment: DATABASE_URL, else PGlite on disk. */
export function connectFromEnv(): Connection {
  const url = process.env.DATABASE_URL;
  if (url) return connectPostgres(url, Number(process.env.DATABASE_POOL_MAX ?? 10));
  const dir = defaultPgliteDir();
  fs.mkdirSync(dir, { recursive: true });
  claimDataDir(dir);
  const connection = connectPglite(dir);
  return {
    ...connection,
    async close() {
      await connection.close();
      releaseDataDir(dir);
    },
  };
}

export function getConnection(): Connection {
  holder.__subscriberReviewDb ??= connectFromEnv();
  return holder.__subscriberReviewDb;
}

/** The process's one database handle, opened on first use. */
export function getDb(): Database {
  return getConnection().db;
}

/** Points the process at a given connection (tests, scripts). */
export function setConnection(connection: Connection | undefined): void {
  holder.__subscriberReviewDb = connection;
}

export function isEmbedded(): boolean {
  return !process.env.DATABASE_URL;
}

/** Rows of a `db.execute` result, whichever driver produced it. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
