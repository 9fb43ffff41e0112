import { randomBytes } from "node:crypto";
import fs from "node:fs";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import {
  type Connection,
  connectPglite,
  connectPostgres,
  getDb,
  setConnection,
} from "@/lib/db/client";

/**
 * A fresh, migrated database for one test file: PGlite in memory by default,
 * or a throwaway database on the server named by TEST_DATABASE_URL. Both start
 * from the template the global set-up migrated once.
 */
export async function createTestConnection(): Promise<Connection> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const template = inject("databaseTemplate");
  if (!serverUrl) {
    const dump = new Blob([fs.readFileSync(template)]);
    return connectPglite(undefined, dump);
  }

  const name = `sr_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${template}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const connection = connectPostgres(url.toString(), 5);
  return {
    ...connection,
    async close() {
      await connection.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * Gives the test file its own database and makes it the process's database,
 * so code under test that calls getDb() uses it.
 */
export function withTestDatabase(): { readonly connection: Connection } {
  const state = {} as { connection: Connection };
  beforeAll(async () => {
    state.connection = await createTestConnection();
    setConnection(state.connection);
  }, 60_000);
  afterAll(async () => {
    setConnection(undefined);
    await state.connection?.close();
  });
  return state;
}

export { getDb };
