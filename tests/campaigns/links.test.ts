import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { organisationHistory } from "@/lib/campaigns/detail";
import { auditExportRows } from "@/lib/campaigns/exports";
import { sendInvitations } from "@/lib/campaigns/invitations";
import { addLead, changeLead, reissueAndSend, resendLink } from "@/lib/campaigns/leads";
import { issueReviewLink, revokeLink } from "@/lib/campaigns/links";
import { openCampaign } from "@/lib/campaigns/open";
import { auditEvents, reviewItems, reviewLinks, subscriberLeads } from "@/lib/db/schema";
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

  it("changes a lead's name and address at once, and sends a new link to the new address", async () => {
    const { campaign, lead, token } = await invitedCampaign();
    const linkId = await liveLinkId(campaign.id, lead.id);

    const result = await changeLead(
      campaign.id,
      lead.id,
      linkId,
      { fullName: " Siân Evans ", email: " New.Lead@NHS.net " },
      admin,
    );

    expect(result).toEqual({ ok: true, data: { newLink: true } });
    const [row] = await getDb()
      .select({ fullName: subscriberLeads.fullName, email: subscriberLeads.email })
      .from(subscriberLeads)
      .where(eq(subscriberLeads.id, lead.id));
    expect(row).toEqual({ fullName: "Siân Evans", email: "new.lead@nhs.net" });
    expect(await resolveReviewToken(token)).toBeNull();
    const mail = (await outboxFor(campaign.id)).filter(
      (m) => m.toEmail === "new.lead@nhs.net",
    );
    expect(mail).toHaveLength(1);
    expect(mail[0].text).toContain("Siân Evans");
    expect((await resolveReviewToken(tokenIn(mail[0].text)))?.link.leadId).toBe(lead.id);
  });

  it("corrects a lead's name alone: the link stays, nothing is sent; no change is refused", async () => {
    const { campaign, lead, token } = await invitedCampaign();
    const linkId = await liveLinkId(campaign.id, lead.id);

    const renamed = await changeLead(
      campaign.id,
      lead.id,
      linkId,
      { fullName: "Corrected Name", email: lead.email },
      admin,
    );
    const same = await changeLead(
      campaign.id,
      lead.id,
      linkId,
      { fullName: "Corrected Name", email: lead.email.toUpperCase() },
      admin,
    );

    expect(renamed).toEqual({ ok: true, data: { newLink: false } });
    expect(same.ok).toBe(false);
    expect(await liveLinkId(campaign.id, lead.id)).toBe(linkId);
    expect((await resolveReviewToken(token))?.link.id).toBe(linkId);
    expect(
      (await outboxFor(campaign.id)).filter((m) => m.leadId === lead.id),
    ).toHaveLength(1);
  });

  it("refuses a new address another lead of the organisation already has", async () => {
    const subscriber = await makeSubscriber(1, 2);
    const campaign = await makeCampaign();
    await openCampaign(campaign.id, admin);
    const [first, second] = subscriber.leads;
    const linkId = await liveLinkId(campaign.id, first.id);

    const result = await changeLead(
      campaign.id,
      first.id,
      linkId,
      { fullName: first.fullName, email: second.email },
      admin,
    );

    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { email: [expect.any(String)] },
    });
    expect(await liveLinkId(campaign.id, first.id)).toBe(linkId);
  });

  it("adds a second lead to an organisation that has one: both get a link, and both links work", async () => {
    const { campaign, lead, subscriber, token } = await invitedCampaign();

    const result = await addLead(
      campaign.id,
      subscriber.organisation.id,
      { fullName: "Second Lead", email: "second.lead@nhs.net" },
      admin,
    );
    await outboxIdle();

    expect(result).toMatchObject({ ok: true, data: { items: 0 } });
    const secondId = result.ok ? result.data.leadId : 0;
    const [mail] = (await outboxFor(campaign.id)).filter((m) => m.leadId === secondId);
    const first = await resolveReviewToken(token);
    const second = await resolveReviewToken(tokenIn(mail.text));
    expect(first?.link.leadId).toBe(lead.id);
    expect(second?.link.leadId).toBe(secondId);
    expect(second?.organisation.id).toBe(subscriber.organisation.id);
    expect(first?.organisation.id).toBe(subscriber.organisation.id);
    expect(second?.link.id).not.toBe(first?.link.id);
  });

  it("audits lead changes with the campaign: in its audit log and the organisation's history", async () => {
    const { campaign, lead, subscriber } = await invitedCampaign();
    const linkId = await liveLinkId(campaign.id, lead.id);
    await changeLead(
      campaign.id,
      lead.id,
      linkId,
      { fullName: "Renamed Lead", email: "renamed.lead@nhs.net" },
      admin,
    );
    await addLead(
      campaign.id,
      subscriber.organisation.id,
      { fullName: "Added Lead", email: "added.lead@nhs.net" },
      admin,
    );

    const history = await organisationHistory(campaign.id, subscriber.organisation.id);
    const actions = history.map((row) => row.action);
    expect(actions).toEqual(
      expect.arrayContaining(["lead.renamed", "lead.email_changed", "lead.added"]),
    );
    const csv: string[] = [];
    for await (const page of auditExportRows(campaign.id)) {
      for (const row of page) csv.push(String(row[5]));
    }
    expect(csv).toEqual(
      expect.arrayContaining(["lead.renamed", "lead.email_changed", "lead.added"]),
    );
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

  it("resends the live link: a double click queues one message, the same link keeps working, audited", async () => {
    const { campaign, lead, token } = await invitedCampaign();
    const linkId = await liveLinkId(campaign.id, lead.id);
    const seen = await latestMessageId(campaign.id, lead.id);

    const [first, second] = await Promise.all([
      resendLink(campaign.id, lead.id, linkId, seen, admin),
      resendLink(campaign.id, lead.id, linkId, seen, admin),
    ]);
    await outboxIdle();

    expect(first.ok && second.ok).toBe(true);
    const mail = (await outboxFor(campaign.id)).filter((row) => row.leadId === lead.id);
    expect(mail).toHaveLength(2);
    expect(tokenIn(mail[1].text)).toBe(token);
    expect((await resolveReviewToken(token))?.link.id).toBe(linkId);
    expect(await liveLinkId(campaign.id, lead.id)).toBe(linkId);
    const events = await resentEvents(campaign.id);
    expect(events).toEqual([
      expect.objectContaining({ entityId: String(linkId), actorId: admin.email }),
    ]);

    // Pressed again after the page refreshed: one more message.
    const again = await resendLink(
      campaign.id,
      lead.id,
      linkId,
      await latestMessageId(campaign.id, lead.id),
      admin,
    );
    expect(again.ok).toBe(true);
    expect(
      (await outboxFor(campaign.id)).filter((r) => r.leadId === lead.id),
    ).toHaveLength(3);
    expect(await resentEvents(campaign.id)).toHaveLength(2);
  });

  it("refuses to resend a revoked link, sending nothing", async () => {
    const { campaign, lead } = await invitedCampaign();
    const linkId = await liveLinkId(campaign.id, lead.id);
    const seen = await latestMessageId(campaign.id, lead.id);
    await revokeLink(campaign.id, lead.id, linkId, admin);

    const result = await resendLink(campaign.id, lead.id, linkId, seen, admin);

    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/revoked/) });
    expect(
      (await outboxFor(campaign.id)).filter((r) => r.leadId === lead.id),
    ).toHaveLength(1);
    expect(await resentEvents(campaign.id)).toEqual([]);
  });

  it("refuses another campaign's lead, and another campaign's link, sending nothing", async () => {
    const other = await makeCampaign();
    await openCampaign(other.id, admin);
    // Opened before this lead's organisation existed: the lead is not part of it.
    const { campaign, lead } = await invitedCampaign();
    const linkId = await liveLinkId(campaign.id, lead.id);
    const before = await outboxFor(other.id);

    const outsider = await resendLink(other.id, lead.id, linkId, 0, admin);
    // A lead of both campaigns, with the link of the wrong one.
    const both = await makeCampaign();
    await openCampaign(both.id, admin);
    const wrongLink = await resendLink(both.id, lead.id, linkId, 0, admin);

    expect(outsider.ok).toBe(false);
    expect(wrongLink.ok).toBe(false);
    expect(await outboxFor(other.id)).toEqual(before);
    expect((await outboxFor(both.id)).filter((r) => r.leadId === lead.id)).toEqual([]);
    expect(await resentEvents(other.id)).toEqual([]);
    expect(await resentEvents(both.id)).toEqual([]);
  });
});

async function latestMessageId(campaignId: number, leadId: number) {
  const mail = await outboxFor(campaignId);
  return Math.max(0, ...mail.filter((row) => row.leadId === leadId).map((row) => row.id));
}

async function resentEvents(campaignId: number) {
  return getDb()
    .select({ entityId: auditEvents.entityId, actorId: auditEvents.actorId })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.campaignId, campaignId),
        eq(auditEvents.action, "invitation.resent"),
      ),
    );
}
