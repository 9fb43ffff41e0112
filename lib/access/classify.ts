import { type SQL, sql } from "drizzle-orm";

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
 * CTEs `answers` and `classified`: one row per user (their newest answer
 * past its grace period, else their newest answer), with the domain rule
 * that matched. Matching mirrors matchDomain()
 * in domains.ts, reading the domain and the address check that PostgreSQL
 * stored with the user (users.email_domain, users.email_kind), with one
 * deliberate difference: punycode cannot be computed in SQL, so an address
 * whose domain is not plain ASCII is never matched automatically and is left
 * for an admin (category not_recognised). Rules are matched once per
 * distinct domain, not once per user.
 *
 * The user's newest answer wins: a left/unknown answer counts only while no
 * works_here answer for the same user (in any open or closed campaign) came
 * after it, and of several it is the newest that is judged, so an answer
 * given after an admin's decision or an access change on an older one is
 * not held by them.
 */
export function classifiedCtes(now: string): SQL {
  return sql`
  answers as (
    select distinct on (ri.user_id)
      ri.id as item_id, ri.user_id, ri.campaign_id, ri.response, ri.responded_at,
      coalesce(${pastGrace(now, sql`ri.responded_at`)}, false) as due
    from review_items ri
    join campaigns c on c.id = ri.campaign_id
    where ${standingAnswer()}
    order by ri.user_id, due desc, ri.responded_at desc, ri.id desc
  ),
  addressed as materialized (
    select a.*, u.access_level, u.email_domain as domain, u.email_kind as kind,
      ${addressOf(sql`u.email`)} as address
    from answers a
    -- One index lookup per answer: answers are few beside all users, and a
    -- hash join would read the whole users table.
    cross join lateral (
      select u.access_level, u.email_domain, u.email_kind, u.email from users u
      where u.id = a.user_id limit 1) u
  ),
  matched as (
    select distinct on (d.domain) d.domain, dr.id as rule_id, dr.suffix as rule_suffix
    from (select domain from addressed where kind = 'ascii' group by domain) d
    join domain_rules dr on d.domain = dr.suffix
      or right(d.domain, length(dr.suffix) + 1) = '.' || dr.suffix
    order by d.domain, length(dr.suffix) desc
  ),
  held as (${heldSql(now)}),
  classified as (
    select a.item_id, a.user_id, a.campaign_id, a.response, a.domain, m.rule_id,
      m.rule_suffix,
      case
        when not a.due then 'in_grace'
        when a.access_level <> 'subscriber' then 'already_non_subscriber'
        when h.item_id is not null then 'held'
        when l.email is not null then 'lead'
        when a.kind = 'invalid' then 'invalid'
        when m.rule_id is null then 'not_recognised'
        else 'downgrade'
      end as category
    from addressed a
    left join matched m on a.kind = 'ascii' and m.domain = a.domain
    left join held h on h.item_id = a.item_id
    left join (select distinct email from subscriber_leads) l on l.email = a.address
  )`;
}

/**
 * The answers that are held: an admin decided on them after they were given
 * (keep, a deferral still running, or their own downgrade), or the user's
 * access changed in any way after the answer: an undo, an import, an admin's
 * approval elsewhere. Whatever happened later to the user's access stands
 * until the lead answers again.
 */
function heldSql(now: string): SQL {
  return sql`
    select a.item_id from addressed a
    where ${decidedSince(now, sql`a.item_id`, sql`a.responded_at`)}
    union
    select a.item_id from addressed a
    where ${accessChangedSince(sql`a.user_id`, sql`a.responded_at`)}`;
}

/**
 * The conditions an answer `ri` (joined to its campaign `c`) must meet to
 * count at all: a left/unknown answer in an open or closed campaign with no
 * works_here answer for the same user after it. Shared by the plan and the
 * re-check of each batch, so the two cannot disagree. The later answer is
 * looked up per answer through the user's index (a scalar subquery, which
 * PostgreSQL keeps as such) rather than as an anti-join, for which it would
 * hash every works_here answer there is: most answers are works_here.
 */
export function standingAnswer(): SQL {
  return sql`c.status in ('open', 'closed') and ri.response in ('left', 'unknown')
      and (select w.id from review_items w
        join campaigns wc on wc.id = w.campaign_id and wc.status in ('open', 'closed')
        where w.user_id = ri.user_id and w.response = 'works_here'
          and (w.responded_at, w.id) > (ri.responded_at, ri.id)
        limit 1) is null`;
}

/** Whether an answer given at `respondedAt` has stood for its campaign `c`'s grace period. */
export function pastGrace(now: string, respondedAt: SQL): SQL {
  return sql`${respondedAt} <= ${now}::timestamptz - make_interval(hours => c.grace_hours)`;
}

/** An admin decided on the item after its answer (keep, a running deferral, a downgrade). */
export function decidedSince(now: string, itemId: SQL, respondedAt: SQL): SQL {
  return sql`exists (select 1 from access_decisions ad
      where ad.review_item_id = ${itemId} and ad.decided_at >= ${respondedAt}
        and (ad.decision <> 'defer' or ad.defer_until > ${now}::timestamptz))`;
}

/** The user's access changed in any way after the answer. */
export function accessChangedSince(userId: SQL, respondedAt: SQL): SQL {
  return sql`exists (select 1 from access_changes ac
      where ac.user_id = ${userId} and ac.created_at >= ${respondedAt})`;
}

/** A user's address as subscriber_leads stores a lead's, to find leads among users. */
export function addressOf(email: SQL): SQL {
  return sql`lower(btrim(${email}))`;
}

/**
 * The user is a subscriber lead (leads are flagged, never downgraded). An IN
 * over all leads' addresses, which PostgreSQL hashes once per statement
 * rather than looking up each user's address in the index.
 */
export function isLead(email: SQL): SQL {
  return sql`${addressOf(email)} in (select l.email from subscriber_leads l)`;
}

/**
 * CTE `restores`: access a campaign removed, given back once the user's
 * newest answer (over every open or closed campaign) is works_here, in an
 * open campaign, and came after the change. Only the user's latest access
 * change is ever taken back, so a later change from any source (an import,
 * an admin) is never overwritten. `users`, when given, is a query of user ids
 * to limit it to (a batch checking its plan at write time).
 * The newest answer is read from review_items itself rather than `answers`:
 * a second reference would make PostgreSQL materialise `answers` and then
 * hash all of users to join it (twice the plan's time on a million users).
 */
export function restoresCte(users?: SQL): SQL {
  const scope = users ? sql`and ac.user_id in (${users})` : sql``;
  return sql`
  restores as (
    select ac.id as change_id, ac.user_id, n.item_id, n.campaign_id, n.response,
      ac.from_level, ac.to_level
    from access_changes ac
    join users u on u.id = ac.user_id and u.access_level = ac.to_level
    cross join lateral (
      select ri.id as item_id, ri.campaign_id, ri.response, ri.responded_at,
        c.status as campaign_status
      from review_items ri
      join campaigns c on c.id = ri.campaign_id and c.status in ('open', 'closed')
      where ri.user_id = ac.user_id and ri.response is not null
      order by ri.responded_at desc nulls last, ri.id desc
      limit 1) n
    where ac.to_level = 'non_subscriber' and ac.reverted_at is null
      and ac.reason in ('response_left', 'response_unknown', 'admin_decision') ${scope}
      and n.response = 'works_here' and n.campaign_status = 'open'
      and n.responded_at > ac.created_at
      and not exists (select 1 from access_changes later
        where later.user_id = ac.user_id and later.id > ac.id)
  )`;
}
