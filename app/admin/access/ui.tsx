import type { ReactNode } from "react";
import { formatLondon } from "@/lib/deadline";

/** The look of the access pages: plain tables and buttons, brand blue. */
export const BUTTON =
  "rounded bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700 disabled:opacity-60";
export const SECONDARY =
  "rounded border-2 border-brand-700 px-3 py-1 font-semibold text-brand-700 hover:bg-brand-50 disabled:opacity-60";
export const DANGER =
  "rounded border-2 border-red-800 px-3 py-1 font-semibold text-red-800 hover:bg-red-50 disabled:opacity-60";
export const INPUT =
  "mt-1 block w-full rounded border-2 border-slate-600 px-3 py-2 aria-invalid:border-red-700";
export const CELL = "border-b border-slate-200 px-2 py-2 align-top";
export const HEAD = "border-b-2 border-slate-400 px-2 py-2 text-left font-semibold";
export const LINK = "text-brand-700 underline";

/** Times are shown in Europe/London whatever the server's zone. */
export function londonTime(value: Date | string | null | undefined): string {
  if (!value) return "—";
  return formatLondon(typeof value === "string" ? new Date(value) : value);
}

/** A table's header row: one column heading per title ("" for an actions column). */
export function TableHead({ titles }: { titles: string[] }) {
  return (
    <thead>
      <tr>
        {titles.map((title) => (
          <th key={title} scope="col" className={HEAD}>
            {title}
          </th>
        ))}
      </tr>
    </thead>
  );
}

export const CATEGORY_TEXT: Record<string, string> = {
  downgrade: "Downgrade: left or unknown, recognised domain",
  restore: "Restore: answer changed back to works here",
  lead: "Flagged: this person is a lead",
  invalid: "Not a valid email address",
  not_recognised: "Domain not recognised",
};

export function Section(props: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-3">
      <h2 className="text-xl font-semibold">{props.title}</h2>
      {props.children}
    </section>
  );
}

/** The counts of a run, as a definition list. */
export function RunCounts({ counts }: { counts: Record<string, number> | null }) {
  if (!counts) return <p>No counts recorded.</p>;
  const labels: [string, string][] = [
    ["examined", "Examined"],
    ["downgraded", "Downgraded"],
    ["wouldDowngrade", "Would downgrade"],
    ["restored", "Restored"],
    ["wouldRestore", "Would restore"],
    ["alreadyNonSubscriber", "Already non-subscriber"],
    ["notRecognised", "Domain not recognised (for an admin)"],
    ["invalid", "Invalid address"],
    ["flaggedLeads", "Flagged leads"],
    ["held", "Held (kept, deferred or undone)"],
    ["inGrace", "Still in the grace period"],
    ["remaining", "Remaining for the next run"],
  ];
  return (
    <dl className="grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-4">
      {labels.map(([key, label]) => (
        <div key={key}>
          <dt className="text-sm text-slate-700">{label}</dt>
          <dd className="text-lg font-semibold">{counts[key] ?? 0}</dd>
        </div>
      ))}
    </dl>
  );
}
