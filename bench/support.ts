import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import postgres, { type Sql } from "postgres";
import { type Connection, connectPostgres, setConnection } from "@/lib/db/client";
import { migrateConnection } from "@/lib/db/migrate";

export interface BenchDatabase {
  /** The app's connection, also made the process's database. */
  connection: Connection;
  /** A plain client for seeding and for the hand-written floors. */
  sql: Sql;
  /** The throwaway database's address, for a child process. */
  url: string;
  close(): Promise<void>;
}

/** A migrated throwaway database on the PostgreSQL server, dropped by close(). */
export async function openBenchDatabase(label: string, pool = 2): Promise<BenchDatabase> {
  const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const name = `sr_bench_${label}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const connection = connectPostgres(url.toString(), pool);
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await migrateConnection(connection);
  setConnection(connection);
  return {
    connection,
    sql,
    url: url.toString(),
    async close() {
      setConnection(undefined);
      await sql.end();
      await connection.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export const round = (value: number) => Math.round(value * 100) / 100;
export const mb = (bytes: number) => round(bytes / 1024 / 1024);

/** Runs a bench part when its file is executed directly, printing its JSON. */
export function runWhenMain(
  moduleUrl: string,
  bench: () => Promise<Record<string, unknown>>,
): void {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return;
  bench().then(
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
