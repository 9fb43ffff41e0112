"use client";

import { useEffect, useRef } from "react";
import type { ImportSummary } from "@/lib/csv/import";
import type { ImportReport } from "@/lib/csv/import-action";
import { CELL, HEAD } from "../campaigns/ui";

const n = (value: number) => value.toLocaleString("en-GB");

/** What a check or an import found. Takes focus so a screen reader hears it. */
export function ImportResult({ report }: { report: ImportReport }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <section
      ref={ref}
      tabIndex={-1}
      aria-labelledby="result-heading"
      className="space-y-3"
    >
      {report.outcome === "problems" ? (
        <Problems report={report} />
      ) : (
        <Summary report={report} summary={report.summary} />
      )}
    </section>
  );
}

function Problems({
  report,
}: {
  report: Extract<ImportReport, { outcome: "problems" }>;
}) {
  const shown = report.problems.length;
  return (
    <div className="border-l-4 border-red-700 bg-red-50 p-4">
      <h2 id="result-heading" className="text-xl font-bold text-red-800">
        Nothing was imported: {n(report.problemCount)}{" "}
        {report.problemCount === 1 ? "problem" : "problems"} in {report.fileName}
      </h2>
      <p className="mt-1">
        Line numbers are the row numbers a spreadsheet shows (the header is line 1). Fix
        the rows and check the file again.
        {report.problemCount > shown ? ` The first ${n(shown)} are listed.` : ""}
      </p>
      <table className="mt-3 w-full border-collapse bg-white text-sm">
        <thead>
          <tr>
            <th className={HEAD}>Line</th>
            <th className={HEAD}>Column</th>
            <th className={HEAD}>Problem</th>
          </tr>
        </thead>
        <tbody>
          {report.problems.map((problem) => (
            <tr key={`${problem.line} ${problem.column} ${problem.message}`}>
              <td className={CELL}>{problem.line}</td>
              <td className={CELL}>{problem.column ?? "–"}</td>
              <td className={CELL}>{problem.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Summary({ report, summary }: { report: ImportReport; summary: ImportSummary }) {
  const checked = report.outcome === "checked";
  const counts = `${n(summary.inserted)} new, ${n(summary.updated)} updated, ${n(summary.unchanged)} unchanged`;
  return (
    <div className="border-l-4 border-green-700 bg-green-50 p-4" role="status">
      <h2 id="result-heading" className="text-xl font-bold text-green-900">
        {checked
          ? `${report.fileName} is ready to import`
          : `Imported ${report.fileName}`}
      </h2>
      <p className="mt-1">
        {n(summary.rows)} {summary.rows === 1 ? "row" : "rows"} of {summary.kind}:{" "}
        {counts}.{checked ? " Nothing has been saved yet; press Import to save it." : ""}
      </p>
      {summary.createdRoles.length > 0 ? (
        <p>
          {checked ? "New roles that would be added" : "New roles added"} to the list:{" "}
          {summary.createdRoles.join(", ")}.
        </p>
      ) : null}
      {summary.accessChanges > 0 ? (
        <p>
          {n(summary.accessChanges)} {summary.accessChanges === 1 ? "user's" : "users'"}{" "}
          access level {checked ? "would change" : "changed"} (each one is recorded and
          can be reverted).
        </p>
      ) : null}
      {summary.ignoredColumns.length > 0 ? (
        <p>Columns not used: {summary.ignoredColumns.join(", ")}.</p>
      ) : null}
    </div>
  );
}
