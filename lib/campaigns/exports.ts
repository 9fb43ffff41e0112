import { sql } from "drizzle-orm";
import { type CsvCell, keysetPages } from "@/lib/csv/export";
import { getDb, rowsOf } from "@/lib/db/client";

/** Rows per query: large enough to be quick, small enough to keep memory flat. */
const PAGE = 2_000;
const LONDON_TIME = "YYYY-MM-DD HH24:MI:SS";

export const ITEM_EXPORT_HEADER = [
  "Item",
  "User",
  "Email",
  "Organisation reviewed",
  "Employer shown",
  "Role shown",
  "Employer now",
  "Role now",
  "Response",
  "Responder",
  "Responded at (UK time)",
  "Access change applied",
];

/** One campaign's items, with what was shown, what is true now, and the answer. */
export function itemExportRows(campaignId: number): AsyncIterable<CsvCell[][]> {
  return pagedRows(
    (after) => sql`
      select i.id as item, u.full_name as user_name, u.email, org.name as reviewed_org,
        shown_org.name as shown_org, shown_role.name as shown_role,
        now_org.name as now_org, now_role.name as now_role,
        i.response::text as response, i.responder_name as responder,
        to_char(i.responded_at at time zone 'Europe/London', ${LONDON_TIME}) as responded_at,
        (select ac.from_level || ' to ' || ac.to_level || ' (' || ac.reason || ', '
                || to_char(ac.created_at at time zone 'Europe/London', ${LONDON_TIME}) || ')'
           from access_changes ac
          where ac.review_item_id = i.id and ac.reverted_at is null
          order by ac.id desc limit 1) as access_change
      from review_items i
      join users u on u.id = i.user_id
      join organisations org on org.id = i.organisation_id
      left join organisations shown_org on shown_org.id = i.shown_organisation_id
      left join roles shown_role on shown_role.id = i.shown_role_id
      left join organisations now_org on now_org.id = u.organisation_id
      left join roles now_role on now_role.id = u.role_id
      where i.campaign_id = ${campaignId} and i.id > ${after}
      order by i.id limit ${PAGE}`,
  );
}

export const AUDIT_EXPORT_HEADER = [
  "Event",
  "At (UK time)",
  "Actor type",
  "Actor",
  "Actor name",
  "Action",
  "Entity type",
  "Entity",
  "Organisation",
  "Details",
];

/** One campaign's audit log, oldest first. */
export function auditExportRows(campaignId: number): AsyncIterable<CsvCell[][]> {
  return pagedRows(
    (after) => sql`
      select e.id, to_char(e.at at time zone 'Europe/London', ${LONDON_TIME}) as at,
        e.actor_type, e.actor_id, e.actor_name, e.action, e.entity_type, e.entity_id,
        o.name as organisation, e.data::text as details
      from audit_events e
      left join organisations o on o.id = e.organisation_id
      where e.campaign_id = ${campaignId} and e.id > ${after}
      order by e.id limit ${PAGE}`,
  );
}

/**
 * Runs a page query (each column uniquely named, the first the numeric key)
 * again and again after the last key, yielding pages of cell arrays.
 */
function pagedRows(
  query: (after: number) => ReturnType<typeof sql>,
): AsyncIterable<CsvCell[][]> {
  return keysetPages<CsvCell[], number>(
    async (after) =>
      rowsOf<Record<string, CsvCell>>(await getDb().execute(query(after ?? 0))).map(
        (row) => Object.values(row),
      ),
    (row) => Number(row[0]),
  );
}
