import { and, asc, count, desc, eq, ilike, isNull, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { type Database, getDb } from "@/lib/db/client";
import { auditEvents, organisations, reviewItems, roles, users } from "@/lib/db/schema";
import { type ItemScope, type ReviewScope, toItemScope } from "./access";
import { preparedFor } from "./prepared";
import type { ReviewFilter, ReviewListQuery } from "./schemas";

/** What the hints compare against, worked out once per request. */
export interface HintContext {
  /** Sign-ins before this are stale (REVIEW_STALE_MONTHS, default 12). */
  staleBefore: Date;
  /** The domain at least half the organisation's users share, if there is one. */
  majorityDomain: string | null;
}

export function staleMonths(): number {
  const months = Number(process.env.REVIEW_STALE_MONTHS ?? 12);
  return Number.isInteger(months) && months > 0 ? months : 12;
}

export function staleCutoff(now = new Date()): Date {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - staleMonths());
  return cutoff;
}

/** The scope's campaign and organisation: part of every WHERE clause on items. */
export function inScope(scope: ReviewScope | ItemScope): SQL {
  const { campaignId, organisationId } = toItemScope(scope);
  return and(
    eq(reviewItems.campaignId, campaignId),
    eq(reviewItems.organisationId, organisationId),
  )!;
}

const emailDomainSql = sql<string>`split_part(${users.email}, '@', 2)`;

export const isStaleSql = (hints: HintContext) =>
  sql<boolean>`coalesce(${users.lastSignInAt} < ${hints.staleBefore.toISOString()}::timestamptz, false)`;

export const domainDiffersSql = (hints: HintContext) =>
  hints.majorityDomain === null
    ? sql<boolean>`false`
    : sql<boolean>`(${emailDomainSql} <> ${hints.majorityDomain})`;

/** The lead changed the employer or role from what they were shown. */
export const changedSql = sql<boolean>`(${users.organisationId} is distinct from ${reviewItems.shownOrganisationId} or ${users.roleId} is distinct from ${reviewItems.shownRoleId})`;

/** Escapes LIKE wildcards so a search for "50%" means what it says. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Scope plus the lead's filter, over review_items joined to users. */
export function filterWhere(
  scope: ReviewScope | ItemScope,
  filter: ReviewFilter,
  hints: HintContext,
) {
  const conditions: SQL[] = [inScope(scope)];
  if (filter.q) {
    const pattern = likePattern(filter.q);
    conditions.push(or(ilike(users.fullName, pattern), ilike(users.email, pattern))!);
  }
  if (filter.response === "none") conditions.push(isNull(reviewItems.response));
  else if (filter.response !== "all")
    conditions.push(eq(reviewItems.response, filter.response));
  if (filter.changed === "yes") conditions.push(changedSql);
  if (filter.hint === "stale") conditions.push(isStaleSql(hints));
  if (filter.hint === "domain") conditions.push(domainDiffersSql(hints));
  return and(...conditions)!;
}

/** Finds the organisation's majority email domain (set-based, one pass). */
export async function loadHintContext(
  scope: ReviewScope | ItemScope,
  now = new Date(),
  db: Database = getDb(),
): Promise<HintContext> {
  const [top] = await db
    .select({
      domain: emailDomainSql,
      users: count(),
      total: sql<number>`sum(count(*)) over ()`,
    })
    .from(reviewItems)
    .innerJoin(users, eq(users.id, reviewItems.userId))
    .where(inScope(scope))
    .groupBy(emailDomainSql)
    .orderBy(desc(count()), asc(emailDomainSql))
    .limit(1);
  const majority = top && Number(top.users) * 2 >= Number(top.total) ? top.domain : null;
  return { staleBefore: staleCutoff(now), majorityDomain: majority };
}

const currentOrg = alias(organisations, "current_org");
const shownOrg = alias(organisations, "shown_org");
const shownRole = alias(roles, "shown_role");

/** The columns of one row of the list, as the page and the save both show it. */
export function itemColumns(hints: HintContext) {
  return {
    itemId: reviewItems.id,
    version: reviewItems.version,
    response: reviewItems.response,
    respondedAt: reviewItems.respondedAt,
    responderName: reviewItems.responderName,
    userId: users.id,
    userVersion: users.version,
    fullName: users.fullName,
    email: users.email,
    lastSignInAt: users.lastSignInAt,
    organisationId: users.organisationId,
    organisationName: currentOrg.name,
    roleId: users.roleId,
    shownOrganisationId: reviewItems.shownOrganisationId,
    shownOrganisationName: shownOrg.name,
    shownRoleId: reviewItems.shownRoleId,
    shownRoleName: shownRole.name,
    stale: isStaleSql(hints),
    domainDiffers: domainDiffersSql(hints),
  };
}

/** A select of itemColumns from review_items with the joins they need. */
function selectItems(db: Database, hints: HintContext) {
  return db
    .select(itemColumns(hints))
    .from(reviewItems)
    .innerJoin(users, eq(users.id, reviewItems.userId))
    .leftJoin(currentOrg, eq(currentOrg.id, users.organisationId))
    .leftJoin(shownOrg, eq(shownOrg.id, reviewItems.shownOrganisationId))
    .leftJoin(shownRole, eq(shownRole.id, reviewItems.shownRoleId));
}

export type ReviewRow = Awaited<ReturnType<typeof listReviewItems>>["rows"][number];

/** One page of the list, and how many rows match in all. */
export async function listReviewItems(
  scope: ReviewScope | ItemScope,
  query: ReviewListQuery,
  hints: HintContext,
  db: Database = getDb(),
) {
  const where = filterWhere(scope, query, hints);
  const order =
    query.sort === "signin"
      ? [sql`${users.lastSignInAt} asc nulls first`, asc(reviewItems.id)]
      : [asc(users.fullName), asc(reviewItems.id)];

  const [rows, [total]] = await Promise.all([
    selectItems(db, hints)
      .where(where)
      .orderBy(...order)
      .limit(query.size)
      .offset((query.page - 1) * query.size),
    db
      .select({ n: count() })
      .from(reviewItems)
      .innerJoin(users, eq(users.id, reviewItems.userId))
      .where(where),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

/** One item in the token's scope, as the list shows it; null when outside the scope. */
export async function getReviewItem(
  scope: ReviewScope,
  itemId: number,
  hints: HintContext,
  db: Database = getDb(),
): Promise<ReviewRow | null> {
  const [row] = await selectItems(db, hints)
    .where(and(inScope(scope), eq(reviewItems.id, itemId)))
    .limit(1);
  return row ?? null;
}

/** Hints a save does not need: they never change when a row is saved. */
const NO_HINTS: HintContext = { staleBefore: new Date(0), majorityDomain: null };

function buildItemById(db: Database) {
  return selectItems(db, NO_HINTS)
    .where(
      and(
        eq(reviewItems.campaignId, sql.placeholder("campaignId")),
        eq(reviewItems.organisationId, sql.placeholder("organisationId")),
        eq(reviewItems.id, sql.placeholder("itemId")),
      ),
    )
    .limit(1)
    .prepare("review_item_by_id");
}

/** One item in the scope, as a save sees it; a prepared statement. */
export async function loadItemForSave(
  scope: ReviewScope | ItemScope,
  itemId: number,
  db: Database = getDb(),
): Promise<ReviewRow | null> {
  const [row] = await preparedFor(db, "review_item_by_id", buildItemById).execute({
    ...toItemScope(scope),
    itemId,
  });
  return row ?? null;
}

export interface Progress {
  total: number;
  responded: number;
  worksHere: number;
  left: number;
  unknown: number;
}

export async function loadProgress(
  scope: ReviewScope,
  db: Database = getDb(),
): Promise<Progress> {
  const [row] = await db
    .select({
      total: count(),
      responded: count(reviewItems.response),
      worksHere: sql<number>`count(*) filter (where ${reviewItems.response} = 'works_here')`,
      left: sql<number>`count(*) filter (where ${reviewItems.response} = 'left')`,
      unknown: sql<number>`count(*) filter (where ${reviewItems.response} = 'unknown')`,
    })
    .from(reviewItems)
    .where(inScope(scope));
  return {
    total: Number(row?.total ?? 0),
    responded: Number(row?.responded ?? 0),
    worksHere: Number(row?.worksHere ?? 0),
    left: Number(row?.left ?? 0),
    unknown: Number(row?.unknown ?? 0),
  };
}

/** How many users each hint picks out, among those not yet answered. */
export async function countHints(
  scope: ReviewScope,
  hints: HintContext,
  db: Database = getDb(),
): Promise<{ stale: number; domain: number }> {
  const [row] = await db
    .select({
      stale: sql<number>`count(*) filter (where ${isStaleSql(hints)})`,
      domain: sql<number>`count(*) filter (where ${domainDiffersSql(hints)})`,
    })
    .from(reviewItems)
    .innerJoin(users, eq(users.id, reviewItems.userId))
    .where(and(inScope(scope), isNull(reviewItems.response)));
  return { stale: Number(row?.stale ?? 0), domain: Number(row?.domain ?? 0) };
}

export interface HistoryEntry {
  id: number;
  at: Date;
  actorName: string | null;
  action: string;
  data: Record<string, unknown> | null;
}

/** The latest answers given through any link of this organisation in this campaign. */
export async function loadHistory(
  scope: ReviewScope,
  limit = 20,
  db: Database = getDb(),
): Promise<HistoryEntry[]> {
  return db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actorName: auditEvents.actorName,
      action: auditEvents.action,
      data: auditEvents.data,
    })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.campaignId, scope.campaign.id),
        eq(auditEvents.organisationId, scope.organisation.id),
        eq(auditEvents.actorType, "lead"),
      ),
    )
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(limit);
}

export async function listRoles(db: Database = getDb()) {
  return db
    .select({ id: roles.id, name: roles.name })
    .from(roles)
    .orderBy(asc(roles.name));
}

export interface OrganisationOption {
  id: number;
  name: string;
  code: string;
}

/** A short list of organisations matching a name or code, best matches first. */
export async function searchOrganisations(
  text: string,
  limit = 10,
  db: Database = getDb(),
): Promise<OrganisationOption[]> {
  const pattern = likePattern(text);
  const rows = await db
    .select({ id: organisations.id, name: organisations.name, code: organisations.code })
    .from(organisations)
    .where(or(ilike(organisations.name, pattern), ilike(organisations.code, text)))
    .orderBy(
      sql`(lower(${organisations.name}) like lower(${`${text}%`})) desc`,
      asc(organisations.name),
    )
    .limit(limit);
  return rows;
}

/** The organisation whose name is exactly this text (any case), if only one is. */
export async function findOrganisationByName(
  name: string,
  db: Database = getDb(),
): Promise<OrganisationOption | null> {
  const rows = await db
    .select({ id: organisations.id, name: organisations.name, code: organisations.code })
    .from(organisations)
    .where(
      or(
        sql`lower(${organisations.name}) = lower(${name})`,
        sql`lower(${organisations.code}) = lower(${name})`,
      ),
    )
    .limit(2);
  return rows.length === 1 ? rows[0] : null;
}
