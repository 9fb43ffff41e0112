import Link from "next/link";
import { undoChangeAction } from "@/lib/access/actions";
import { type ChangeRow, listChanges } from "@/lib/access/queries";
import { listChangesInput } from "@/lib/access/schemas";
import { requireAdminPage } from "@/lib/auth/admin";
import { ActionForm } from "../action-form";
import {
  BackToAccess,
  CELL,
  INPUT,
  LINK,
  londonTime,
  Pager,
  SECONDARY,
  Section,
  TableHead,
} from "../ui";

export const metadata = { title: "Every access change" };
export const dynamic = "force-dynamic";

const PAGE = 50;

const REASON_TEXT: Record<string, string> = {
  response_left: "Lead said no longer works here",
  response_unknown: "Lead did not know this person",
  admin_decision: "An admin's decision (queue)",
  restored: "Restored: answer back to works here",
  undo: "Undo of an earlier change",
  import: "Import",
};

export default async function ChangesPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdminPage();
  const { q, page } = listChangesInput.parse(await props.searchParams);
  const { rows, hasMore } = await listChanges({
    search: q,
    limit: PAGE,
    offset: (page - 1) * PAGE,
  });
  const href = (n: number) =>
    `/admin/access/changes?${new URLSearchParams({ ...(q ? { q } : {}), page: String(n) })}`;

  return (
    <div className="space-y-8">
      <BackToAccess />
      <h1 className="text-2xl font-semibold">Every access change</h1>
      <p className="max-w-3xl">
        Every change of access, newest first: made by runs, by decisions on the queue, by
        restores and by undos. Undo puts the person back to the level before the change,
        as long as nothing has changed their access since.
      </p>
      <form method="get" className="flex max-w-xl items-end gap-3">
        <label className="block grow font-semibold" htmlFor="q">
          Email contains
          <input id="q" name="q" defaultValue={q} className={INPUT} type="search" />
        </label>
        <button type="submit" className={SECONDARY}>
          Search
        </button>
      </form>
      <Section title={q ? `Changes for addresses containing “${q}”` : "Changes"}>
        {rows.length === 0 ? <p>No changes found.</p> : <ChangesTable rows={rows} />}
        <Pager page={page} hasMore={hasMore} href={href} />
      </Section>
    </div>
  );
}

function ChangesTable({ rows }: { rows: ChangeRow[] }) {
  return (
    <table className="w-full border-collapse">
      <TableHead titles={["When", "Person", "Change", "Why", "By", "Campaign", ""]} />
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            <td className={CELL}>{londonTime(row.createdAt)}</td>
            <td className={CELL}>
              {row.fullName}
              <br />
              <span className="text-sm">{row.email}</span>
            </td>
            <td className={CELL}>
              {row.fromLevel} → {row.toLevel}
            </td>
            <td className={CELL}>
              {REASON_TEXT[row.reason] ?? row.reason}
              {row.ruleSuffix ? (
                <span className="block text-sm">Rule {row.ruleSuffix}</span>
              ) : null}
            </td>
            <td className={CELL}>
              {row.actor}
              {row.runId ? (
                <Link
                  className={`${LINK} block text-sm`}
                  href={`/admin/access/runs/${row.runId}`}
                >
                  Run {row.runId}
                </Link>
              ) : null}
            </td>
            <td className={CELL}>{row.campaignName ?? "—"}</td>
            <td className={CELL}>
              <UndoCell row={row} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function UndoCell({ row }: { row: ChangeRow }) {
  if (row.revertedAt)
    return (
      <>
        Undone {londonTime(row.revertedAt)} by {row.revertedBy}
      </>
    );
  if (!row.undoable) return null;
  return (
    <ActionForm
      action={undoChangeAction}
      values={{ changeId: row.id }}
      label="Undo"
      done="Undone."
      className={SECONDARY}
    />
  );
}
