import { eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import {
  accessChanges,
  type Campaign,
  type Organisation,
  type ReviewResponse,
  reviewItems,
  type User,
  users,
} from "@/lib/db/schema";
import { makeCampaign, makeOrganisation, makeUser } from "../support/factories";

const HOUR = 3_600_000;

/** An open campaign with one subscribing organisation. */
export async function openScenario(values: Partial<Campaign> = {}) {
  const organisation = await makeOrganisation({ isSubscriber: true });
  const campaign = await makeCampaign({
    status: "open",
    openedAt: new Date(),
    ...values,
  });
  return { organisation, campaign };
}

let counter = 0;

/** A user with a review item answered `hoursAgo` hours ago (null: not answered). */
export async function answeredUser(
  scene: { organisation: Organisation; campaign: Campaign },
  response: ReviewResponse | null,
  options: { hoursAgo?: number; email?: string; accessLevel?: User["accessLevel"] } = {},
) {
  counter += 1;
  const user = await makeUser({
    email: options.email ?? `person.${counter}.${Date.now()}@trust.nhs.uk`,
    organisationId: scene.organisation.id,
    accessLevel: options.accessLevel ?? "subscriber",
  });
  const [item] = await getDb()
    .insert(reviewItems)
    .values({
      campaignId: scene.campaign.id,
      userId: user.id,
      organisationId: scene.organisation.id,
      shownAccessLevel: user.accessLevel,
      response,
      respondedAt:
        response === null ? null : new Date(Date.now() - (options.hoursAgo ?? 48) * HOUR),
    })
    .returning();
  return { user, item };
}

/** Changes a lead's answer, as the review page would, at `hoursAgo`. */
export async function reanswer(itemId: number, response: ReviewResponse, hoursAgo = 0) {
  await getDb()
    .update(reviewItems)
    .set({ response, respondedAt: new Date(Date.now() - hoursAgo * HOUR) })
    .where(eq(reviewItems.id, itemId));
}

export async function levelsOf(ids: number[]) {
  const rows = await getDb()
    .select({ id: users.id, level: users.accessLevel, version: users.version })
    .from(users)
    .where(inArray(users.id, ids));
  return Object.fromEntries(rows.map((row) => [row.id, row.level]));
}

export async function changesFor(ids: number[]) {
  return getDb()
    .select()
    .from(accessChanges)
    .where(inArray(accessChanges.userId, ids))
    .orderBy(accessChanges.id);
}

export const hoursFromNow = (hours: number) => new Date(Date.now() + hours * HOUR);

/** Empties everything an access run reads or writes, so each test starts clean. */
export async function resetAccessData() {
  await getDb().execute(sql`
    truncate access_run_items, access_decisions, access_changes, access_runs,
      review_items, subscriber_leads, campaigns, users, organisations cascade`);
}
