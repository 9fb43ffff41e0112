import type { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { type Database, type Executor, getDb } from "@/lib/db/client";
import { displayOrganisationName } from "./import-names";
import { type CsvRow, decodeCsv, type ImportProblem, parseCsv } from "./import-parse";
import {
  IMPORT_COLUMNS,
  type ImportKind,
  type LeadRow,
  leadRowInput,
  type OrganisationRow,
  organisationRowInput,
  type UserRow,
  userRowInput,
} from "./import-schemas";
import {
  createMissingRoles,
  type UpsertCounts,
  unknownOrganisationCodes,
  upsertLeads,
  upsertOrganisations,
  upsertUsers,
} from "./import-sql";

export type { ImportProblem } from "./import-parse";

export { IMPORT_COLUMNS, IMPORT_KINDS, type ImportKind } from "./import-schemas";

/** Rows per statement: large enough to be quick, small enough for any server. */
const CHUNK_SIZE = 5_000;

export interface ImportSummary {
  kind: ImportKind;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Role names the users file introduced; they were added to the role list. */
  createdRoles: string[];
  /** Users whose access level the file changed (each recorded as an access change). */
  accessChanges: number;
  ignoredColumns: string[];
}

export type ImportOutcome =
  | { ok: true; dryRun: boolean; summary: ImportSummary }
  | { ok: false; rows: number; problems: ImportProblem[] };

export interface ImportOptions {
  /** Who is importing: an admin's email, or `cli`. Goes into the audit event. */
  actor: string;
  actorType?: "admin" | "system";
  fileName?: string;
  /** Check everything, count what would change, then roll back. */
  dryRun?: boolean;
  db?: Database;
}

/**
 * Imports one CSV file: every row is checked first, and a file with any bad
 * row imports nothing. Rows are upserted by their natural key in one
 * transaction with one audit event, so importing the same file twice changes
 * nothing the second time.
 */
export async function importCsv(
  kind: ImportKind,
  input: string | Uint8Array,
  options: ImportOptions,
): Promise<ImportOutcome> {
  const parsed = parseCsv(decodeCsv(input), IMPORT_COLUMNS[kind]);
  if (!parsed.ok) return { ok: false, rows: 0, problems: parsed.problems };

  const checked = checkRows(kind, parsed.rows);
  const db = options.db ?? getDb();
  try {
    return await db.transaction(async (tx) => {
      const problems = [
        ...checked.problems,
        ...(await databaseProblems(tx, kind, checked)),
      ];
      if (problems.length > 0) {
        return {
          ok: false as const,
          rows: parsed.rows.length,
          problems: sorted(problems),
        };
      }
      const summary = await writeRows(tx, kind, checked.rows, options);
      const full = { ...summary, ignoredColumns: parsed.ignoredColumns };
      if (options.dryRun) throw new DryRunRollback(full);
      await recordImport(tx, full, options);
      return { ok: true as const, dryRun: false, summary: full };
    });
  } catch (error) {
    if (error instanceof DryRunRollback) {
      return { ok: true, dryRun: true, summary: error.summary };
    }
    throw error;
  }
}

/** Thrown to roll a dry run back while carrying out what it counted. */
class DryRunRollback extends Error {
  constructor(readonly summary: ImportSummary) {
    super("dry run");
  }
}

type Checked =
  | { kind: "organisations"; rows: Lined<OrganisationRow>[]; problems: ImportProblem[] }
  | { kind: "users"; rows: Lined<UserRow>[]; problems: ImportProblem[] }
  | { kind: "leads"; rows: Lined<LeadRow>[]; problems: ImportProblem[] };

type Lined<T> = T & { line: number };

const SCHEMAS = {
  organisations: organisationRowInput,
  users: userRowInput,
  leads: leadRowInput,
} as const;

const NATURAL_KEY: Record<ImportKind, (row: Record<string, unknown>) => string> = {
  organisations: (row) => String(row.code),
  users: (row) => String(row.email),
  leads: (row) => `${row.organisation_code} ${row.email}`,
};

const KEY_NAME: Record<ImportKind, string> = {
  organisations: "organisation code",
  users: "email address",
  leads: "organisation code and email address",
};

/** Validates each row with its zod schema and refuses repeats of a natural key. */
function checkRows(kind: ImportKind, rows: CsvRow[]): Checked {
  const schema: z.ZodType<Record<string, unknown>> = SCHEMAS[kind];
  const problems: ImportProblem[] = [];
  const good: Lined<Record<string, unknown>>[] = [];
  const firstLine = new Map<string, number>();

  for (const row of rows) {
    const parsed = schema.safeParse(row.values);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = String(issue.path[0] ?? "");
        problems.push({ line: row.line, column, message: issue.message });
      }
      continue;
    }
    const key = NATURAL_KEY[kind](parsed.data);
    const seen = firstLine.get(key);
    if (seen !== undefined) {
      problems.push({
        line: row.line,
        message: `The same ${KEY_NAME[kind]} is already on line ${seen}.`,
      });
      continue;
    }
    firstLine.set(key, row.line);
    good.push({ ...parsed.data, line: row.line });
  }
  return { kind, rows: good, problems } as Checked;
}

/** Organisation codes in users and leads files must name organisations we hold. */
async function databaseProblems(tx: Executor, kind: ImportKind, checked: Checked) {
  if (checked.kind === "organisations") return [];
  const rows: Lined<{ organisation_code: string | null }>[] = checked.rows;
  const codes = [...new Set(rows.flatMap((row) => row.organisation_code ?? []))];
  const unknown = await unknownOrganisationCodes(tx, codes);
  return rows
    .filter((row) => row.organisation_code && unknown.has(row.organisation_code))
    .map((row) => ({
      line: row.line,
      column: "organisation_code",
      message: `No organisation has the code ${row.organisation_code}. Import it in an organisations file first${kind === "users" ? ", or leave the code blank" : ""}.`,
    }));
}

async function writeRows(
  tx: Executor,
  kind: ImportKind,
  rows: Lined<Record<string, unknown>>[],
  options: ImportOptions,
): Promise<Omit<ImportSummary, "ignoredColumns">> {
  const createdRoles =
    kind === "users" ? await createRoles(tx, rows as Lined<UserRow>[]) : [];
  const totals: UpsertCounts = { inserted: 0, updated: 0, accessChanges: 0 };
  for (let start = 0; start < rows.length; start += CHUNK_SIZE) {
    const chunk = rows
      .slice(start, start + CHUNK_SIZE)
      .map(({ line: _line, ...row }) => row);
    const counts = await upsertChunk(tx, kind, chunk, options.actor);
    totals.inserted += counts.inserted;
    totals.updated += counts.updated;
    totals.accessChanges += counts.accessChanges;
  }
  const unchanged = rows.length - totals.inserted - totals.updated;
  return { kind, rows: rows.length, ...totals, unchanged, createdRoles };
}

function upsertChunk(
  tx: Executor,
  kind: ImportKind,
  chunk: Record<string, unknown>[],
  actor: string,
): Promise<UpsertCounts> {
  switch (kind) {
    case "organisations":
      return upsertOrganisations(
        tx,
        (chunk as OrganisationRow[]).map((row) => ({
          ...row,
          displayName: displayOrganisationName(row.name),
        })),
      );
    case "users":
      return upsertUsers(tx, chunk as UserRow[], `import:${actor}`);
    case "leads":
      return upsertLeads(tx, chunk as LeadRow[]);
  }
}

async function createRoles(tx: Executor, rows: UserRow[]): Promise<string[]> {
  const names = [...new Set(rows.flatMap((row) => row.role ?? []))];
  return createMissingRoles(tx, names);
}

async function recordImport(
  tx: Executor,
  summary: ImportSummary,
  options: ImportOptions,
) {
  await recordAudit(tx, {
    actorType: options.actorType ?? "admin",
    actorId: options.actor,
    action: "csv.import",
    entityType: summary.kind,
    data: { fileName: options.fileName ?? null, ...summary },
  });
}

function sorted(problems: ImportProblem[]): ImportProblem[] {
  return problems.sort((a, b) => a.line - b.line);
}
