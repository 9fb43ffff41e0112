/**
 * `npm run cron:downgrade [-- --dry-run]`: the scheduled access run from a
 * shell, against DATABASE_URL or the embedded database. Prints the report as
 * JSON; exits non-zero when the run fails or stops at the safety brake.
 */
import { cliActor } from "@/lib/access/actor";
import { listPlan } from "@/lib/access/queries";
import { runAccess } from "@/lib/access/run";
import { getConnection } from "@/lib/db/client";
import { migrateConnection } from "@/lib/db/migrate";

async function main(): Promise<number> {
  const dryRun = process.argv.includes("--dry-run");
  const connection = getConnection();
  try {
    if (connection.kind === "pglite") await migrateConnection(connection);
    const report = await runAccess({ actor: cliActor, dryRun });
    const changes = dryRun ? await listPlan(report.runId, { limit: 1_000 }) : undefined;
    console.log(JSON.stringify({ ...report, changes }, null, 2));
    return report.status === "braked" ? 2 : 0;
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`Access run failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
