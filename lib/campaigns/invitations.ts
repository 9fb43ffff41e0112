import { type SQL, sql } from "drizzle-orm";
import { type AuditEvent, recordAudits } from "@/lib/audit/record";
import { type Executor, getDb, rowsOf } from "@/lib/db/client";
import { childLogger } from "@/lib/log";
import { queueEmail } from "@/lib/mail/outbox";
import type { RenderedEmail } from "@/lib/mail/templates";
import { kickOutbox } from "@/lib/mail/worker";
import { type ActionResult, fail } from "@/lib/result";
import { type Actor, auditActor } from "./actor";
import {
  type CampaignForMail,
  invitationKey,
  invitationMerger,
  type LeadForMail,
} from "./mail";
import { loadCampaign } from "./queries";
import { linkTokenHash } from "./token";

/** Leads per transaction: big enough to be quick, small enough to hold no lock for long. */
export const INVITATION_CHUNK = 200;

/** Two-key advisory lock namespace for "sending mail for campaign N". */
export const SEND_LOCK = 7301;

type Rendered = LeadForMail & { email: RenderedEmail };

/**
 * Queues one invitation per lead of an open campaign that has not had one,
 * chunk by chunk, then wakes the outbox worker. Sending twice, or two admins
 * at once, never queues a second invitation for a lead.
 */
export async function sendInvitations(
  campaignId: number,
  actor: Actor,
  options: { leadIds?: number[] } = {},
): Promise<ActionResult<{ queued: number }>> {
  const campaign = await loadCampaign(campaignId);
  if (!campaign) return fail("That campaign no longer exists.");
  if (campaign.status !== "open") {
    return fail("Invitations can be sent only while the campaign is open.");
  }

  const log = childLogger({ job: "send-invitations", campaignId });
  const merge = invitationMerger(campaign);
  let queued = 0;
  let after = 0;
  for (;;) {
    const chunk = await pendingInvitations(campaignId, after, options.leadIds);
    if (chunk.length === 0) break;
    after = chunk[chunk.length - 1].linkId;
    const rendered = await Promise.all(
      chunk.map(async (lead) => ({
        ...lead,
        email: await merge(lead),
      })),
    );
    queued += await queueChunk(campaign, rendered, actor);
    kickOutbox();
  }
  log.info({ queued }, "invitations queued");
  return { ok: true, data: { queued } };
}

/** The SQL test for "this lead has had no invitation in this campaign". */
export function notInvited(campaignId: number): SQL {
  return sql`not exists (select 1 from email_outbox m
    where m.campaign_id = ${campaignId} and m.lead_id = r.lead_id
      and m.kind = 'invitation')`;
}

/** The next leads with a live link and no invitation yet, in link order. */
async function pendingInvitations(
  campaignId: number,
  afterLinkId: number,
  leadIds?: number[],
): Promise<LeadForMail[]> {
  const onlySome =
    leadIds && leadIds.length > 0
      ? sql`and r.lead_id in (${sql.join(
          leadIds.map((id) => sql`${id}`),
          sql`, `,
        )})`
      : sql``;
  const result = await getDb().execute(sql`
    select r.id as "linkId", r.lead_id as "leadId",
           r.organisation_id as "organisationId", l.full_name as "leadName",
           l.email as "leadEmail", o.name as "organisationName",
           (select count(*)::int from review_items i
             where i.campaign_id = r.campaign_id
               and i.organisation_id = r.organisation_id) as "userCount"
    from review_links r
    join subscriber_leads l on l.id = r.lead_id
    join organisations o on o.id = r.organisation_id
    where r.campaign_id = ${campaignId} and r.revoked_at is null
      and r.id > ${afterLinkId} ${onlySome}
      and ${notInvited(campaignId)}
    order by r.id
    limit ${INVITATION_CHUNK}`);
  return rowsOf<LeadForMail>(result).map((row) => ({
    ...row,
    linkId: Number(row.linkId),
    leadId: Number(row.leadId),
    organisationId: Number(row.organisationId),
  }));
}

/**
 * In one transaction under the campaign's send lock: re-checks which leads
 * still need their invitation, makes their links live, queues and audits.
 */
async function queueChunk(
  campaign: CampaignForMail,
  chunk: Rendered[],
  actor: Actor,
): Promise<number> {
  return getDb().transaction(async (tx) => {
    await lockCampaignSends(tx, campaign.id);
    const stillDue = await stillPending(tx, campaign.id, chunk);
    if (stillDue.length === 0) return 0;

    await activateLinks(tx, stillDue);
    for (const lead of stillDue) {
      await queueEmail(tx, {
        kind: "invitation",
        to: lead.leadEmail,
        ...lead.email,
        idempotencyKey: invitationKey(campaign.id, lead.leadId),
        campaignId: campaign.id,
        leadId: lead.leadId,
      });
    }
    await recordAudits(
      tx,
      stillDue.map((lead) => invitedEvent(campaign.id, lead, actor)),
    );
    return stillDue.length;
  });
}

/** Serialises sends for one campaign across requests and instances. */
export async function lockCampaignSends(tx: Executor, campaignId: number): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(${SEND_LOCK}::int, ${campaignId}::int)`,
  );
}

async function stillPending(
  tx: Executor,
  campaignId: number,
  chunk: Rendered[],
): Promise<Rendered[]> {
  const ids = sql.join(
    chunk.map((lead) => sql`${lead.linkId}`),
    sql`, `,
  );
  const result = await tx.execute(sql`
    select r.id as "linkId" from review_links r
    where r.campaign_id = ${campaignId} and r.revoked_at is null
      and r.id in (${ids}) and ${notInvited(campaignId)}`);
  const due = new Set(
    rowsOf<{ linkId: number }>(result).map((row) => Number(row.linkId)),
  );
  return chunk.filter((lead) => due.has(lead.linkId));
}

/** Gives each link the hash of its derived token: until now it opened nothing. */
async function activateLinks(tx: Executor, leads: LeadForMail[]): Promise<void> {
  const values = sql.join(
    leads.map((lead) => sql`(${lead.linkId}::bigint, ${linkTokenHash(lead.linkId)})`),
    sql`, `,
  );
  await tx.execute(sql`
    update review_links r set token_hash = v.hash
    from (values ${values}) as v(id, hash)
    where r.id = v.id`);
}

function invitedEvent(campaignId: number, lead: LeadForMail, actor: Actor): AuditEvent {
  return {
    ...auditActor(actor),
    action: "invitation.queued",
    entityType: "review_link",
    entityId: lead.linkId,
    campaignId,
    organisationId: lead.organisationId,
    data: { leadId: lead.leadId },
  };
}
