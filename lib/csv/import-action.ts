"use server";

import { adminAction } from "@/lib/auth/admin";
import { type ImportProblem, type ImportSummary, importCsv } from "./import";
import { type ImportKind, importFileInput } from "./import-schemas";

/** Bad rows sent back to the page; the count says how many there were in all. */
const SHOWN_PROBLEMS = 200;

export type ImportReport = {
  kind: ImportKind;
  fileName: string;
  mode: "check" | "import";
} & (
  | { outcome: "problems"; rows: number; problemCount: number; problems: ImportProblem[] }
  | { outcome: "checked" | "imported"; summary: ImportSummary }
);

/**
 * Checks (dry run) or imports one uploaded CSV file. A file with bad rows is
 * a completed check, not a failure of the action: its rows come back with
 * their line numbers for the admin to fix.
 */
export const importCsvAction = adminAction<typeof importFileInput, ImportReport>(
  "csv.import",
  importFileInput,
  async ({ kind, file, mode }, admin) => {
    const outcome = await importCsv(kind, new Uint8Array(await file.arrayBuffer()), {
      actor: admin.email,
      actorType: "admin",
      fileName: file.name,
      dryRun: mode === "check",
    });
    const base = { kind, fileName: file.name, mode };
    if (!outcome.ok) {
      const problems = outcome.problems.slice(0, SHOWN_PROBLEMS);
      const report: ImportReport = {
        ...base,
        outcome: "problems",
        rows: outcome.rows,
        problemCount: outcome.problems.length,
        problems,
      };
      return { ok: true, data: report };
    }
    const report: ImportReport = {
      ...base,
      outcome: outcome.dryRun ? "checked" : "imported",
      summary: outcome.summary,
    };
    return { ok: true, data: report };
  },
);
