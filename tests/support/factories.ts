import { randomBytes } from "node:crypto";
import { getDb } from "@/lib/db/client";
import { campaigns, organisations, roles, subscriberLeads, users } from "@/lib/db/schema";
import { deadlineFromDate } from "@/lib/deadline";

/** Small seed factories: each makes one row with sensible defaults. */

const unique = () => randomBytes(4).toString("hex");

export async function makeOrganisation(
  values: Partial<typeof organisations.$inferInsert> = {},
) {
  const [row] = await getDb()
    .insert(organisations)
    .values({
      code: `T${unique()}`,
      name: `Test Organisation ${unique()}`,
      isSubscriber: true,
      ...values,
    })
    .returning();
  return row;
}

export async function makeRole(name = `Role ${unique()}`) {
  const [row] = await getDb().insert(roles).values({ name }).returning();
  return row;
}

export async function makeUser(values: Partial<typeof users.$inferInsert> = {}) {
  const [row] = await getDb()
    .insert(users)
    .values({
      email: `user.${unique()}@nhs.net`,
      fullName: `Test User ${unique()}`,
      ...values,
    })
    .returning();
  return row;
}

export async function makeLead(
  organisationId: number,
  values: Partial<typeof subscriberLeads.$inferInsert> = {},
) {
  const [row] = await getDb()
    .insert(subscriberLeads)
    .values({
      organisationId,
      fullName: `Lead ${unique()}`,
      email: `lead.${unique()}@nhs.net`,
      ...values,
    })
    .returning();
  return row;
}

/** A draft campaign whose deadline is `daysAhead` days away (negative: past). */
export async function makeCampaign(
  values: Partial<typeof campaigns.$inferInsert> = {},
  daysAhead = 30,
) {
  const date = new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);
  const [row] = await getDb()
    .insert(campaigns)
    .values({
      name: `Campaign ${unique()}`,
      deadlineDate: date,
      deadlineAt: deadlineFromDate(date),
      ...values,
    })
    .returning();
  return row;
}
