/**
 * `npm run import -- organisations|users|leads FILE [--dry-run]`: imports a
 * CSV file into DATABASE_URL or the embedded database. Prints what changed,
 * or every bad row with its line number (and then imports nothing).
 */
import fs from "node:fs";
import path from "node:path";
import type { ImportProblem, ImportSummary } from "@/lib/csv/import";
import {
  IMPORT_COLUMNS,
  IMPORT_KINDS,
  type ImportKind,
  importCsv,
} from "@/lib/csv/import";
import { describeDatabase, loadEnv, openDatabase, runScript } from "./support/cli";

const USAGE = [
  "Usage: npm run import -- <kind> <file.csv> [--dry-run]",
  ...IMPORT_KINDS.map(
    (kind) => `  ${kind.padEnd(14)} columns: ${IMPORT_COLUMNS[kind].join(",")}`,
  ),
  "  --dry-run      check the file and count what would change, without saving",
].join("\n");

/** How many bad rows to print before summarising the rest. */
const SHOWN_PROBLEMS = 50;

runScript(async () => {
  const args = process.argv.slice(2).filter((arg) => arg !== "--dry-run");
  const dryRun = process.argv.includes("--dry-run");
  const [kind, file] = args;
  if (!isKind(kind) || !file || args.length !== 2) {
    console.error(USAGE);
    return 2;
  }
  if (!fs.existsSync(file)) {
    console.error(`No file at ${file}.`);
    return 2;
  }

  loadEnv();
  const connection = await openDatabase();
  try {
    const outcome = await importCsv(kind, fs.readFileSync(file), {
      actor: "cli",
      actorType: "system",
      fileName: path.basename(file),
      dryRun,
    });
    if (!outcome.ok) return reportProblems(file, outcome.problems);
    console.log(summaryText(outcome.summary, outcome.dryRun));
    return 0;
  } finally {
    await connection.close();
  }
});

function isKind(value: string | undefined): value is ImportKind {
  return IMPORT_KINDS.includes(value as ImportKind);
}

function reportProblems(file: string, problems: ImportProblem[]): number {
  console.error(`${file}: nothing was imported. Fix these rows and try again:`);
  for (const problem of problems.slice(0, SHOWN_PROBLEMS)) {
    const where = problem.column
      ? `line ${problem.line}, ${problem.column}`
      : `line ${problem.line}`;
    console.error(`  ${where}: ${problem.message}`);
  }
  if (problems.length > SHOWN_PROBLEMS) {
    console.error(`  … and ${problems.length - SHOWN_PROBLEMS} more.`);
  }
  return 1;
}

function summaryText(summary: ImportSummary, dryRun: boolean): string {
  const n = (value: number) => value.toLocaleString("en-GB");
  const lines = [
    `${dryRun ? "Checked (nothing saved)" : "Imported"} ${summary.kind}, ` +
      `${n(summary.rows)} ${summary.rows === 1 ? "row" : "rows"}, into ${describeDatabase()}: ${n(summary.inserted)} new, ${n(summary.updated)} updated, ` +
      `${n(summary.unchanged)} unchanged.`,
  ];
  if (summary.createdRoles.length > 0) {
    lines.push(`New roles added to the list: ${summary.createdRoles.join(", ")}.`);
  }
  if (summary.accessChanges > 0) {
    lines.push(
      `${n(summary.accessChanges)} users had their access level changed (recorded).`,
    );
  }
  if (summary.ignoredColumns.length > 0) {
    lines.push(`Columns ignored: ${summary.ignoredColumns.join(", ")}.`);
  }
  return lines.join("\n");
}
