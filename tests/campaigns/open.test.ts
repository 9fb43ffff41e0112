import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openCampaign } from "@/lib/campaigns/open";
import { campaigns, reviewItems, reviewLinks } from "@/lib/db/schema";
import { getDb, withTestDatabase } from "../support/db";
import { makeCampaign, makeLead, makeOrganisation, makeUser } from "../support/factories";
import { admin, makeSubscriber } from "./helpers";

withTestDatabase();

async function itemsOf(campaignId: number) {
  return getDb()
    .select({
      userId: reviewItems.userId,
      organisationId: reviewItems.organisationId,
      shownOrganisationId: reviewItems.shownOrganisationId,
      shownRoleId: reviewItems.shownRoleId,
      shownAccessLevel: reviewItems.shownAccessLevel,
    })
    .from(reviewItems)
    .where(eq(reviewItems.campaignId, campaignId));
}

describe("openCampaign", () => {
  it("snapshots one item per user of subscribing organisations that have a lead", async () => {
    const withLead = await makeSubscriber(3, 2);
    const noLead = await makeOrganisation({ isSubscriber: true });
    await makeUser({ organisationId: noLead.id });
    const notSubscriber = await makeOrganisation({ isSubscriber: false });
    await makeUser({ organisationId: notSubscriber.id });
    await makeLead(notSubscriber.id);
    await makeUser({
      organisationId: withLead.organisation.id,
      accessLevel: "non_subscriber",
    });
    const campaign = await makeCampaign();

    const result = await openCampaign(campaign.id, admin);

    expect(result).toEqual({ ok: true, data: { opened: true, items: 4, links: 2 } });
    const items = await itemsOf(campaign.id);
    expect(items).toHaveLength(4);
    expect(new Set(items.map((item) => item.organisationId))).toEqual(
      new Set([withLead.organisation.id]),
    );
    const first = items.find((item) => item.userId === withLead.users[0].id);
    expect(first).toMatchObject({
      shownOrganisationId: withLead.organisation.id,
      shownRoleId: withLead.role.id,
      shownAccessLevel: "subscriber",
    });
    expect(
      items.filter((item) => item.shownAccessLevel === "non_subscriber"),
    ).toHaveLength(1);
    const links = await getDb()
      .select({ leadId: reviewLinks.leadId })
      .from(reviewLinks)
      .where(eq(reviewLinks.campaignId, campaign.id));
    expect(links.map((link) => link.leadId).sort()).toEqual(
      withLead.leads.map((lead) => lead.id).sort(),
    );
    const [row] = await getDb()
      .select({ status: campaigns.status, openedAt: campaigns.openedAt })
      .from(campaigns)
      .where(eq(campaigns.id, campaign.id));
    expect(row.status).toBe("open");
    expect(row.openedAt).not.toBeNull();
  });

  it("changes nothing when opened a second time", async () => {
    const subscriber = await makeSubscriber(2);
    const campaign = await makeCampaign();
    await openCampaign(campaign.id, admin);
    const before = await itemsOf(campaign.id);
    await makeUser({ organisationId: subscriber.organisation.id });

    const again = await openCampaign(campaign.id, admin);

    expect(again).toEqual({ ok: true, data: { opened: false, items: 0, links: 0 } });
    expect(await itemsOf(campaign.id)).toHaveLength(before.length);
  });

  it("refuses to reopen a closed campaign", async () => {
    const campaign = await makeCampaign({ status: "closed" });
    const result = await openCampaign(campaign.id, admin);
    expect(result.ok).toBe(false);
    expect(await itemsOf(campaign.id)).toHaveLength(0);
  });
});
