import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sendInvitations } from "@/lib/campaigns/invitations";
import { openCampaign } from "@/lib/campaigns/open";
import { reviewLinks } from "@/lib/db/schema";
import { outboxIdle } from "@/lib/mail/worker";
import { hashToken } from "@/lib/tokens";
import { getDb, withTestDatabase } from "../support/db";
import { makeCampaign } from "../support/factories";
import { admin, makeSubscriber, outboxFor, tokenIn } from "./helpers";

withTestDatabase();

async function liveLinkHash(campaignId: number, leadId: number) {
  const [link] = await getDb()
    .select({ tokenHash: reviewLinks.tokenHash })
    .from(reviewLinks)
    .where(
      and(
        eq(reviewLinks.campaignId, campaignId),
        eq(reviewLinks.leadId, leadId),
        isNull(reviewLinks.revokedAt),
      ),
    );
  return link?.tokenHash;
}

async function liveLinkCount(campaignId: number) {
  const links = await getDb()
    .select({ id: reviewLinks.id })
    .from(reviewLinks)
    .where(and(eq(reviewLinks.campaignId, campaignId), isNull(reviewLinks.revokedAt)));
  return links.length;
}

/** Every subscribing organisation with a lead joins a campaign, earlier tests' too. */
async function openedCampaign() {
  const first = await makeSubscriber(3, 2);
  const second = await makeSubscriber(1, 1);
  const campaign = await makeCampaign();
  await openCampaign(campaign.id, admin);
  return { campaign, leads: [...first.leads, ...second.leads] };
}

describe("sendInvitations", () => {
  it("queues one invitation per lead, with a working token and the campaign-lead key", async () => {
    const { campaign, leads } = await openedCampaign();

    const result = await sendInvitations(campaign.id, admin);
    await outboxIdle();

    expect(result).toEqual({ ok: true, data: { queued: 3 } });
    const mail = await outboxFor(campaign.id);
    expect(mail).toHaveLength(3);
    for (const lead of leads) {
      const message = mail.find((row) => row.leadId === lead.id);
      expect(message?.kind).toBe("invitation");
      expect(message?.toEmail).toBe(lead.email);
      expect(message?.idempotencyKey).toBe(`invitation:${campaign.id}:${lead.id}`);
      const token = tokenIn(message?.text ?? "");
      expect(hashToken(token)).toBe(await liveLinkHash(campaign.id, lead.id));
    }
  });

  it("never queues a second invitation, even for two clicks at once", async () => {
    const { campaign } = await openedCampaign();

    const [a, b] = await Promise.all([
      sendInvitations(campaign.id, admin),
      sendInvitations(campaign.id, admin),
    ]);
    const again = await sendInvitations(campaign.id, admin);
    await outboxIdle();

    const leads = await liveLinkCount(campaign.id);
    expect(leads).toBeGreaterThanOrEqual(3);
    const queued = [a, b].map((r) => (r.ok ? r.data.queued : -1));
    expect(queued.sort((x, y) => x - y)).toEqual([0, leads]);
    expect(again).toEqual({ ok: true, data: { queued: 0 } });
    expect(await outboxFor(campaign.id)).toHaveLength(leads);
  });

  it("sends only to the chosen leads when a selection is given", async () => {
    const { campaign, leads } = await openedCampaign();

    const result = await sendInvitations(campaign.id, admin, { leadIds: [leads[2].id] });

    expect(result).toEqual({ ok: true, data: { queued: 1 } });
    const mail = await outboxFor(campaign.id);
    expect(mail.map((row) => row.leadId)).toEqual([leads[2].id]);
  });

  it("refuses a draft campaign and queues nothing", async () => {
    await makeSubscriber(1, 1);
    const campaign = await makeCampaign();
    const result = await sendInvitations(campaign.id, admin);
    expect(result.ok).toBe(false);
    expect(await outboxFor(campaign.id)).toHaveLength(0);
  });
});
