import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { safeCallbackPath } from "@/lib/auth/links";
import { sendInvitations } from "@/lib/campaigns/invitations";
import { changeLead } from "@/lib/campaigns/leads";
import { revokeLink } from "@/lib/campaigns/links";
import { openCampaign } from "@/lib/campaigns/open";
import { reviewLinks, subscriberLeads } from "@/lib/db/schema";
import { outboxIdle } from "@/lib/mail/worker";
import { admin, makeSubscriber, outboxFor } from "../campaigns/helpers";
import { getDb, withTestDatabase } from "../support/db";
import { makeCampaign, makeLead, makeOrganisation } from "../support/factories";

/**
 * Ids an admin's form sends back are only trusted inside the campaign they
 * name. A lead of an organisation outside the campaign used to be accepted by
 * "fix the address": it got a link into the campaign and an invitation.
 */

const session = vi.hoisted(() => ({
  current: null as null | { user: { email: string } },
}));
vi.mock("@/lib/auth/config", () => ({ auth: async () => session.current }));

const { GET: progress } = await import("@/app/admin/campaigns/[id]/progress/route");

withTestDatabase();

beforeEach(() => {
  session.current = null;
});

async function openedCampaign() {
  const subscriber = await makeSubscriber(2, 1);
  const campaign = await makeCampaign();
  await openCampaign(campaign.id, admin);
  return { campaign, subscriber };
}

async function linksOf(campaignId: number, leadId: number) {
  return getDb()
    .select({ id: reviewLinks.id, revokedAt: reviewLinks.revokedAt })
    .from(reviewLinks)
    .where(and(eq(reviewLinks.campaignId, campaignId), eq(reviewLinks.leadId, leadId)));
}

describe("ids from an admin's form", () => {
  it("refuses to fix the address of a lead outside the campaign, changing nothing", async () => {
    const { campaign } = await openedCampaign();
    const elsewhere = await makeOrganisation({ isSubscriber: false });
    const stranger = await makeLead(elsewhere.id);

    const change = { fullName: "New Lead", email: "new@nhs.net" };
    const result = await changeLead(campaign.id, stranger.id, 0, change, admin);

    expect(result).toMatchObject({
      ok: false,
      error: "That lead is not part of this campaign.",
    });
    const [lead] = await getDb()
      .select({ email: subscriberLeads.email })
      .from(subscriberLeads)
      .where(eq(subscriberLeads.id, stranger.id));
    expect(lead.email).toBe(stranger.email);
    expect(await linksOf(campaign.id, stranger.id)).toEqual([]);
    expect(await outboxFor(campaign.id)).toEqual([]);
  });

  it("refuses to revoke a link of another campaign given with this campaign's id", async () => {
    const { campaign, subscriber } = await openedCampaign();
    const other = await makeCampaign();
    await openCampaign(other.id, admin);
    const lead = subscriber.leads[0];
    const [foreign] = await linksOf(other.id, lead.id);

    const result = await revokeLink(campaign.id, lead.id, foreign.id, admin);

    expect(result.ok).toBe(false);
    expect(await linksOf(other.id, lead.id)).toEqual([foreign]);
  });

  it("answers the sending-progress poll only with an admin session", async () => {
    const { campaign } = await openedCampaign();
    await sendInvitations(campaign.id, admin);
    await outboxIdle();
    const poll = () =>
      progress(new Request("http://localhost/"), {
        params: Promise.resolve({ id: String(campaign.id) }),
      });

    const refused = await poll();
    expect(refused.status).toBe(401);
    expect(JSON.stringify(await refused.json())).not.toMatch(/queued|sent/i);

    session.current = { user: { email: "someone@nhs.net" } };
    expect((await poll()).status).toBe(401);

    session.current = { user: { email: admin.email } };
    expect((await poll()).status).toBe(200);
  });
});

describe("the return path after sign-in", () => {
  it("never leaves the site, whatever trick the callbackUrl holds", () => {
    const origin = "http://localhost:3000";
    const offSite = [
      "//evil.example",
      "///evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      " //evil.example",
      "https://evil.example/admin",
      "http://localhost:3000@evil.example/",
      "javascript:alert(1)",
      "data:text/html,hello",
    ];
    for (const raw of offSite)
      expect(safeCallbackPath(raw, origin)).toBe("/admin/campaigns");
    expect(safeCallbackPath("/admin/access?tab=queue", origin)).toBe(
      "/admin/access?tab=queue",
    );
    expect(safeCallbackPath(`${origin}/admin/outbox`, origin)).toBe("/admin/outbox");
  });
});
