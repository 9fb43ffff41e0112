import { sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { type Executor, getDb, rowsOf } from "@/lib/db/client";
import { type Actor, auditActor } from "./actor";
import { lockAccess } from "./apply";
import { classifiedCtes, restoresCte } from "./classify";
import { canonicalDomain } from "./domains";

export interface QueueRow {
  itemId: number;
  userId: number;
  email: string;
  fullName: string;
  domain: string;
  /** lead | invalid | not_recognised */
  category: string;
  response: string;
  respondedAt: string;
  responderName: string | null;
  lastSignInAt: string | null;
  organisationName: string;
  campaignName: string;
  /** For an invalid address: what is wrong with it, in words. */
  invalidReason: string | null;
}

/**
 * The admin's queue: due left/unknown answers the run will not act on by
 * itself (no recognised domain, an invalid address, or a lead), oldest first.
 */
export async function listQueue(limit = 100, offset = 0): Promise<QueueRow[]> {
  const now = new Date().toISOString();
  const result = await getDb().execute(sql`
    with ${classifiedCtes(now)}
    select k.item_id as "itemId", k.user_id as "userId", u.email,
      u.full_name as "fullName", k.domain, k.category, k.response::text as response,
      ri.responded_at::text as "respondedAt", ri.responder_name as "responderName",
      u.last_sign_in_at::text as "lastSignInAt", o.name as "organisationName",
      c.name as "campaignName"
    from classified k
    join users u on u.id = k.user_id
    join review_items ri on ri.id = k.item_id
    join organisations o on o.id = ri.organisation_id
    join campaigns c on c.id = ri.campaign_id
    where k.category in ('lead', 'invalid', 'not_recognised')
    order by ri.responded_at, k.item_id
    limit ${limit} offset ${offset}`);
  return rowsOf<QueueRow>(result).map((row) => ({
    ...withNumberIds(row),
    invalidReason: row.category === "invalid" ? invalidAddressReason(row.email) : null,
  }));
}

/** A character the local part (before the @) may not hold. */
const LOCAL_OUTSIDER = /[^a-z0-9!#$%&'*+/=?^_`{|}~.-]/;
/** A character an ASCII domain may not hold (international letters are converted first). */
const DOMAIN_OUTSIDER = /[^a-z0-9.-]/;

/** How a character is named in a reason: a space is invisible in quotes. */
function named(character: string): string {
  return character === " " ? "a space" : `"${character}"`;
}

/**
 * Why an address is not valid, in plain words, worked out by the JavaScript
 * matcher (canonicalDomain) and then narrowed down to the part at fault. The
 * queue only shows it for the rows on the page, so it costs nothing per run.
 */
export function invalidAddressReason(email: string): string {
  const checked = canonicalDomain(email);
  if (checked.ok) return "refused by the database's address check";
  const address = email.trim().toLowerCase();
  const ats = address.split("@").length - 1;
  const [local = "", domain = ""] = address.split("@");
  switch (checked.reason) {
    case "blank address":
      return "the address is blank";
    case "not exactly one @":
      return ats === 0 ? "no @ sign" : ats === 2 ? "two @ signs" : `${ats} @ signs`;
    case "odd local part":
      return localReason(local);
    case "empty label in domain":
      return domain === ""
        ? "nothing after the @"
        : "empty label in the domain (two dots together, or a dot at the start)";
    case "odd characters in domain":
      return domainReason(domain);
    default:
      return unreadableDomainReason(domain);
  }
}

function localReason(local: string): string {
  if (local === "") return "nothing before the @";
  const outsider = LOCAL_OUTSIDER.exec(local);
  if (outsider) return `character not allowed before the @: ${named(outsider[0])}`;
  return "a dot at the start or end of the part before the @, or two dots together";
}

/** International letters are allowed; any other character outside a-z, 0-9, dot and hyphen is not. */
const ASCII_OUTSIDER = /[^a-z0-9.\-\u0080-\uffff]/;

function unreadableDomainReason(domain: string): string {
  const outsider = ASCII_OUTSIDER.exec(domain);
  if (outsider) return `character not allowed in the domain: ${named(outsider[0])}`;
  return "the domain cannot be read as a domain name (too long, or letters that cannot be converted)";
}

function domainReason(domain: string): string {
  const outsider = DOMAIN_OUTSIDER.exec(domain.normalize("NFKC"));
  if (outsider) return `character not allowed in the domain: ${named(outsider[0])}`;
  return "a part of the domain starts or ends with a hyphen";
}

/** postgres.js gives bigint columns as strings, PGlite as numbers. */
function withNumberIds<T extends { itemId: number; userId: number }>(row: T): T {
  return { ...row, itemId: Number(row.itemId), userId: Number(row.userId) };
}

export interface ApprovalRow {
  itemId: number;
  userId: number;
  email: string;
  fullName: string;
  accessLevel: string;
  organisationName: string;
  campaignName: string;
  respondedAt: string;
}

/**
 * Users a lead confirmed as working at a subscribing organisation whose
 * access is below subscriber, for an admin to approve. What a run will
 * restore by itself (removed by an open campaign) is not listed.
 */
export async function listApprovals(limit = 100, offset = 0): Promise<ApprovalRow[]> {
  const result = await getDb().execute(sql`
    with ${restoresCte()}
    select distinct on (u.id) ri.id as "itemId", u.id as "userId", u.email,
      u.full_name as "fullName", u.access_level::text as "accessLevel",
      o.name as "organisationName", c.name as "campaignName",
      ri.responded_at::text as "respondedAt"
    from review_items ri
    join campaigns c on c.id = ri.campaign_id and c.status in ('open', 'closed')
    join users u on u.id = ri.user_id and u.access_level <> 'subscriber'
    join organisations o on o.id = u.organisation_id and o.is_subscriber
    where ri.response = 'works_here'
      and not exists (select 1 from access_decisions ad
        where ad.review_item_id = ri.id and ad.decided_at >= ri.responded_at)
      and not exists (select 1 from restores r where r.user_id = u.id)
    order by u.id, ri.responded_at desc
    limit ${limit} offset ${offset}`);
  return rowsOf<ApprovalRow>(result).map(withNumberIds);
}

export const decideItemsInput = z.object({
  // One ticked box arrives from a form as a single value, several as a list.
  itemIds: z.preprocess(
    (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
    z
      .array(z.coerce.number().int().positive())
      .min(1, "Choose at least one person.")
      .max(1000, "Choose at most 1,000 people at a time."),
  ),
  decision: z.enum(["downgrade", "keep", "defer", "approve"], {
    error: "Choose downgrade, keep, defer or approve.",
  }),
  deferDays: z.coerce.number().int().min(1).max(90).default(7),
});
export type DecideItemsInput = z.output<typeof decideItemsInput>;

/**
 * Records an admin's decision on queue or approval items, one or many, and
 * applies it: downgrade and approve change access (each an access change
 * with reason admin_decision), keep and defer only take the item off the
 * list. One transaction with its audit event.
 */
export async function decideItems(input: DecideItemsInput, actor: Actor) {
  return getDb().transaction(async (tx) => {
    await lockAccess(tx);
    const changed = await applyDecision(tx, input, actor);
    const ids = `{${input.itemIds.join(",")}}`;
    const deferUntil =
      input.decision === "defer"
        ? new Date(Date.now() + input.deferDays * 86_400_000).toISOString()
        : null;
    await tx.execute(sql`
      insert into access_decisions (review_item_id, decision, decided_by, defer_until)
      select ri.id, ${input.decision}, ${actor.name}, ${deferUntil}::timestamptz
      from review_items ri where ri.id = any(${ids}::bigint[])
      on conflict (review_item_id) do update set decision = excluded.decision,
        decided_by = excluded.decided_by, decided_at = now(),
        defer_until = excluded.defer_until`);
    await recordAudit(tx, {
      ...auditActor(actor),
      action: `access.decision.${input.decision}`,
      entityType: "review_item",
      data: { itemIds: input.itemIds, changed },
    });
    return { decided: input.itemIds.length, changed };
  });
}

/** The access part of a decision: set-based, only where it still applies. */
async function applyDecision(
  tx: Executor,
  input: DecideItemsInput,
  actor: Actor,
): Promise<number> {
  if (input.decision !== "downgrade" && input.decision !== "approve") return 0;
  const downgrade = input.decision === "downgrade";
  const [from, to] = downgrade
    ? ["subscriber", "non_subscriber"]
    : ["non_subscriber", "subscriber"];
  const responses = downgrade ? "{left,unknown}" : "{works_here}";
  const ids = `{${input.itemIds.join(",")}}`;
  const [row] = rowsOf<{ n: number }>(
    await tx.execute(sql`
      with batch as (
        select distinct on (ri.user_id) ri.id, ri.user_id, ri.campaign_id
        from review_items ri
        where ri.id = any(${ids}::bigint[])
          and ri.response = any(${responses}::review_response[])
        order by ri.user_id, ri.id
      ),
      changed as (
        update users u set access_level = ${to}::access_level,
          version = u.version + 1, updated_at = now()
        from batch b where u.id = b.user_id and u.access_level = ${from}::access_level
        returning u.id as user_id, b.campaign_id, b.id
      ),
      recorded as (
        insert into access_changes (user_id, campaign_id, review_item_id, from_level,
          to_level, reason, actor)
        select c.user_id, c.campaign_id, c.id, ${from}::access_level, ${to}::access_level,
          'admin_decision', ${actor.name}
        from changed c
        returning 1
      )
      select count(*)::int as n from recorded`),
  );
  return Number(row?.n ?? 0);
}
