import { and, eq, isNull, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { type Executor, getDb, rowsOf } from "@/lib/db/client";
import { reviewLinks, subscriberLeads } from "@/lib/db/schema";
import { queueEmail } from "@/lib/mail/outbox";
import { kickOutbox } from "@/lib/mail/worker";
import { type ActionResult, fail } from "@/lib/result";
import { normaliseEmail } from "@/lib/users/email";
import { type Actor, auditActor } from "./actor";
import { lockCampaignSends } from "./invitations";
import { replaceLink } from "./links";
import {
  type CampaignForMail,
  type LeadForMail,
  renderInvitation,
  resendKey,
  resentLinkKey,
} from "./mail";
import { loadCampaign } from "./queries";
import { snapshotItems } from "./snapshot";
import { linkTokenHash } from "./token";

const NOT_OPEN = "Links can be issued only while the campaign is open.";
const STALE_LINK =
  "That link has changed since this page was loaded. Refresh the page to see the current one.";
const NOT_IN_CAMPAIGN = "That lead is not part of this campaign.";
const NO_LIVE_LINK =
  "That link was revoked or replaced, so it cannot be sent again. Reissue a link instead.";
const NEVER_INVITED =
  "This lead has not been sent an invitation yet. Send the invitations first.";
const DUPLICATE_LEAD = "This organisation already has a lead with that email address.";
const UNCHANGED = "That is already the lead's name and address: change one of them.";

/** The lead's live link id in the campaign, locked for this transaction; 0 when none. */
async function lockedLiveLink(tx: Executor, campaignId: number, leadId: number) {
  const [row] = await tx
    .select({ id: reviewLinks.id })
    .from(reviewLinks)
    .where(
      and(
        eq(reviewLinks.campaignId, campaignId),
        eq(reviewLinks.leadId, leadId),
        isNull(reviewLinks.revokedAt),
      ),
    )
    .for("update");
  return row?.id ?? 0;
}

/** What the invitation says about this lead and their organisation. */
async function leadForMail(tx: Executor, campaignId: number, linkId: number) {
  const result = await tx.execute(sql`
    select r.id as "linkId", r.lead_id as "leadId", r.organisation_id as "organisationId",
           l.full_name as "leadName", l.email as "leadEmail", o.name as "organisationName",
           (select count(*)::int from review_items i where i.campaign_id = r.campaign_id
              and i.organisation_id = r.organisation_id) as "userCount"
    from review_links r
    join subscriber_leads l on l.id = r.lead_id
    join organisations o on o.id = r.organisation_id
    where r.id = ${linkId} and r.campaign_id = ${campaignId}`);
  const row = rowsOf<LeadForMail>(result)[0];
  return { ...row, linkId: Number(row.linkId), leadId: Number(row.leadId) };
}

/**
 * Inside the caller's transaction: revokes the lead's link, issues a new one
 * and queues an invitation carrying it, keyed by the new link so a repeat of
 * the same request queues nothing more.
 */
async function reissueAndQueue(
  tx: Executor,
  campaign: CampaignForMail,
  leadId: number,
  actor: Actor,
): Promise<void> {
  const issued = await replaceLink(tx, campaign.id, leadId, actor);
  if (!issued) throw new Error(`lead ${leadId} vanished inside its own transaction`);
  const lead = await leadForMail(tx, campaign.id, issued.linkId);
  const email = await renderInvitation(campaign, lead);
  await queueEmail(tx, {
    kind: "invitation",
    to: lead.leadEmail,
    ...email,
    idempotencyKey: resendKey(campaign.id, leadId, issued.linkId),
    campaignId: campaign.id,
    leadId,
  });
}

async function openCampaignOrNull(campaignId: number) {
  const campaign = await loadCampaign(campaignId);
  return campaign?.status === "open" ? campaign : null;
}

/**
 * Reissues a lead's link and emails the new one; the old link stops working
 * at once. `linkId` is the link the admin saw (0: none), so a double click or
 * a stale page reissues nothing twice.
 */
export async function reissueAndSend(
  campaignId: number,
  leadId: number,
  linkId: number,
  actor: Actor,
): Promise<ActionResult> {
  const campaign = await openCampaignOrNull(campaignId);
  if (!campaign) return fail(NOT_OPEN);

  const result = await getDb().transaction(async (tx) => {
    await lockCampaignSends(tx, campaignId);
    if ((await lockedLiveLink(tx, campaignId, leadId)) !== linkId)
      return fail(STALE_LINK);
    if (!(await leadBelongsToCampaign(tx, campaignId, leadId))) {
      return fail(NOT_IN_CAMPAIGN);
    }
    await reissueAndQueue(tx, campaign, leadId, actor);
    return { ok: true } as const;
  });
  if (result.ok) kickOutbox();
  return result;
}

/**
 * Emails the lead's live link again, unchanged (the link keeps working).
 * `linkId` is the link the admin saw and `afterMessageId` the lead's latest
 * message the page showed: together they key the new message, so a double
 * click queues one, and a resend after the page has refreshed queues another.
 */
export async function resendLink(
  campaignId: number,
  leadId: number,
  linkId: number,
  afterMessageId: number,
  actor: Actor,
): Promise<ActionResult<{ queued: boolean }>> {
  const campaign = await openCampaignOrNull(campaignId);
  if (!campaign) return fail(NOT_OPEN);

  const result = await getDb().transaction(async (tx) => {
    await lockCampaignSends(tx, campaignId);
    const live = await lockedLiveLink(tx, campaignId, leadId);
    if (live === 0 || live !== linkId)
      return fail(live === 0 ? NO_LIVE_LINK : STALE_LINK);
    if (!(await leadBelongsToCampaign(tx, campaignId, leadId))) {
      return fail(NOT_IN_CAMPAIGN);
    }
    if (!(await linkWasActivated(tx, linkId))) return fail(NEVER_INVITED);

    const lead = await leadForMail(tx, campaignId, linkId);
    const queued = await queueEmail(tx, {
      kind: "invitation",
      to: lead.leadEmail,
      ...(await renderInvitation(campaign, lead)),
      idempotencyKey: resentLinkKey(campaignId, leadId, linkId, afterMessageId),
      campaignId,
      leadId,
    });
    if (queued) await recordResent(tx, campaignId, lead, actor);
    return { ok: true, data: { queued } } as const;
  });
  if (result.ok) kickOutbox();
  return result;
}

/** A link opens the review only once its invitation made its hash the token's. */
async function linkWasActivated(tx: Executor, linkId: number): Promise<boolean> {
  const [row] = await tx
    .select({ tokenHash: reviewLinks.tokenHash })
    .from(reviewLinks)
    .where(eq(reviewLinks.id, linkId));
  return row?.tokenHash === linkTokenHash(linkId);
}

async function recordResent(
  tx: Executor,
  campaignId: number,
  lead: LeadForMail,
  actor: Actor,
): Promise<void> {
  await recordAudit(tx, {
    ...auditActor(actor),
    action: "invitation.resent",
    entityType: "review_link",
    entityId: lead.linkId,
    campaignId,
    organisationId: lead.organisationId,
    data: { leadId: lead.leadId, to: lead.leadEmail },
  });
}

/** A lead takes part when their organisation has items in the campaign. */
async function leadBelongsToCampaign(tx: Executor, campaignId: number, leadId: number) {
  const result = await tx.execute(sql`
    select 1 from subscriber_leads l
    where l.id = ${leadId} and exists (select 1 from review_items i
      where i.campaign_id = ${campaignId} and i.organisation_id = l.organisation_id)`);
  return rowsOf(result).length > 0;
}

/** What an admin may change about a lead: their name and their address. */
export interface LeadChange {
  fullName: string;
  email: string;
}

/**
 * Changes a lead's name and address. A new address may reach someone else, so
 * the old link is then revoked and a new one emailed to the new address; a
 * corrected name alone keeps the link. Both are audited with the campaign.
 */
export async function changeLead(
  campaignId: number,
  leadId: number,
  linkId: number,
  change: LeadChange,
  actor: Actor,
): Promise<ActionResult<{ newLink: boolean }>> {
  const campaign = await openCampaignOrNull(campaignId);
  if (!campaign) return fail(NOT_OPEN);

  const result = await getDb().transaction(async (tx) => {
    await lockCampaignSends(tx, campaignId);
    if ((await lockedLiveLink(tx, campaignId, leadId)) !== linkId)
      return fail(STALE_LINK);
    if (!(await leadBelongsToCampaign(tx, campaignId, leadId))) {
      return fail(NOT_IN_CAMPAIGN);
    }
    const wanted = {
      fullName: change.fullName.trim(),
      email: normaliseEmail(change.email),
    };
    const changed = await applyLeadChange(tx, campaignId, leadId, wanted, actor);
    if (!changed.ok) return changed;
    if (changed.data.emailChanged) await reissueAndQueue(tx, campaign, leadId, actor);
    return { ok: true, data: { newLink: changed.data.emailChanged } } as const;
  });
  if (result.ok) kickOutbox();
  return result;
}

async function applyLeadChange(
  tx: Executor,
  campaignId: number,
  leadId: number,
  wanted: LeadChange,
  actor: Actor,
): Promise<ActionResult<{ emailChanged: boolean }>> {
  const [lead] = await tx
    .select({
      fullName: subscriberLeads.fullName,
      email: subscriberLeads.email,
      organisationId: subscriberLeads.organisationId,
    })
    .from(subscriberLeads)
    .where(eq(subscriberLeads.id, leadId));
  if (!lead) return fail("That lead no longer exists.");
  const emailChanged = lead.email !== wanted.email;
  const renamed = lead.fullName !== wanted.fullName;
  if (!emailChanged && !renamed) return fail(UNCHANGED);
  if (emailChanged && (await addressTaken(tx, lead.organisationId, leadId, wanted.email)))
    return fail(DUPLICATE_LEAD, { email: [DUPLICATE_LEAD] });

  await tx.update(subscriberLeads).set(wanted).where(eq(subscriberLeads.id, leadId));
  const event = {
    ...auditActor(actor),
    entityType: "subscriber_lead",
    entityId: leadId,
    campaignId,
    organisationId: lead.organisationId,
  };
  if (renamed) {
    await recordAudit(tx, {
      ...event,
      action: "lead.renamed",
      data: { from: lead.fullName, to: wanted.fullName },
    });
  }
  if (emailChanged) {
    await recordAudit(tx, {
      ...event,
      action: "lead.email_changed",
      data: { from: lead.email, to: wanted.email },
    });
  }
  return { ok: true, data: { emailChanged } };
}

/** Another lead of the organisation already has this address. */
async function addressTaken(
  tx: Executor,
  organisationId: number,
  leadId: number,
  email: string,
): Promise<boolean> {
  const [clash] = await tx
    .select({ id: subscriberLeads.id })
    .from(subscriberLeads)
    .where(
      and(
        eq(subscriberLeads.organisationId, organisationId),
        eq(subscriberLeads.email, email),
      ),
    );
  return clash !== undefined && clash.id !== leadId;
}

/**
 * Adds a lead to an organisation. While the campaign is open, the
 * organisation's users join it (if they had no lead at opening) and the new
 * lead gets a link and an invitation, all in one transaction.
 */
export async function addLead(
  campaignId: number,
  organisationId: number,
  lead: { fullName: string; email: string },
  actor: Actor,
): Promise<ActionResult<{ leadId: number; items: number }>> {
  const campaign = await openCampaignOrNull(campaignId);
  if (!campaign) return fail(NOT_OPEN);

  const result = await getDb().transaction(async (tx) => {
    await lockCampaignSends(tx, campaignId);
    const refusal = await cannotTakeLead(tx, organisationId);
    if (refusal) return fail(refusal);
    const leadId = await insertLead(tx, campaignId, organisationId, lead, actor);
    if (leadId === null) return fail(DUPLICATE_LEAD, { email: [DUPLICATE_LEAD] });

    const items = await snapshotItems(tx, campaignId, organisationId);
    await reissueAndQueue(tx, campaign, leadId, actor);
    return { ok: true, data: { leadId, items } } as const;
  });
  if (result.ok) kickOutbox();
  return result;
}

/** Why an organisation cannot be given a lead for a campaign, if it cannot. */
async function cannotTakeLead(
  tx: Executor,
  organisationId: number,
): Promise<string | null> {
  const result = await tx.execute(sql`
    select o.is_subscriber as "isSubscriber",
           exists (select 1 from users u where u.organisation_id = o.id) as "hasUsers"
    from organisations o where o.id = ${organisationId}`);
  const row = rowsOf<{ isSubscriber: boolean; hasUsers: boolean }>(result)[0];
  if (!row) return "That organisation no longer exists.";
  if (!row.isSubscriber) return "Only a subscribing organisation takes part in a review.";
  if (!row.hasUsers) return "This organisation has no users to review.";
  return null;
}

async function insertLead(
  tx: Executor,
  campaignId: number,
  organisationId: number,
  lead: { fullName: string; email: string },
  actor: Actor,
): Promise<number | null> {
  const [row] = await tx
    .insert(subscriberLeads)
    .values({
      organisationId,
      fullName: lead.fullName,
      email: normaliseEmail(lead.email),
    })
    .onConflictDoNothing()
    .returning({ id: subscriberLeads.id });
  if (!row) return null;
  await recordAudit(tx, {
    ...auditActor(actor),
    action: "lead.added",
    entityType: "subscriber_lead",
    entityId: row.id,
    campaignId,
    organisationId,
    data: { fullName: lead.fullName, email: normaliseEmail(lead.email) },
  });
  return row.id;
}
