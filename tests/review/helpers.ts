import { eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { auditEvents, reviewItems, reviewLinks, users } from "@/lib/db/schema";
import { generateToken, hashToken } from "@/lib/tokens";
import {
  makeCampaign,
  makeLead,
  makeOrganisation,
  makeRole,
  makeUser,
} from "../support/factories";

/** A cookie jar standing in for next/headers in server actions under test. */
export const cookieJar = new Map<string, { value: string; path?: string }>();

/**
 * Use in a test file as
 * `vi.mock("next/headers", async () => (await import("./helpers")).nextHeadersMock);`
 */
export const nextHeadersMock = {
  cookies: async () => ({
    get: (name: string) => {
      const found = cookieJar.get(name);
      return found ? { name, value: found.value } : undefined;
    },
    set: (name: string, value: string, options?: { path?: string }) => {
      cookieJar.set(name, { value, path: options?.path });
    },
  }),
};

export function respondAs(name: string | null) {
  cookieJar.clear();
  if (name) cookieJar.set("review_responder", { value: name });
}

/** A live review link with a known token for one organisation in one campaign. */
export async function makeReviewLink(
  organisationId: number,
  campaignId: number,
  values: Partial<typeof reviewLinks.$inferInsert> = {},
) {
  const token = generateToken();
  const lead = await makeLead(organisationId);
  const [link] = await getDb()
    .insert(reviewLinks)
    .values({
      campaignId,
      organisationId,
      leadId: lead.id,
      tokenHash: hashToken(token),
      ...values,
    })
    .returning();
  return { token, link, lead };
}

/** An open campaign (deadline `daysAhead` away) ready for review items. */
export function makeOpenCampaign(daysAhead = 30) {
  return makeCampaign({ status: "open", openedAt: new Date() }, daysAhead);
}

export async function makeItem(
  campaignId: number,
  organisationId: number,
  user: { id: number; organisationId: number | null; roleId: number | null },
) {
  const [item] = await getDb()
    .insert(reviewItems)
    .values({
      campaignId,
      organisationId,
      userId: user.id,
      shownOrganisationId: user.organisationId,
      shownRoleId: user.roleId,
      shownAccessLevel: "subscriber",
    })
    .returning();
  return item;
}

/** An organisation with a link and `names.length` users under review. */
export async function seedOrganisation(
  campaignId: number,
  people: Array<Partial<typeof users.$inferInsert>>,
) {
  const organisation = await makeOrganisation();
  const role = await makeRole();
  const { token, link } = await makeReviewLink(organisation.id, campaignId);
  const items = [];
  for (const person of people) {
    const user = await makeUser({
      organisationId: organisation.id,
      roleId: role.id,
      ...person,
    });
    items.push({ user, item: await makeItem(campaignId, organisation.id, user) });
  }
  return { organisation, role, token, link, items };
}

export async function itemRow(id: number) {
  const [row] = await getDb().select().from(reviewItems).where(eq(reviewItems.id, id));
  return row;
}

export async function userRow(id: number) {
  const [row] = await getDb().select().from(users).where(eq(users.id, id));
  return row;
}

export async function auditCount(): Promise<number> {
  const [row] = await getDb().select({ n: sql<number>`count(*)::int` }).from(auditEvents);
  return Number(row.n);
}

/** A FormData as a browser would post it. */
export function form(values: Record<string, string | number | Array<string | number>>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) {
    for (const one of Array.isArray(value) ? value : [value])
      data.append(key, String(one));
  }
  return data;
}
