/**
 * `npm run cron:downgrade [-- --dry-run]`: the scheduled access run from a
 * shell, against DATABASE_URL or the embedded database. Prints the report as
 * JSON; exits 2 when the run stops at the safety brake, 1 when it fails.
 */
import { cliActor } from "@/lib/access/actor";
import { listPlan } from "@/lib/access/queries";
import { runAccess } from "@/lib/access/run";
import { loadEnv, openDatabase, runScript } from "./support/cli";

runScript(async () => {
  loadEnv();
  const dryRun = process.argv.includes("--dry-run");
  const connection = await openDatabase();
  try {
    const report = await runAccess({ actor: cliActor, dryRun });
    const changes = dryRun ? await listPlan(report.runId, { limit: 1_000 }) : undefined;
    console.log(JSON.stringify({ ...report, changes }, null, 2));
    return report.status === "braked" ? 2 : 0;
  } finally {
    await connection.close();
  }
});
