import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { campaigns, reviewLinks } from "@/lib/db/schema";
import { resolveReviewToken } from "@/lib/review/access";
import { getDb, withTestDatabase } from "../support/db";
import { makeCampaign, makeOrganisation } from "../support/factories";
import { makeOpenCampaign, makeReviewLink } from "./helpers";

withTestDatabase();

describe("resolveReviewToken", () => {
  it("resolves a live token to its link, campaign, organisation and lead", async () => {
    const campaign = await makeOpenCampaign();
    const organisation = await makeOrganisation({ name: "Leeds Teaching Hospitals" });
    const { token, link, lead } = await makeReviewLink(organisation.id, campaign.id);

    const scope = await resolveReviewToken(token);

    expect(scope).toMatchObject({
      mode: "live",
      link: { id: link.id, campaignId: campaign.id, organisationId: organisation.id },
      campaign: { id: campaign.id, status: "open" },
      organisation: { id: organisation.id, name: "Leeds Teaching Hospitals" },
      lead: { id: lead.id },
    });
  });

  it("finds nothing for an unknown, malformed, revoked or draft-campaign token", async () => {
    const open = await makeOpenCampaign();
    const draft = await makeCampaign({ status: "draft" });
    const organisation = await makeOrganisation();
    const revoked = await makeReviewLink(organisation.id, open.id, {
      revokedAt: new Date(),
    });
    const drafted = await makeReviewLink(organisation.id, draft.id);

    expect(await resolveReviewToken("A".repeat(43))).toBeNull();
    expect(await resolveReviewToken("not a token!")).toBeNull();
    expect(await resolveReviewToken(revoked.token)).toBeNull();
    expect(await resolveReviewToken(drafted.token)).toBeNull();
  });

  it("is read-only after the deadline and once the campaign has closed", async () => {
    const past = await makeCampaign({ status: "open" }, -2);
    const closing = await makeOpenCampaign();
    const organisation = await makeOrganisation();
    const late = await makeReviewLink(organisation.id, past.id);
    const closed = await makeReviewLink(organisation.id, closing.id);
    await getDb()
      .update(campaigns)
      .set({ status: "closed", closedAt: new Date() })
      .where(eq(campaigns.id, closing.id));

    expect((await resolveReviewToken(late.token))?.mode).toBe("read_only");
    expect((await resolveReviewToken(closed.token))?.mode).toBe("read_only");
  });

  it("a live link turns read-only the moment the deadline passes", async () => {
    const campaign = await makeOpenCampaign(1);
    const organisation = await makeOrganisation();
    const { token } = await makeReviewLink(organisation.id, campaign.id);
    const justAfter = new Date(campaign.deadlineAt.getTime() + 1000);
    const justBefore = new Date(campaign.deadlineAt.getTime() - 1000);

    expect((await resolveReviewToken(token, justBefore))?.mode).toBe("live");
    expect((await resolveReviewToken(token, justAfter))?.mode).toBe("read_only");
  });

  it("stops working once the link is revoked", async () => {
    const campaign = await makeOpenCampaign();
    const organisation = await makeOrganisation();
    const { token, link } = await makeReviewLink(organisation.id, campaign.id);
    expect(await resolveReviewToken(token)).not.toBeNull();

    await getDb()
      .update(reviewLinks)
      .set({ revokedAt: new Date() })
      .where(eq(reviewLinks.id, link.id));

    expect(await resolveReviewToken(token)).toBeNull();
  });
});
