import Link from "next/link";
import { startRunAction, undoRunAction } from "@/lib/access/actions";
import { awaitingConfirmation, listRuns } from "@/lib/access/queries";
import { requireAdminPage } from "@/lib/auth/admin";
import { ActionForm } from "./action-form";
import {
  BrakeWaiting,
  BUTTON,
  CELL,
  LINK,
  londonTime,
  RUN_STATUS_TEXT,
  SECONDARY,
  Section,
  TableHead,
} from "./ui";

export const metadata = { title: "Access changes" };
export const dynamic = "force-dynamic";

export default async function AccessPage() {
  await requireAdminPage();
  const [runs, waiting] = await Promise.all([listRuns(50), awaitingConfirmation()]);
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Access changes</h1>
      {waiting ? <BrakeWaiting waiting={waiting} /> : null}
      <p className="max-w-3xl">
        A run downgrades people a lead marked as left or unknown once the grace period has
        passed and their address is on a recognised NHS domain. Everyone else goes to the{" "}
        <Link className={LINK} href="/admin/access/queue">
          queue for an admin
        </Link>
        . Preview first to see exactly who would change and why.
      </p>
      <div className="flex flex-wrap gap-4">
        <ActionForm
          action={startRunAction}
          values={{ mode: "dry" }}
          label="Preview a run (changes nothing)"
          pendingLabel="Working out the preview…"
          done="Preview ready."
          className={SECONDARY}
        />
        <ActionForm
          action={startRunAction}
          values={{ mode: "real" }}
          label="Run now"
          pendingLabel="Running…"
          done="Run finished."
          className={BUTTON}
        />
      </div>
      <p className="flex gap-4">
        <Link className={LINK} href="/admin/access/changes">
          Every access change (search, undo)
        </Link>
        <Link className={LINK} href="/admin/access/rules">
          Domain rules
        </Link>
        <Link className={LINK} href="/admin/access/export">
          Download all access changes (CSV)
        </Link>
      </p>
      <Section title="Runs">
        <RunsTable runs={runs} />
      </Section>
    </div>
  );
}

function RunsTable({ runs }: { runs: Awaited<ReturnType<typeof listRuns>> }) {
  if (runs.length === 0) return <p>No runs yet.</p>;
  return (
    <table className="w-full border-collapse">
      <TableHead
        titles={["Run", "Started", "By", "Kind", "Status", "Downgraded", "Restored", ""]}
      />
      <tbody>
        {runs.map((run) => (
          <tr key={run.id}>
            <td className={CELL}>
              <Link className={LINK} href={`/admin/access/runs/${run.id}`}>
                Run {run.id}
              </Link>
            </td>
            <td className={CELL}>{londonTime(run.startedAt)}</td>
            <td className={CELL}>{run.trigger}</td>
            <td className={CELL}>{run.dryRun ? "Preview" : "Real"}</td>
            <td className={CELL}>{RUN_STATUS_TEXT[run.status] ?? run.status}</td>
            <td className={CELL}>
              {run.dryRun ? run.counts?.wouldDowngrade : run.counts?.downgraded}
            </td>
            <td className={CELL}>
              {run.dryRun ? run.counts?.wouldRestore : run.counts?.restored}
            </td>
            <td className={CELL}>
              {!run.dryRun &&
              (run.counts?.downgraded ?? 0) + (run.counts?.restored ?? 0) > 0 ? (
                <ActionForm
                  action={undoRunAction}
                  values={{ runId: run.id }}
                  label="Undo run"
                  done="Run undone."
                  className={SECONDARY}
                />
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
