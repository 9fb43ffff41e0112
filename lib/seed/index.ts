import { asc, eq, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { type Database, getDb, rowsOf } from "@/lib/db/client";
import { organisations, subscriberLeads } from "@/lib/db/schema";
import { readPublicData } from "./data";
import { insertLeads, insertOrganisations, insertRoles, insertUsers } from "./insert";
import { buildDemoPlan, DEMO_SMALL_ORGANISATION_CODE, type PlanOptions } from "./plan";

export { BIG_ORGANISATION_CODE, DEMO_SMALL_ORGANISATION_CODE } from "./plan";

export interface SeedCounts {
  organisations: number;
  roles: number;
  users: number;
  leads: number;
}

/**
 * Loads the demo data: real organisation names and roles from data/, about
 * 3,000 invented users and their leads. One transaction with one audit event;
 * safe to run again (it adds only what is missing).
 */
export async function seedDemoData(
  options: PlanOptions & { db?: Database } = {},
): Promise<SeedCounts> {
  const plan = buildDemoPlan(readPublicData(), options);
  const db = options.db ?? getDb();
  return db.transaction(async (tx) => {
    const counts: SeedCounts = {
      organisations: await insertOrganisations(tx, plan.organisations),
      roles: await insertRoles(tx, plan.roles),
      users: await insertUsers(tx, plan.users),
      leads: await insertLeads(tx, plan.leads),
    };
    if (Object.values(counts).some((n) => n > 0)) {
      await recordAudit(tx, {
        actorType: "system",
        actorId: "seed",
        action: "seed.demo",
        entityType: "database",
        data: { ...counts, scale: options.scale ?? 1 },
      });
    }
    return counts;
  });
}

/** True when no organisation exists yet: the dev script seeds only then. */
export async function isDatabaseEmpty(db: Database = getDb()): Promise<boolean> {
  const result = await db.execute(
    sql`select exists (select 1 from organisations) as any`,
  );
  return !rowsOf<{ any: boolean }>(result)[0]?.any;
}

/** The first lead of the small demo organisation, who gets the sample review link. */
export async function findDemoLead(db: Database = getDb()) {
  const [lead] = await db
    .select({
      id: subscriberLeads.id,
      fullName: subscriberLeads.fullName,
      email: subscriberLeads.email,
      organisationId: organisations.id,
      organisationName: organisations.name,
    })
    .from(subscriberLeads)
    .innerJoin(organisations, eq(organisations.id, subscriberLeads.organisationId))
    .where(eq(organisations.code, DEMO_SMALL_ORGANISATION_CODE))
    .orderBy(asc(subscriberLeads.id))
    .limit(1);
  return lead ?? null;
}
