import { eq, sql } from "drizzle-orm";
import { getDb, rowsOf } from "@/lib/db/client";
import { campaigns } from "@/lib/db/schema";

const campaignColumns = {
  id: campaigns.id,
  name: campaigns.name,
  deadlineDate: campaigns.deadlineDate,
  deadlineAt: campaigns.deadlineAt,
  status: campaigns.status,
  reminderDays: campaigns.reminderDays,
  openedAt: campaigns.openedAt,
  closedAt: campaigns.closedAt,
};

export async function loadCampaign(campaignId: number) {
  const [row] = await getDb()
    .select(campaignColumns)
    .from(campaigns)
    .where(eq(campaigns.id, campaignId));
  return row ?? null;
}
export type CampaignSummary = NonNullable<Awaited<ReturnType<typeof loadCampaign>>>;

export interface CampaignListRow {
  id: number;
  name: string;
  deadlineDate: string;
  status: "draft" | "open" | "closed";
  users: number;
  responded: number;
}

/** Every campaign, newest first, with its item counts (one grouped query). */
export async function listCampaigns(): Promise<CampaignListRow[]> {
  const result = await getDb().execute(sql`
    select c.id, c.name, c.deadline_date::text as "deadlineDate", c.status,
           coalesce(i.users, 0)::int as users, coalesce(i.responded, 0)::int as responded
    from campaigns c
    left join (select campaign_id, count(*) as users, count(response) as responded
               from review_items group by campaign_id) i on i.campaign_id = c.id
    order by c.created_at desc, c.id desc`);
  return rowsOf<CampaignListRow>(result).map((row) => ({ ...row, id: Number(row.id) }));
}

export interface CampaignTotals {
  organisations: number;
  users: number;
  responded: number;
  worksHere: number;
  left: number;
  unknown: number;
  leads: number;
  invited: number;
  queued: number;
  sent: number;
  /** Leads whose latest email of any kind could not be sent. */
  failed: number;
  /** Leads with an email to their current address that bounced. */
  bounced: number;
  /** Leads who marked an email to their current address as spam. */
  complained: number;
}

/**
 * A `with` clause naming two tables, per lead of the campaign:
 * `latest_mail`, the state of their latest invitation (queued, sent or
 * failed); and `mail_problems`, over every kind of mail they were sent
 * (invitation, reminder, resend): whether their latest message failed and
 * with what reason, and whether any message to their current address bounced
 * or drew a complaint. Mail to an address since corrected no longer counts.
 */
export function withLatestMail(campaignId: number) {
  return sql`with latest_mail as (
    select distinct on (m.lead_id) m.lead_id,
      case when m.status = 'failed' then 'failed'
           when m.status = 'sent' then 'sent'
           else 'queued' end as state
    from email_outbox m
    where m.campaign_id = ${campaignId} and m.kind = 'invitation'
    order by m.lead_id, m.created_at desc, m.id desc),
  mail_problems as (
    select m.lead_id,
      (array_agg(m.status order by m.created_at desc, m.id desc))[1] = 'failed' as failed,
      (array_agg(m.last_error order by m.created_at desc, m.id desc))[1] as failed_reason,
      coalesce(bool_or(m.delivery_status = 'bounced' and m.to_email = l.email), false)
        as bounced,
      (array_agg(m.last_error order by m.created_at desc, m.id desc)
        filter (where m.delivery_status = 'bounced' and m.to_email = l.email))[1]
        as bounce_reason,
      coalesce(bool_or(m.delivery_status = 'complained' and m.to_email = l.email), false)
        as complained
    from email_outbox m
    join subscriber_leads l on l.id = m.lead_id
    where m.campaign_id = ${campaignId}
    group by m.lead_id)`;
}

const invitationCounts = sql`
  count(*)::int as invited,
  count(*) filter (where state = 'queued')::int as queued,
  count(*) filter (where state = 'sent')::int as sent`;

const problemCounts = sql`
  count(*) filter (where failed)::int as failed,
  count(*) filter (where bounced)::int as bounced,
  count(*) filter (where complained)::int as complained`;

/** The headline numbers of a campaign, in one round trip. */
export async function campaignTotals(campaignId: number): Promise<CampaignTotals> {
  const result = await getDb().execute(sql`
    ${withLatestMail(campaignId)}
    select
      (select count(distinct organisation_id)::int from review_items
        where campaign_id = ${campaignId}) as organisations,
      i.users, i.responded, i.works_here as "worksHere", i.left_ as "left", i.unknown,
      (select count(*)::int from review_links
        where campaign_id = ${campaignId} and revoked_at is null) as leads,
      m.invited, m.queued, m.sent, p.failed, p.bounced, p.complained
    from (select count(*)::int as users, count(response)::int as responded,
            count(*) filter (where response = 'works_here')::int as works_here,
            count(*) filter (where response = 'left')::int as left_,
            count(*) filter (where response = 'unknown')::int as unknown
          from review_items where campaign_id = ${campaignId}) i,
         (select ${invitationCounts} from latest_mail) m,
         (select ${problemCounts} from mail_problems) p`);
  return rowsOf<CampaignTotals>(result)[0];
}

/** Responses per London day, for the chart of progress against the deadline. */
export async function responsesByDay(
  campaignId: number,
): Promise<{ day: string; responses: number }[]> {
  const result = await getDb().execute(sql`
    select to_char((responded_at at time zone 'Europe/London')::date, 'YYYY-MM-DD') as day,
           count(*)::int as responses
    from review_items
    where campaign_id = ${campaignId} and responded_at is not null
    group by 1 order by 1`);
  return rowsOf(result);
}
