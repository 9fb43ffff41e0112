import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { closeCampaign } from "@/lib/campaigns/close";
import { issueReviewLink } from "@/lib/campaigns/links";
import { openCampaign } from "@/lib/campaigns/open";
import { campaigns, reviewItems } from "@/lib/db/schema";
import { resolveReviewToken } from "@/lib/review/access";
import { getDb, withTestDatabase } from "../support/db";
import { makeCampaign } from "../support/factories";
import { admin, makeSubscriber } from "./helpers";

withTestDatabase();

async function unanswered(campaignId: number) {
  const rows = await getDb()
    .select({ id: reviewItems.id })
    .from(reviewItems)
    .where(and(eq(reviewItems.campaignId, campaignId), isNull(reviewItems.response)));
  return rows.length;
}

describe("closeCampaign", () => {
  it("leaves unanswered users alone by default, and links become read-only", async () => {
    const subscriber = await makeSubscriber(2, 1);
    const campaign = await makeCampaign();
    await openCampaign(campaign.id, admin);
    const { token } = await issueReviewLink(campaign.id, subscriber.leads[0].id, admin);

    const result = await closeCampaign(campaign.id, admin);

    expect(result).toEqual({ ok: true, data: { markedUnknown: 0 } });
    expect(await unanswered(campaign.id)).toBe(2);
    expect((await resolveReviewToken(token))?.mode).toBe("read_only");
  });

  it("records unanswered users as unknown when asked, once", async () => {
    await makeSubscriber(3, 1);
    const campaign = await makeCampaign();
    await openCampaign(campaign.id, admin);
    const before = await unanswered(campaign.id);

    const result = await closeCampaign(campaign.id, admin, "unknown");
    const again = await closeCampaign(campaign.id, admin, "unknown");

    expect(result).toEqual({ ok: true, data: { markedUnknown: before } });
    expect(again.ok).toBe(false);
    expect(await unanswered(campaign.id)).toBe(0);
    const [row] = await getDb()
      .select({ status: campaigns.status, closedAt: campaigns.closedAt })
      .from(campaigns)
      .where(eq(campaigns.id, campaign.id));
    expect(row.status).toBe("closed");
    expect(row.closedAt).not.toBeNull();
  });
});
