/** Runs once when a server starts, before it answers any request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { getConnection, isEmbedded } = await import("./lib/db/client");
  if (!isEmbedded()) return;
  // The embedded database migrates itself; a server database is migrated by
  // `npm run db:migrate` as a release step.
  const { migrateConnection } = await import("./lib/db/migrate");
  await migrateConnection(getConnection());
}
