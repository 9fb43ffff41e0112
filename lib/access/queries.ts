import { asc, desc, eq, sql } from "drizzle-orm";
import type { CsvCell } from "@/lib/csv/export";
import { getDb, rowsOf } from "@/lib/db/client";
import {
  accessChanges,
  accessRuns,
  campaigns,
  domainRules,
  users,
} from "@/lib/db/schema";

/** Runs, newest first, for the admin list. */
export function listRuns(limit = 50) {
  return getDb()
    .select({
      id: accessRuns.id,
      startedAt: accessRuns.startedAt,
      finishedAt: accessRuns.finishedAt,
      trigger: accessRuns.trigger,
      dryRun: accessRuns.dryRun,
      status: accessRuns.status,
      counts: accessRuns.counts,
      notes: accessRuns.notes,
    })
    .from(accessRuns)
    .orderBy(desc(accessRuns.id))
    .limit(limit);
}

export async function getRun(runId: number) {
  const [run] = await getDb()
    .select({
      id: accessRuns.id,
      startedAt: accessRuns.startedAt,
      finishedAt: accessRuns.finishedAt,
      trigger: accessRuns.trigger,
      dryRun: accessRuns.dryRun,
      status: accessRuns.status,
      counts: accessRuns.counts,
      notes: accessRuns.notes,
    })
    .from(accessRuns)
    .where(eq(accessRuns.id, runId));
  return run ?? null;
}

/** The changes a run made (or their undos), with who they were for. */
export function listRunChanges(runId: number, limit = 500, offset = 0) {
  return getDb()
    .select({
      id: accessChanges.id,
      email: users.email,
      fullName: users.fullName,
      fromLevel: accessChanges.fromLevel,
      toLevel: accessChanges.toLevel,
      reason: accessChanges.reason,
      ruleSuffix: accessChanges.ruleSuffix,
      campaignName: campaigns.name,
      createdAt: accessChanges.createdAt,
      revertedAt: accessChanges.revertedAt,
      revertedBy: accessChanges.revertedBy,
    })
    .from(accessChanges)
    .innerJoin(users, eq(users.id, accessChanges.userId))
    .leftJoin(campaigns, eq(campaigns.id, accessChanges.campaignId))
    .where(eq(accessChanges.runId, runId))
    .orderBy(asc(accessChanges.id))
    .limit(limit)
    .offset(offset);
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
    const page = await getDb()
      .select({
        id: accessChanges.id,
        createdAt: accessChanges.createdAt,
        email: users.email,
        fromLevel: accessChanges.fromLevel,
        toLevel: accessChanges.toLevel,
        reason: accessChanges.reason,
        ruleSuffix: accessChanges.ruleSuffix,
        campaignName: campaigns.name,
        runId: accessChanges.runId,
        actor: accessChanges.actor,
        revertedAt: accessChanges.revertedAt,
        revertedBy: accessChanges.revertedBy,
        revertsId: accessChanges.revertsId,
      })
      .from(accessChanges)
      .innerJoin(users, eq(users.id, accessChanges.userId))
      .leftJoin(campaigns, eq(campaigns.id, accessChanges.campaignId))
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
