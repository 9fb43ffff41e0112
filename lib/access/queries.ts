import { and, asc, count, desc, eq, gt, ne, sql } from "drizzle-orm";
import type { CsvCell } from "@/lib/csv/export";
import { getDb, rowsOf } from "@/lib/db/client";
import {
  accessChanges,
  accessRuns,
  campaigns,
  domainRules,
  users,
} from "@/lib/db/schema";
import type { BrakeHit } from "./plan";
import { staleRunAfterMs } from "./settings";

/**
 * A run's status as the pages show it: a run still marked running long after
 * its time budget was killed mid-way (the next run records it as stopped).
 */
function shownStatus() {
  const seconds = staleRunAfterMs() / 1000;
  return sql<string>`case when ${accessRuns.status} = 'running'
    and ${accessRuns.startedAt} < now() - make_interval(secs => ${seconds})
    then 'stopped' else ${accessRuns.status} end`;
}

function runColumns() {
  return {
    id: accessRuns.id,
    startedAt: accessRuns.startedAt,
    finishedAt: accessRuns.finishedAt,
    trigger: accessRuns.trigger,
    dryRun: accessRuns.dryRun,
    status: shownStatus(),
    counts: accessRuns.counts,
    notes: accessRuns.notes,
  };
}

/** Runs, newest first, for the admin list. */
export function listRuns(limit = 50) {
  return getDb()
    .select(runColumns())
    .from(accessRuns)
    .orderBy(desc(accessRuns.id))
    .limit(limit);
}

export async function getRun(runId: number) {
  const [run] = await getDb()
    .select(runColumns())
    .from(accessRuns)
    .where(eq(accessRuns.id, runId));
  return run ?? null;
}

/** The first real run after this one, if any: it replaced this one's plan. */
export async function nextRealRun(runId: number): Promise<number | null> {
  const [row] = await getDb()
    .select({ id: accessRuns.id })
    .from(accessRuns)
    .where(and(eq(accessRuns.dryRun, false), gt(accessRuns.id, runId)))
    .orderBy(asc(accessRuns.id))
    .limit(1);
  return row?.id ?? null;
}

/**
 * The braked run waiting for an admin: the latest real run, when it stopped
 * at the brake. Null once a later real run has gone through.
 */
export async function awaitingConfirmation(): Promise<{
  runId: number;
  startedAt: Date;
  trigger: string;
  braked: BrakeHit[];
} | null> {
  const [run] = await getDb()
    .select({
      id: accessRuns.id,
      status: accessRuns.status,
      startedAt: accessRuns.startedAt,
      trigger: accessRuns.trigger,
      notes: accessRuns.notes,
    })
    .from(accessRuns)
    .where(and(eq(accessRuns.dryRun, false), ne(accessRuns.status, "running")))
    .orderBy(desc(accessRuns.id))
    .limit(1);
  if (run?.status !== "braked") return null;
  const braked = (run.notes?.braked as BrakeHit[] | undefined) ?? [];
  return { runId: run.id, startedAt: run.startedAt, trigger: run.trigger, braked };
}

export async function countRunChanges(runId: number): Promise<number> {
  const [row] = await getDb()
    .select({ n: count() })
    .from(accessChanges)
    .where(eq(accessChanges.runId, runId));
  return Number(row?.n ?? 0);
}

/** What a list of access changes shows of each, with who it was for. */
const changeColumns = {
  id: accessChanges.id,
  email: users.email,
  fullName: users.fullName,
  fromLevel: accessChanges.fromLevel,
  toLevel: accessChanges.toLevel,
  reason: accessChanges.reason,
  ruleSuffix: accessChanges.ruleSuffix,
  campaignName: campaigns.name,
  runId: accessChanges.runId,
  actor: accessChanges.actor,
  createdAt: accessChanges.createdAt,
  revertedAt: accessChanges.revertedAt,
  revertedBy: accessChanges.revertedBy,
  revertsId: accessChanges.revertsId,
  /** Not undone, not itself an undo, and the person's level is still what it set. */
  undoable: sql<boolean>`(${accessChanges.revertedAt} is null
    and ${accessChanges.reason} <> 'undo'
    and ${users.accessLevel} = ${accessChanges.toLevel})`,
};

function selectChanges() {
  return getDb()
    .select(changeColumns)
    .from(accessChanges)
    .innerJoin(users, eq(users.id, accessChanges.userId))
    .leftJoin(campaigns, eq(campaigns.id, accessChanges.campaignId));
}

/** The changes a run made (or their undos), with who they were for. */
export function listRunChanges(runId: number, limit = 500, offset = 0) {
  return selectChanges()
    .where(eq(accessChanges.runId, runId))
    .orderBy(asc(accessChanges.id))
    .limit(limit)
    .offset(offset);
}

export interface ChangeRow {
  id: number;
  email: string;
  fullName: string;
  fromLevel: string;
  toLevel: string;
  reason: string;
  ruleSuffix: string | null;
  campaignName: string | null;
  runId: number | null;
  actor: string;
  createdAt: Date;
  revertedAt: Date | null;
  revertedBy: string | null;
  /** Not undone, not itself an undo, and the person's level is still what it set. */
  undoable: boolean;
}

/**
 * Every access change, newest first, whatever made it (runs, queue
 * decisions, restores, undos), optionally for addresses containing `search`.
 * One row more than the page is read to tell whether another page follows.
 */
export async function listChanges(
  options: { search?: string; limit?: number; offset?: number } = {},
): Promise<{ rows: ChangeRow[]; hasMore: boolean }> {
  const limit = options.limit ?? 50;
  const search = options.search?.trim().toLowerCase() ?? "";
  const rows = await selectChanges()
    // strpos, not LIKE: what is typed is matched as it is, % and _ included.
    .where(search === "" ? undefined : sql`strpos(lower(${users.email}), ${search}) > 0`)
    .orderBy(desc(accessChanges.id))
    .limit(limit + 1)
    .offset(options.offset ?? 0);
  return {
    rows: rows
      .slice(0, limit)
      .map((row) => ({ ...row, undoable: Boolean(row.undoable) })),
    hasMore: rows.length > limit,
  };
}

export interface PlanRow {
  seq: number;
  category: string;
  userId: number;
  email: string;
  fullName: string;
  response: string | null;
  ruleSuffix: string | null;
  campaignName: string;
}

/**
 * What a dry (or braked) run would do, and why: the plan it stored. Only the
 * changes by default; `all` adds the rows left for an admin.
 */
export async function listPlan(
  runId: number,
  options: { limit?: number; offset?: number; all?: boolean } = {},
): Promise<PlanRow[]> {
  const categories = options.all
    ? "{downgrade,restore,lead,invalid,not_recognised}"
    : "{downgrade,restore}";
  const result = await getDb().execute(sql`
    select p.seq, p.category, p.user_id as "userId", u.email, u.full_name as "fullName",
      p.response::text as response, p.rule_suffix as "ruleSuffix",
      c.name as "campaignName"
    from access_run_items p
    join users u on u.id = p.user_id
    join campaigns c on c.id = p.campaign_id
    where p.run_id = ${runId} and p.category = any(${categories}::text[])
    order by p.seq
    limit ${options.limit ?? 500} offset ${options.offset ?? 0}`);
  return rowsOf<PlanRow>(result).map((row) => ({
    ...row,
    seq: Number(row.seq),
    userId: Number(row.userId),
  }));
}

export function listRules() {
  return getDb()
    .select({
      id: domainRules.id,
      suffix: domainRules.suffix,
      label: domainRules.label,
      createdAt: domainRules.createdAt,
    })
    .from(domainRules)
    .orderBy(asc(domainRules.suffix));
}

export const ACCESS_CHANGES_CSV_HEADER = [
  "change_id",
  "created_at",
  "email",
  "from_level",
  "to_level",
  "reason",
  "rule",
  "campaign",
  "run_id",
  "actor",
  "reverted_at",
  "reverted_by",
  "reverts_id",
];

/** Every access change as pages of CSV rows, read by keyset so memory stays flat. */
export async function* accessChangeRows(pageSize = 2_000): AsyncGenerator<CsvCell[][]> {
  let after = 0;
  for (;;) {
    const page = await selectChanges()
      .where(sql`${accessChanges.id} > ${after}`)
      .orderBy(asc(accessChanges.id))
      .limit(pageSize);
    if (page.length > 0) yield page.map(csvRow);
    if (page.length < pageSize) return;
    after = page[page.length - 1].id;
  }
}

/** Dates and empty values are written by csvStream itself. */
function csvRow(row: Record<string, CsvCell>): CsvCell[] {
  return [
    row.id,
    row.createdAt,
    row.email,
    row.fromLevel,
    row.toLevel,
    row.reason,
    row.ruleSuffix,
    row.campaignName,
    row.runId,
    row.actor,
    row.revertedAt,
    row.revertedBy,
    row.revertsId,
  ];
}
