import { type SQL, sql } from "drizzle-orm";
import { ASCII_DOMAIN, INTERNATIONAL_DOMAIN, LOCAL_PART, NON_ASCII } from "./domains";

/**
 * What a run decides for each user with a `left`/`unknown` answer in an open
 * or closed campaign. The order of the CASE is the order of precedence.
 */
export const CATEGORIES = [
  "in_grace",
  "already_non_subscriber",
  "held",
  "lead",
  "invalid",
  "not_recognised",
  "downgrade",
] as const;
export type Category = (typeof CATEGORIES)[number] | "restore";

/**
 * CTEs `answers` and `classified`: one row per user (their earliest due
 * answer), with the domain rule that matched. Matching mirrors matchDomain()
 * in domains.ts with one deliberate difference: punycode cannot be computed in
 * SQL, so an address whose domain is not plain ASCII is never matched
 * automatically and is left for an admin (category not_recognised).
 */
export function classifiedCtes(now: string): SQL {
  return sql`
  answers as (
    select distinct on (ri.user_id)
      ri.id as item_id, ri.user_id, ri.campaign_id, ri.response, ri.responded_at,
      coalesce(ri.responded_at <= ${now}::timestamptz
        - make_interval(hours => c.grace_hours), false) as due
    from review_items ri
    join campaigns c on c.id = ri.campaign_id
    where c.status in ('open', 'closed') and ri.response in ('left', 'unknown')
    order by ri.user_id, due desc, ri.responded_at, ri.id
  ),
  addressed as materialized (
    select a.*, u.access_level, e.address, d.domain, f.ascii,
      e.address like '%@%' and e.address not like '%@%@%'
        and split_part(e.address, '@', 1) ~ ${LOCAL_PART.source}
        and length(d.domain) <= 253
        and (f.ascii or (d.domain ~ ${NON_ASCII.source}
          and d.domain ~ ${INTERNATIONAL_DOMAIN.source})) as valid
    from answers a
    join users u on u.id = a.user_id
    cross join lateral (select lower(btrim(u.email)) as address) e
    cross join lateral (
      select case when right(x.domain, 1) = '.' then left(x.domain, -1)
        else x.domain end as domain
      from (select split_part(e.address, '@', 2) as domain) x
    ) d
    cross join lateral (select d.domain ~ ${ASCII_DOMAIN.source} as ascii) f
  ),
  ruled as (
    select distinct on (a.user_id) a.*, dr.id as rule_id, dr.suffix as rule_suffix
    from addressed a
    left join domain_rules dr on a.valid and a.ascii and (a.domain = dr.suffix
      or right(a.domain, length(dr.suffix) + 1) = '.' || dr.suffix)
    order by a.user_id, length(dr.suffix) desc nulls last
  ),
  classified as (
    select a.item_id, a.user_id, a.campaign_id, a.response, a.domain, a.rule_id,
      a.rule_suffix,
      case
        when not a.due then 'in_grace'
        when a.access_level <> 'subscriber' then 'already_non_subscriber'
        when ${heldSql(now)} then 'held'
        when exists (select 1 from subscriber_leads l where l.email = a.address)
          then 'lead'
        when not a.valid then 'invalid'
        when a.rule_id is null then 'not_recognised'
        else 'downgrade'
      end as category
    from ruled a
  )`;
}

/**
 * An answer is held when an admin decided on it after it was given (keep, a
 * deferral still running, or their own downgrade), or when a change made for
 * it was undone: an undo must stick until the lead answers again.
 */
function heldSql(now: string): SQL {
  return sql`(exists (
      select 1 from access_decisions ad
      where ad.review_item_id = a.item_id and ad.decided_at >= a.responded_at
        and (ad.decision <> 'defer' or ad.defer_until > ${now}::timestamptz)
    ) or exists (
      select 1 from access_changes ac
      where ac.review_item_id = a.item_id and ac.reverted_at is not null
        and ac.reason <> 'undo' and ac.created_at >= a.responded_at
    ))`;
}

/**
 * CTE `restores`: access a campaign removed whose answer is back to
 * works_here while the campaign is open. Users with a left/unknown answer
 * elsewhere are left alone so two campaigns never fight over one user. That
 * test reads review_items itself rather than `answers`: a second reference
 * would make PostgreSQL materialise `answers` and then hash all of users to
 * join it (twice the plan's time on a million users).
 */
export function restoresCte(): SQL {
  return sql`
  restores as (
    select distinct on (ac.user_id)
      ac.id as change_id, ac.user_id, ri.id as item_id, ri.campaign_id, ri.response
    from access_changes ac
    join review_items ri on ri.id = ac.review_item_id and ri.response = 'works_here'
    join campaigns c on c.id = ri.campaign_id and c.status = 'open'
    join users u on u.id = ac.user_id and u.access_level = ac.to_level
    where ac.to_level = 'non_subscriber' and ac.reverted_at is null
      and ac.reason in ('response_left', 'response_unknown', 'admin_decision')
      and not exists (
        select 1 from review_items x
        join campaigns xc on xc.id = x.campaign_id and xc.status in ('open', 'closed')
        where x.user_id = ac.user_id and x.response in ('left', 'unknown'))
    order by ac.user_id, ac.id desc
  )`;
}
