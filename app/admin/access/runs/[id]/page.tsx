import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { startRunAction, undoChangeAction, undoRunAction } from "@/lib/access/actions";
import type { BrakeHit } from "@/lib/access/plan";
import {
  countRunChanges,
  getRun,
  listPlan,
  listRunChanges,
  nextRealRun,
} from "@/lib/access/queries";
import { requireAdminPage } from "@/lib/auth/admin";
import { ActionForm } from "../../action-form";
import {
  BackToAccess,
  BrakeList,
  BUTTON,
  CATEGORY_TEXT,
  CELL,
  DANGER,
  LINK,
  londonTime,
  Pager,
  RUN_STATUS_TEXT,
  RunCounts,
  SECONDARY,
  Section,
  TableHead,
} from "../../ui";

export const dynamic = "force-dynamic";

const PAGE = 200;
const params = z.object({ id: z.coerce.number().int().positive() });
const query = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1) });

type Run = NonNullable<Awaited<ReturnType<typeof getRun>>>;

export default async function RunPage(props: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdminPage();
  const parsed = params.safeParse(await props.params);
  if (!parsed.success) notFound();
  const run = await getRun(parsed.data.id);
  if (!run) notFound();
  const { page } = query.parse(await props.searchParams);
  const braked = (run.notes?.braked as BrakeHit[] | undefined) ?? [];
  const showsPlan = run.dryRun || run.status === "braked";

  return (
    <div className="space-y-8">
      <BackToAccess />
      <h1 className="text-2xl font-semibold">
        {run.dryRun ? "Preview" : "Run"} {run.id}:{" "}
        {RUN_STATUS_TEXT[run.status] ?? run.status}
      </h1>
      <p>
        Started {londonTime(run.startedAt)} by {run.trigger}; finished{" "}
        {londonTime(run.finishedAt)}.
      </p>
      <StatusNotice status={run.status} />
      <RunCounts counts={run.counts} />
      {braked.length > 0 && run.dryRun ? <WouldBrake braked={braked} /> : null}
      {braked.length > 0 && !run.dryRun ? (
        <BrakeNotice run={run} braked={braked} />
      ) : null}
      {showsPlan ? (
        <PlanSection run={run} page={page} />
      ) : (
        <ChangesSection runId={run.id} page={page} />
      )}
    </div>
  );
}

function StatusNotice({ status }: { status: string }) {
  if (status === "failed") {
    return (
      <p role="alert" className="border-l-4 border-red-700 bg-red-50 p-3">
        This run failed. Batches that finished are kept; the failed batch changed nothing.
        The details are in the server log.
      </p>
    );
  }
  if (status === "stopped") {
    return (
      <p role="alert" className="border-l-4 border-red-700 bg-red-50 p-3">
        This run did not finish: it was stopped (the process ended) before it could record
        its end. Batches that finished are kept; the next run picks up the rest.
      </p>
    );
  }
  return null;
}

function WouldBrake({ braked }: { braked: BrakeHit[] }) {
  return (
    <Section title="A real run would stop for confirmation">
      <p>
        This preview changed nothing. Run for real now and it would stop at the safety
        brake for these campaigns, and wait for an admin to confirm:
      </p>
      <BrakeList braked={braked} />
    </Section>
  );
}

async function BrakeNotice({ run, braked }: { run: Run; braked: BrakeHit[] }) {
  const newer = await nextRealRun(run.id);
  return (
    <Section title="Stopped by the safety brake">
      <BrakeList braked={braked} />
      {newer ? (
        <p>
          Run {newer} came after this one, so this one can no longer be confirmed:{" "}
          <Link className={LINK} href={`/admin/access/runs/${newer}`}>
            see run {newer}
          </Link>
          .
        </p>
      ) : (
        <ActionForm
          action={startRunAction}
          values={{ mode: "real", confirmRunId: run.id }}
          label="I have checked the list below: run with these campaigns confirmed"
          pendingLabel="Running…"
          done="Run finished."
          className={DANGER}
        />
      )}
      <p className="text-sm text-slate-700">
        The confirmation covers the numbers above: if, by the time the run goes ahead, a
        campaign would downgrade more people than shown here, it stops again.
      </p>
    </Section>
  );
}

/** What a preview or a braked run stored, or a plain word that it is gone. */
async function PlanSection({ run, page }: { run: Run; page: number }) {
  const removed = run.notes?.planRemovedAt;
  if (removed) {
    const by = Number(run.notes?.supersededBy);
    return (
      <Section title="Who would change, and why">
        <p className="border-l-4 border-slate-500 bg-slate-50 p-3">
          This plan is no longer available: it was removed {londonTime(String(removed))}{" "}
          when{" "}
          {by > 0 ? (
            <Link className={LINK} href={`/admin/access/runs/${by}`}>
              run {by}
            </Link>
          ) : (
            "a newer run"
          )}{" "}
          started. The counts above are what this run found.
        </p>
      </Section>
    );
  }
  const rows = await listPlan(run.id, {
    limit: PAGE + 1,
    offset: (page - 1) * PAGE,
    all: true,
  });
  return (
    <Section title="Who would change, and why">
      {rows.length === 0 && page === 1 ? <p>Nobody.</p> : null}
      <PlanTable rows={rows.slice(0, PAGE)} />
      <Pager
        page={page}
        hasMore={rows.length > PAGE}
        href={(n) => `/admin/access/runs/${run.id}?page=${n}`}
      />
    </Section>
  );
}

function PlanTable({ rows }: { rows: Awaited<ReturnType<typeof listPlan>> }) {
  if (rows.length === 0) return null;
  return (
    <table className="w-full border-collapse">
      <TableHead titles={["Person", "Email", "Answer", "Rule", "Campaign", "Outcome"]} />
      <tbody>
        {rows.map((row) => (
          <tr key={row.seq}>
            <td className={CELL}>{row.fullName}</td>
            <td className={CELL}>{row.email}</td>
            <td className={CELL}>{row.response ?? "—"}</td>
            <td className={CELL}>{row.ruleSuffix ?? "—"}</td>
            <td className={CELL}>{row.campaignName}</td>
            <td className={CELL}>{CATEGORY_TEXT[row.category] ?? row.category}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

async function ChangesSection({ runId, page }: { runId: number; page: number }) {
  const [changes, total] = await Promise.all([
    listRunChanges(runId, PAGE, (page - 1) * PAGE),
    countRunChanges(runId),
  ]);
  return (
    <Section title="Changes made">
      {total > 0 ? (
        <ActionForm
          action={undoRunAction}
          values={{ runId }}
          label="Undo every change in this run"
          done="Run undone."
          className={BUTTON}
        />
      ) : (
        <p>This run changed nobody.</p>
      )}
      {total > PAGE ? (
        <p>
          {total.toLocaleString("en-GB")} changes, {PAGE} a page.
        </p>
      ) : null}
      {changes.length > 0 ? <ChangesTable changes={changes} /> : null}
      <Pager
        page={page}
        hasMore={page * PAGE < total}
        href={(n) => `/admin/access/runs/${runId}?page=${n}`}
      />
    </Section>
  );
}

function ChangesTable({
  changes,
}: {
  changes: Awaited<ReturnType<typeof listRunChanges>>;
}) {
  return (
    <table className="w-full border-collapse">
      <TableHead titles={["Person", "Email", "Change", "Why", "Rule", "Campaign", ""]} />
      <tbody>
        {changes.map((change) => (
          <tr key={change.id}>
            <td className={CELL}>{change.fullName}</td>
            <td className={CELL}>{change.email}</td>
            <td className={CELL}>
              {change.fromLevel} → {change.toLevel}
            </td>
            <td className={CELL}>{change.reason}</td>
            <td className={CELL}>{change.ruleSuffix ?? "—"}</td>
            <td className={CELL}>{change.campaignName ?? "—"}</td>
            <td className={CELL}>
              {change.revertedAt ? (
                `Undone ${londonTime(change.revertedAt)} by ${change.revertedBy}`
              ) : (
                <ActionForm
                  action={undoChangeAction}
                  values={{ changeId: change.id }}
                  label="Undo"
                  done="Undone."
                  className={SECONDARY}
                />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
