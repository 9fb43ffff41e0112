import Link from "next/link";
import type { ReactNode } from "react";
import type { BrakeHit } from "@/lib/access/plan";
import { formatLondon } from "@/lib/deadline";

export { CELL, HEAD, TableHead } from "../table";

/** The look of the access pages: plain tables and buttons, brand blue. */
export const BUTTON =
  "rounded bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700 disabled:opacity-60";
export const SECONDARY =
  "rounded border-2 border-brand-700 px-3 py-1 font-semibold text-brand-700 hover:bg-brand-50 disabled:opacity-60";
export const DANGER =
  "rounded border-2 border-red-800 px-3 py-1 font-semibold text-red-800 hover:bg-red-50 disabled:opacity-60";
export const INPUT =
  "mt-1 block w-full rounded border-2 border-slate-600 px-3 py-2 aria-invalid:border-red-700";
export const LINK = "text-brand-700 underline";

/** The link at the top of every page below /admin/access. */
export function BackToAccess() {
  return (
    <p>
      <Link className={LINK} href="/admin/access">
        Back to access changes
      </Link>
    </p>
  );
}

/** Times are shown in Europe/London whatever the server's zone. */
export function londonTime(value: Date | string | null | undefined): string {
  if (!value) return "—";
  return formatLondon(typeof value === "string" ? new Date(value) : value);
}

export const CATEGORY_TEXT: Record<string, string> = {
  downgrade: "Downgrade: left or unknown, recognised domain",
  restore: "Restore: answer changed back to works here",
  lead: "Flagged: this person is a lead",
  invalid: "Not a valid email address",
  not_recognised: "Domain not recognised",
};

/** A run's status in words; "stopped" is a run killed before it could finish. */
export const RUN_STATUS_TEXT: Record<string, string> = {
  running: "running",
  finished: "finished",
  braked: "stopped at the brake",
  failed: "failed",
  stopped: "did not finish",
};

/** One line per campaign a run stopped (or would stop) at. */
export function BrakeList({ braked }: { braked: BrakeHit[] }) {
  return (
    <ul className="list-disc pl-6">
      {braked.map((hit) => (
        <li key={hit.campaignId}>
          {hit.campaignName}: {hit.wouldDowngrade} of {hit.users} people would be
          downgraded, more than the {hit.limitPercent}% allowed without confirmation.
        </li>
      ))}
    </ul>
  );
}

/** The notice at the top of the access page while a braked run waits. */
export function BrakeWaiting(props: {
  waiting: { runId: number; startedAt: Date; trigger: string; braked: BrakeHit[] };
}) {
  const { waiting } = props;
  return (
    <section
      aria-labelledby="brake-waiting-heading"
      className="space-y-2 border-l-8 border-amber-600 bg-amber-50 p-4"
    >
      <h2 id="brake-waiting-heading" className="text-xl font-semibold">
        Campaigns waiting for your confirmation
      </h2>
      <p>
        Run {waiting.runId} ({waiting.trigger}, {londonTime(waiting.startedAt)}) stopped
        at the safety brake and changed nobody. Until an admin confirms, every run stops
        here.
      </p>
      <BrakeList braked={waiting.braked} />
      <p>
        <Link className={LINK} href={`/admin/access/runs/${waiting.runId}`}>
          Check run {waiting.runId} and confirm
        </Link>
      </p>
    </section>
  );
}

/** Previous and next links of a paged list; `href` builds a page's address. */
export function Pager(props: {
  page: number;
  hasMore: boolean;
  href: (page: number) => string;
}) {
  if (props.page <= 1 && !props.hasMore) return null;
  return (
    <nav aria-label="Pages" className="flex gap-4">
      {props.page > 1 ? (
        <Link className={LINK} href={props.href(props.page - 1)}>
          Previous page
        </Link>
      ) : null}
      <span>Page {props.page}</span>
      {props.hasMore ? (
        <Link className={LINK} href={props.href(props.page + 1)}>
          Next page
        </Link>
      ) : null}
    </nav>
  );
}

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
