import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sendInvitations } from "@/lib/campaigns/invitations";
import { addLead, fixLeadEmail, reissueAndSend } from "@/lib/campaigns/leads";
import { issueReviewLink, revokeLink } from "@/lib/campaigns/links";
import { openCampaign } from "@/lib/campaigns/open";
import { reviewItems, reviewLinks, subscriberLeads } from "@/lib/db/schema";
import { outboxIdle } from "@/lib/mail/worker";
import { resolveReviewToken } from "@/lib/review/access";
import { getDb, withTestDatabase } from "../support/db";
import { makeCampaign, makeOrganisation, makeUser } from "../support/factories";
import { admin, makeSubscriber, outboxFor, tokenIn } from "./helpers";

withTestDatabase();

async function liveLinkId(campaignId: number, leadId: number) {
  const [row] = await getDb()
    .select({ id: reviewLinks.id })
    .from(reviewLinks)
    .where(
      and(
        eq(reviewLinks.campaignId, campaignId),
        eq(reviewLinks.leadId, leadId),
        isNull(reviewLinks.revokedAt),
      ),
    );
  return row?.id ?? 0;
}

async function invitedCampaign() {
  const subscriber = await makeSubscriber(2, 1);
  const campaign = await makeCampaign();
  await openCampaign(campaign.id, admin);
  await sendInvitations(campaign.id, admin);
  await outboxIdle();
  const lead = subscriber.leads[0];
  const mail = (await outboxFor(campaign.id)).find((row) => row.leadId === lead.id);
  return { campaign, lead, subscriber, token: tokenIn(mail?.text ?? "") };
}

describe("review links", () => {
  it("issues a working link for the seed, and the previous one stops at once", async () => {
    const { campaign, lead, token } = await invitedCampaign();
    expect(await resolveReviewToken(token)).not.toBeNull();

    const issued = await issueReviewLink(campaign.id, lead.id, { system: "seed" });

    expect(issued.url).toContain(`/review/${issued.token}`);
    expect((await resolveReviewToken(issued.token))?.link.leadId).toBe(lead.id);
    expect(await resolveReviewToken(token)).toBeNull();
  });

  it("revokes a link, and refuses a stale revoke leaving the new link live", async () => {
    const { campaign, lead, token } = await invitedCampaign();
    const linkId = await liveLinkId(campaign.id, lead.id);

    expect(await revokeLink(campaign.id, lead.id, linkId, admin)).toEqual({ ok: true });
    expect(await resolveReviewToken(token)).toBeNull();
    expect(await liveLinkId(campaign.id, lead.id)).toBe(0);
    const again = await revokeLink(campaign.id, lead.id, linkId, admin);
    expect(again.ok).toBe(false);
  });

  it("reissues and resends once for a double click; the old token no longer resolves", async () => {
    const { campaign, lead, token } = await invitedCampaign();
    const linkId = await liveLinkId(campaign.id, lead.id);

    const [first, second] = await Promise.all([
      reissueAndSend(campaign.id, lead.id, linkId, admin),
      reissueAndSend(campaign.id, lead.id, linkId, admin),
    ]);
    await outboxIdle();

    expect([first.ok, second.ok].sort()).toEqual([false, true]);
    expect(await resolveReviewToken(token)).toBeNull();
    const mail = (await outboxFor(campaign.id)).filter((row) => row.leadId === lead.id);
    expect(mail).toHaveLength(2);
    const newLinkId = await liveLinkId(campaign.id, lead.id);
    const resent = mail.find((row) => row.idempotencyKey.endsWith(`:link-${newLinkId}`));
    expect(resent).toBeDefined();
    expect((await resolveReviewToken(tokenIn(resent?.text ?? "")))?.link.id).toBe(
      newLinkId,
    );
  });

  it("fixes a lead's address and sends a new link there", async () => {
    const { campaign, lead, token } = await invitedCampaign();
    const linkId = await liveLinkId(campaign.id, lead.id);

    const result = await fixLeadEmail(
      campaign.id,
      lead.id,
      linkId,
      " New.Lead@NHS.net ",
      admin,
    );

    expect(result).toEqual({ ok: true });
    const [row] = await getDb()
      .select({ email: subscriberLeads.email })
      .from(subscriberLeads)
      .where(eq(subscriberLeads.id, lead.id));
    expect(row.email).toBe("new.lead@nhs.net");
    expect(await resolveReviewToken(token)).toBeNull();
    const mail = await outboxFor(campaign.id);
    expect(mail.filter((m) => m.toEmail === "new.lead@nhs.net")).toHaveLength(1);
  });

  it("adds a lead to an organisation that had none: its users join and the lead is invited", async () => {
    const { campaign } = await invitedCampaign();
    const organisation = await makeOrganisation({ isSubscriber: true });
    await makeUser({ organisationId: organisation.id });
    await makeUser({ organisationId: organisation.id });

    const result = await addLead(
      campaign.id,
      organisation.id,
      { fullName: "Siân Evans", email: "sian.evans@nhs.net" },
      admin,
    );
    const duplicate = await addLead(
      campaign.id,
      organisation.id,
      { fullName: "Siân Evans", email: "SIAN.EVANS@nhs.net" },
      admin,
    );

    expect(result).toMatchObject({ ok: true, data: { items: 2 } });
    expect(duplicate.ok).toBe(false);
    const items = await getDb()
      .select({ id: reviewItems.id })
      .from(reviewItems)
      .where(
        and(
          eq(reviewItems.campaignId, campaign.id),
          eq(reviewItems.organisationId, organisation.id),
        ),
      );
    expect(items).toHaveLength(2);
    const mail = (await outboxFor(campaign.id)).filter(
      (m) => m.toEmail === "sian.evans@nhs.net",
    );
    expect(mail).toHaveLength(1);
    expect((await resolveReviewToken(tokenIn(mail[0].text)))?.organisation.id).toBe(
      organisation.id,
    );
  });

  it("refuses a lead for an organisation that does not subscribe, adding nothing", async () => {
    const { campaign } = await invitedCampaign();
    const organisation = await makeOrganisation({ isSubscriber: false });
    await makeUser({ organisationId: organisation.id });

    const result = await addLead(
      campaign.id,
      organisation.id,
      { fullName: "No One", email: "no.one@example.com" },
      admin,
    );

    expect(result.ok).toBe(false);
    const leads = await getDb()
      .select({ id: subscriberLeads.id })
      .from(subscriberLeads)
      .where(eq(subscriberLeads.organisationId, organisation.id));
    expect(leads).toHaveLength(0);
  });
});
