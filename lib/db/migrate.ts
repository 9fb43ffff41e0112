import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { Connection } from "./client";

const migrationsFolder = path.join(process.cwd(), "drizzle");

/** Applies the committed migrations in drizzle/; safe to call on every start. */
export async function migrateConnection(connection: Connection): Promise<void> {
  const config = { migrationsFolder };
  if (connection.kind === "pglite") {
    // biome-ignore lint/suspicious/noExplicitAny: driver-specific signature
    await migratePglite(connection.db as any, config);
  } else {
    // biome-ignore lint/suspicious/noExplicitAny: driver-specific signature
    await migratePostgres(connection.db as any, config);
  }
}
