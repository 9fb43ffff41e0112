/**
 * `npm run db:migrate`: applies the committed migrations in drizzle/ to
 * DATABASE_URL, or to the embedded database when it is unset.
 */
import { migrateConnection } from "@/lib/db/migrate";
import { describeDatabase, loadEnv, openDatabase, runScript } from "./support/cli";

runScript(async () => {
  loadEnv();
  const connection = await openDatabase({ migrate: false });
  try {
    await migrateConnection(connection);
    console.log(`Migrated ${describeDatabase()}.`);
    return 0;
  } finally {
    await connection.close();
  }
});
