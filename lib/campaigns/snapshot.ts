import { type SQL, sql } from "drizzle-orm";
import { type Executor, rowsOf } from "@/lib/db/client";

/**
 * A token hash nobody holds the token for: the hash of a random value that is
 * never kept. A link starts like this and gets a real token (and so an email)
 * when its invitation is sent.
 */
export const UNUSABLE_TOKEN_HASH = sql`encode(sha256(convert_to(
  gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex')`;

/**
 * Snapshots one review item per user of every subscribing organisation that
 * has a lead (or only `organisationId`), as the user's profile stands now.
 * One INSERT … SELECT; users already in the campaign are left alone.
 */
export async function snapshotItems(
  tx: Executor,
  campaignId: number,
  organisationId?: number,
): Promise<number> {
  const onlyOne: SQL = organisationId ? sql`and o.id = ${organisationId}` : sql``;
  return countInserted(
    tx,
    sql`
    insert into review_items
      (campaign_id, user_id, organisation_id, shown_organisation_id,
       shown_role_id, shown_access_level)
    select ${campaignId}, u.id, u.organisation_id, u.organisation_id,
           u.role_id, u.access_level
    from users u
    join organisations o on o.id = u.organisation_id
    where o.is_subscriber ${onlyOne}
      and exists (select 1 from subscriber_leads l where l.organisation_id = o.id)
    on conflict (campaign_id, user_id) do nothing`,
  );
}

/**
 * One live review link per lead of every organisation with items in the
 * campaign (or only `organisationId`). Leads that already have one keep it.
 */
export async function createLinks(
  tx: Executor,
  campaignId: number,
  organisationId?: number,
): Promise<number> {
  const onlyOne: SQL = organisationId
    ? sql`and l.organisation_id = ${organisationId}`
    : sql``;
  return countInserted(
    tx,
    sql`
    insert into review_links (campaign_id, organisation_id, lead_id, token_hash)
    select ${campaignId}, l.organisation_id, l.id, ${UNUSABLE_TOKEN_HASH}
    from subscriber_leads l
    where exists (select 1 from review_items i
                  where i.campaign_id = ${campaignId}
                    and i.organisation_id = l.organisation_id) ${onlyOne}
      and not exists (select 1 from review_links r
                      where r.campaign_id = ${campaignId}
                        and r.lead_id = l.id and r.revoked_at is null)`,
  );
}

/** Runs an INSERT and counts its rows in the database, never shipping the ids back. */
async function countInserted(tx: Executor, insert: SQL): Promise<number> {
  const result = await tx.execute(
    sql`with inserted as (${insert} returning 1) select count(*)::int as n from inserted`,
  );
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}
