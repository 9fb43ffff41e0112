import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, rowsOf } from "@/lib/db/client";
import { withLatestMail } from "./queries";

export const ORGANISATIONS_PER_PAGE = 50;

/** The organisations table's query string: parsed, never trusted. */
export const organisationTableInput = z.object({
  page: z.coerce.number().int().min(1).catch(1),
  sort: z.enum(["name", "progress", "activity", "problems", "size"]).catch("name"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  show: z
    .enum(["all", "not_started", "in_progress", "complete", "problems"])
    .catch("all"),
  /** When anyone last answered for the organisation. */
  activity: z.enum(["any", "none", "recent", "quiet"]).catch("any"),
  /** How many users the organisation has in the campaign. */
  size: z.enum(["any", "1to9", "10to99", "100to999", "1000plus"]).catch("any"),
  q: z.string().trim().max(100).catch(""),
});
export type OrganisationTableQuery = z.output<typeof organisationTableInput>;

export interface OrganisationRow {
  organisationId: number;
  name: string;
  code: string;
  leadNames: string | null;
  /** The organisation's leads with a live link, for choosing whom to remind. */
  leadList: { id: number; name: string }[];
  leads: number;
  notInvited: number;
  queued: number;
  sent: number;
  /** Leads whose latest email could not be sent. */
  failed: number;
  /** Leads an email to whose current address bounced (any kind of mail). */
  bounced: number;
  /** Leads who marked an email as spam (any kind of mail). */
  complained: number;
  users: number;
  responded: number;
  worksHere: number;
  left: number;
  unknown: number;
  lastActivity: Date | null;
}

const orderBy: Record<OrganisationTableQuery["sort"], SQL> = {
  name: sql`o.name`,
  progress: sql`i.responded::float / greatest(i.users, 1)`,
  activity: sql`i.last_activity`,
  problems: sql`coalesce(l.failed, 0) + coalesce(l.bounced, 0) + coalesce(l.complained, 0)`,
  size: sql`i.users`,
};

/** "Recent" and "quiet" are on either side of this many days without an answer. */
export const QUIET_AFTER_DAYS = 7;

const activities: Record<OrganisationTableQuery["activity"], SQL> = {
  any: sql`true`,
  none: sql`i.last_activity is null`,
  recent: sql`i.last_activity >= now() - make_interval(days => ${QUIET_AFTER_DAYS}::int)`,
  quiet: sql`i.last_activity < now() - make_interval(days => ${QUIET_AFTER_DAYS}::int)`,
};

const sizes: Record<OrganisationTableQuery["size"], SQL> = {
  any: sql`true`,
  "1to9": sql`i.users between 1 and 9`,
  "10to99": sql`i.users between 10 and 99`,
  "100to999": sql`i.users between 100 and 999`,
  "1000plus": sql`i.users >= 1000`,
};

const shows: Record<OrganisationTableQuery["show"], SQL> = {
  all: sql`true`,
  not_started: sql`i.responded = 0`,
  in_progress: sql`i.responded > 0 and i.responded < i.users`,
  complete: sql`i.responded = i.users`,
  problems: sql`(coalesce(l.failed, 0) + coalesce(l.bounced, 0)
                   + coalesce(l.complained, 0) > 0
                 or coalesce(l.leads, 0) = 0)`,
};

/**
 * One page of a campaign's organisations with their leads, invitation states,
 * delivery problems and response counts, filtered and sorted as asked: one
 * grouped query, however many organisations there are.
 */
export async function organisationTable(
  campaignId: number,
  query: OrganisationTableQuery,
): Promise<{ rows: OrganisationRow[]; total: number }> {
  const direction = query.dir === "desc" ? sql`desc nulls last` : sql`asc nulls first`;
  const search = query.q ? sql`and o.name ilike ${`%${escapeLike(query.q)}%`}` : sql``;
  const result = await getDb().execute(sql`
    ${withLatestMail(campaignId)},
    items as (
      select organisation_id, count(*)::int as users, count(response)::int as responded,
        count(*) filter (where response = 'works_here')::int as works_here,
        count(*) filter (where response = 'left')::int as left_,
        count(*) filter (where response = 'unknown')::int as unknown,
        max(responded_at) as last_activity
      from review_items where campaign_id = ${campaignId}
      group by organisation_id),
    leads as (
      select r.organisation_id, count(*)::int as leads,
        string_agg(sl.full_name, ', ' order by sl.full_name) as lead_names,
        json_agg(json_build_object('id', sl.id, 'name', sl.full_name)
                 order by sl.full_name) as lead_list,
        count(*) filter (where m.state is null)::int as not_invited,
        count(*) filter (where m.state = 'queued')::int as queued,
        count(*) filter (where m.state = 'sent')::int as sent,
        count(*) filter (where p.failed)::int as failed,
        count(*) filter (where p.bounced)::int as bounced,
        count(*) filter (where p.complained)::int as complained
      from review_links r
      join subscriber_leads sl on sl.id = r.lead_id
      left join latest_mail m on m.lead_id = r.lead_id
      left join mail_problems p on p.lead_id = r.lead_id
      where r.campaign_id = ${campaignId} and r.revoked_at is null
      group by r.organisation_id)
    select o.id as "organisationId", o.name, o.code, l.lead_names as "leadNames",
      l.lead_list as "leadList",
      coalesce(l.leads, 0) as leads, coalesce(l.not_invited, 0) as "notInvited",
      coalesce(l.queued, 0) as queued, coalesce(l.sent, 0) as sent,
      coalesce(l.failed, 0) as failed, coalesce(l.bounced, 0) as bounced,
      coalesce(l.complained, 0) as complained,
      i.users, i.responded, i.works_here as "worksHere", i.left_ as "left", i.unknown,
      i.last_activity as "lastActivity", count(*) over ()::int as total
    from items i
    join organisations o on o.id = i.organisation_id
    left join leads l on l.organisation_id = i.organisation_id
    where ${shows[query.show]} and ${activities[query.activity]}
      and ${sizes[query.size]} ${search}
    order by ${orderBy[query.sort]} ${direction}, o.name, o.id
    limit ${ORGANISATIONS_PER_PAGE} offset ${(query.page - 1) * ORGANISATIONS_PER_PAGE}`);
  const rows = rowsOf<OrganisationRow & { total: number }>(result);
  return {
    total: Number(rows[0]?.total ?? 0),
    rows: rows.map(({ total: _total, ...row }) => ({
      ...row,
      organisationId: Number(row.organisationId),
      leadList: parseLeadList(row.leadList),
      lastActivity: row.lastActivity ? new Date(row.lastActivity) : null,
    })),
  };
}

/** Makes a search term match literally inside ILIKE. */
function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** json_agg arrives parsed from one driver and as text from another. */
function parseLeadList(value: unknown): { id: number; name: string }[] {
  const list = typeof value === "string" ? JSON.parse(value) : (value ?? []);
  return (list as { id: number | string; name: string }[]).map((lead) => ({
    id: Number(lead.id),
    name: lead.name,
  }));
}
