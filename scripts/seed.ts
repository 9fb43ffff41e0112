/**
 * `npm run db:seed`: loads the demo data and opens the demo campaign. On a
 * DATABASE_URL database only with `-- --yes`, so nobody fills a real
 * database with invented people by accident.
 */
import { seedDemoData } from "@/lib/seed";
import { DEMO_CAMPAIGN_NAME, ensureDemoCampaign } from "@/lib/seed/demo-campaign";
import { describeDatabase, loadEnv, openDatabase, runScript } from "./support/cli";

const n = (value: number) => value.toLocaleString("en-GB");

runScript(async () => {
  loadEnv();
  const args = process.argv.slice(2);
  if (process.env.DATABASE_URL && !args.includes("--yes")) {
    console.error(
      `Not seeding: this would add about 3,000 invented users to ${describeDatabase()}.\n` +
        "If that is what you want, run: npm run db:seed -- --yes",
    );
    return 1;
  }

  const connection = await openDatabase();
  try {
    const started = Date.now();
    const counts = await seedDemoData();
    await ensureDemoCampaign();
    console.log(
      `Seeded ${describeDatabase()} in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        `added ${n(counts.organisations)} organisations, ${n(counts.roles)} roles, ` +
        `${n(counts.users)} users, ${n(counts.leads)} leads (rows already there were kept).\n` +
        `Demo campaign: "${DEMO_CAMPAIGN_NAME}" (open).`,
    );
    return 0;
  } finally {
    await connection.close();
  }
});
