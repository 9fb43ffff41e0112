/**
 * A worker process for tests/mail/worker-kill.test.ts, opening the database
 * the way the scripts do (DATABASE_URL, else PGlite in PGLITE_DATA_DIR) and
 * sending through Resend as configured by the environment. It drains the
 * outbox until nothing is left to send, waiting out the leases of batches
 * another worker still holds, and prints each run's counts as one JSON line.
 *
 *   node --import tsx tests/mail/drain-worker.ts [--lease-seconds 5]
 */
import { outboxBacklog } from "@/lib/mail/backlog";
import { sleep } from "@/lib/mail/pace";
import { drainOutbox } from "@/lib/mail/worker";
import { loadEnv, openDatabase, runScript } from "@/scripts/support/cli";

/** How often to look again while every message left is held by another worker. */
const WAIT_FOR_LEASE_MS = 200;

runScript(async () => {
  loadEnv();
  const leaseSeconds = leaseArgument();
  const connection = await openDatabase();
  try {
    for (;;) {
      const result = await drainOutbox({ leaseSeconds });
      console.log(JSON.stringify(result));
      const backlog = await outboxBacklog();
      if (backlog.remaining === 0) return 0;
      if (backlog.due === 0) await sleep(WAIT_FOR_LEASE_MS);
    }
  } finally {
    await connection.close();
  }
});

function leaseArgument(): number | undefined {
  const index = process.argv.indexOf("--lease-seconds");
  return index > 0 ? Number(process.argv[index + 1]) : undefined;
}
