import { sql } from "drizzle-orm";
import { getDb, rowsOf } from "@/lib/db/client";
import { withLatestMail } from "./queries";

export interface LeadRow {
  leadId: number;
  fullName: string;
  email: string;
  linkId: number | null;
  linkCreatedAt: Date | null;
  /** The latest invitation's state; null: never invited. */
  state: "queued" | "sent" | "failed" | null;
  /** Why the latest email of any kind could not be sent; null when it could. */
  failedReason: string | null;
  /** An email to the current address bounced, and what the server said. */
  bounced: boolean;
  bounceReason: string | null;
  /** The lead marked an email to the current address as spam. */
  complained: boolean;
  /** Their latest message in the campaign (0: none), which keys a resend. */
  latestMessageId: number;
}

/** An organisation's leads, with their live link, latest invitation and delivery problems. */
export async function organisationLeads(
  campaignId: number,
  organisationId: number,
): Promise<LeadRow[]> {
  const result = await getDb().execute(sql`
    ${withLatestMail(campaignId)}
    select l.id as "leadId", l.full_name as "fullName", l.email,
      r.id as "linkId", r.created_at as "linkCreatedAt", m.state,
      case when p.failed then p.failed_reason end as "failedReason",
      coalesce(p.bounced, false) as bounced, p.bounce_reason as "bounceReason",
      coalesce(p.complained, false) as complained,
      coalesce((select max(o.id) from email_outbox o
        where o.campaign_id = ${campaignId} and o.lead_id = l.id), 0) as "latestMessageId"
    from subscriber_leads l
    left join review_links r on r.lead_id = l.id and r.campaign_id = ${campaignId}
      and r.revoked_at is null
    left join latest_mail m on m.lead_id = l.id
    left join mail_problems p on p.lead_id = l.id
    where l.organisation_id = ${organisationId}
    order by l.full_name, l.id`);
  return rowsOf<LeadRow>(result).map((row) => ({
    ...row,
    leadId: Number(row.leadId),
    linkId: row.linkId === null ? null : Number(row.linkId),
    linkCreatedAt: row.linkCreatedAt ? new Date(row.linkCreatedAt) : null,
    latestMessageId: Number(row.latestMessageId),
  }));
}

export const ITEMS_PER_PAGE = 100;

export interface ItemRow {
  itemId: number;
  fullName: string;
  email: string;
  shownOrganisation: string | null;
  shownRole: string | null;
  organisationNow: string | null;
  roleNow: string | null;
  response: string | null;
  responderName: string | null;
  respondedAt: Date | null;
}

/** One page of an organisation's items: what the lead was shown, and what is true now. */
export async function organisationItems(
  campaignId: number,
  organisationId: number,
  page: number,
): Promise<ItemRow[]> {
  const result = await getDb().execute(sql`
    select i.id as "itemId", u.full_name as "fullName", u.email,
      so.name as "shownOrganisation", sr.name as "shownRole",
      o.name as "organisationNow", r.name as "roleNow",
      i.response, i.responder_name as "responderName", i.responded_at as "respondedAt"
    from review_items i
    join users u on u.id = i.user_id
    left join organisations so on so.id = i.shown_organisation_id
    left join roles sr on sr.id = i.shown_role_id
    left join organisations o on o.id = u.organisation_id
    left join roles r on r.id = u.role_id
    where i.campaign_id = ${campaignId} and i.organisation_id = ${organisationId}
    order by u.full_name, i.id
    limit ${ITEMS_PER_PAGE} offset ${(page - 1) * ITEMS_PER_PAGE}`);
  return rowsOf<ItemRow>(result).map((row) => ({
    ...row,
    itemId: Number(row.itemId),
    respondedAt: row.respondedAt ? new Date(row.respondedAt) : null,
  }));
}

export interface HistoryRow {
  id: number;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  data: Record<string, unknown> | null;
}

/** The organisation's story in this campaign, newest first: who did what, when, through which link. */
export async function organisationHistory(
  campaignId: number,
  organisationId: number,
  limit = 200,
): Promise<HistoryRow[]> {
  const result = await getDb().execute(sql`
    select id, at, actor_type as "actorType", actor_id as "actorId",
      actor_name as "actorName", action, data
    from audit_events
    where campaign_id = ${campaignId} and organisation_id = ${organisationId}
    order by at desc, id desc limit ${limit}`);
  return rowsOf<HistoryRow>(result).map((row) => ({
    ...row,
    id: Number(row.id),
    at: new Date(row.at),
    data: typeof row.data === "string" ? JSON.parse(row.data) : row.data,
  }));
}

export interface NeedsLeadRow {
  organisationId: number;
  name: string;
  code: string;
  users: number;
  leadId: number | null;
  leadName: string | null;
  leadEmail: string | null;
  linkId: number | null;
  reason: "no_lead" | "failed" | "bounced" | "complained";
  /** Resend's reason for a failed send, or the bounce message. */
  detail: string | null;
}

/**
 * Who cannot be reached: subscribing organisations with users but no lead,
 * and leads whose latest email of any kind failed, or an email to whose
 * current address bounced or was marked as spam. A complaint is named before
 * a bounce, and a bounce before a failure: one row per lead.
 */
export async function needsALead(
  campaignId: number,
  limit = 200,
): Promise<NeedsLeadRow[]> {
  const result = await getDb().execute(sql`
    ${withLatestMail(campaignId)}
    select o.id as "organisationId", o.name, o.code,
      (select count(*)::int from users u where u.organisation_id = o.id) as users,
      null::bigint as "leadId", null as "leadName", null as "leadEmail",
      null::bigint as "linkId", 'no_lead' as reason, null as detail
    from organisations o
    where o.is_subscriber
      and not exists (select 1 from subscriber_leads l where l.organisation_id = o.id)
      and exists (select 1 from users u where u.organisation_id = o.id)
    union all
    select o.id, o.name, o.code,
      (select count(*)::int from review_items i
        where i.campaign_id = ${campaignId} and i.organisation_id = o.id),
      l.id, l.full_name, l.email, r.id,
      case when p.complained then 'complained' when p.bounced then 'bounced'
           else 'failed' end,
      case when p.complained then null when p.bounced then p.bounce_reason
           else p.failed_reason end
    from mail_problems p
    join subscriber_leads l on l.id = p.lead_id
    join organisations o on o.id = l.organisation_id
    left join review_links r on r.lead_id = l.id and r.campaign_id = ${campaignId}
      and r.revoked_at is null
    where p.failed or p.bounced or p.complained
    order by 9, 2
    limit ${limit}`);
  return rowsOf<NeedsLeadRow>(result).map((row) => ({
    ...row,
    organisationId: Number(row.organisationId),
    leadId: row.leadId === null ? null : Number(row.leadId),
    linkId: row.linkId === null ? null : Number(row.linkId),
  }));
}

/** Invitations queued vs sent for the progress bar, with any send under way. */
export async function sendingProgress(campaignId: number) {
  const result = await getDb().execute(sql`
    select count(*)::int as total,
      count(*) filter (where status = 'sent')::int as sent,
      count(*) filter (where status = 'failed')::int as failed,
      count(*) filter (where status in ('pending', 'sending'))::int as waiting
    from email_outbox where campaign_id = ${campaignId}`);
  return rowsOf<{ total: number; sent: number; failed: number; waiting: number }>(
    result,
  )[0];
}
