import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { startRunAction, undoChangeAction, undoRunAction } from "@/lib/access/actions";
import type { BrakeHit } from "@/lib/access/plan";
import { getRun, listPlan, listRunChanges } from "@/lib/access/queries";
import { requireAdminPage } from "@/lib/auth/admin";
import { ActionForm } from "../../action-form";
import {
  BUTTON,
  CATEGORY_TEXT,
  CELL,
  DANGER,
  LINK,
  londonTime,
  RunCounts,
  SECONDARY,
  Section,
  TableHead,
} from "../../ui";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.coerce.number().int().positive() });

export default async function RunPage(props: { params: Promise<{ id: string }> }) {
  await requireAdminPage();
  const parsed = params.safeParse(await props.params);
  if (!parsed.success) notFound();
  const run = await getRun(parsed.data.id);
  if (!run) notFound();
  const braked = (run.notes?.braked as BrakeHit[] | undefined) ?? [];

  return (
    <div className="space-y-8">
      <p>
        <Link className={LINK} href="/admin/access">
          Back to access changes
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">
        {run.dryRun ? "Preview" : "Run"} {run.id}: {run.status}
      </h1>
      <p>
        Started {londonTime(run.startedAt)} by {run.trigger}; finished{" "}
        {londonTime(run.finishedAt)}.
      </p>
      {run.status === "failed" ? (
        <p role="alert" className="border-l-4 border-red-700 bg-red-50 p-3">
          This run failed. Batches that finished are kept; the failed batch changed
          nothing. The details are in the server log.
        </p>
      ) : null}
      <RunCounts counts={run.counts} />
      {braked.length > 0 ? <BrakeNotice braked={braked} /> : null}
      {run.dryRun || run.status === "braked" ? (
        <PlanSection runId={run.id} />
      ) : (
        <ChangesSection runId={run.id} />
      )}
    </div>
  );
}

function BrakeNotice({ braked }: { braked: BrakeHit[] }) {
  return (
    <Section title="Stopped by the safety brake">
      <ul className="list-disc pl-6">
        {braked.map((hit) => (
          <li key={hit.campaignId}>
            {hit.campaignName}: {hit.wouldDowngrade} of {hit.users} people would be
            downgraded, more than the {hit.limitPercent}% allowed without confirmation.
          </li>
        ))}
      </ul>
      <ActionForm
        action={startRunAction}
        values={{ mode: "real" }}
        label="I have checked the list below: run with these campaigns confirmed"
        pendingLabel="Running…"
        done="Run finished."
        className={DANGER}
      >
        {braked.map((hit) => (
          <input
            key={hit.campaignId}
            type="hidden"
            name="confirmCampaignIds"
            value={hit.campaignId}
          />
        ))}
      </ActionForm>
    </Section>
  );
}

async function PlanSection({ runId }: { runId: number }) {
  const rows = await listPlan(runId, { limit: 500, all: true });
  return (
    <Section title="Who would change, and why">
      {rows.length === 0 ? <p>Nobody.</p> : null}
      {rows.length === 500 ? <p>The first 500 are shown.</p> : null}
      <table className="w-full border-collapse">
        <TableHead
          titles={["Person", "Email", "Answer", "Rule", "Campaign", "Outcome"]}
        />
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
    </Section>
  );
}

async function ChangesSection({ runId }: { runId: number }) {
  const changes = await listRunChanges(runId, 500);
  return (
    <Section title="Changes made">
      {changes.length > 0 ? (
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
      {changes.length === 500 ? <p>The first 500 are shown; the CSV has all.</p> : null}
      <table className="w-full border-collapse">
        <TableHead
          titles={["Person", "Email", "Change", "Why", "Rule", "Campaign", ""]}
        />
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
    </Section>
  );
}
