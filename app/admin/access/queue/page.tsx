import { decideItemsAction } from "@/lib/access/actions";
import {
  type ApprovalRow,
  listApprovals,
  listQueue,
  type QueueRow,
} from "@/lib/access/queue";
import { requireAdminPage } from "@/lib/auth/admin";
import { ActionForm } from "../action-form";
import {
  BackToAccess,
  BUTTON,
  CATEGORY_TEXT,
  CELL,
  INPUT,
  londonTime,
  Section,
  TableHead,
} from "../ui";

export const metadata = { title: "Access queue" };
export const dynamic = "force-dynamic";

const PAGE = 200;

export default async function QueuePage() {
  await requireAdminPage();
  const [queue, approvals] = await Promise.all([listQueue(PAGE), listApprovals(PAGE)]);
  return (
    <div className="space-y-8">
      <BackToAccess />
      <h1 className="text-2xl font-semibold">Decisions for an admin</h1>
      <Section title="Marked as left or unknown, not downgraded automatically">
        <p className="max-w-3xl">
          These people have no recognised NHS address, an address that is not valid, or
          are leads themselves. Tick the people and choose what to do. Keep takes them off
          this list until the lead answers again; defer hides them for a number of days.
        </p>
        {queue.length === 0 ? (
          <p>Nobody is waiting.</p>
        ) : (
          <DecisionForm choices={["downgrade", "keep", "defer"]}>
            <QueueTable rows={queue} />
          </DecisionForm>
        )}
      </Section>
      <Section title="Confirmed as working here, but without subscriber access">
        {approvals.length === 0 ? (
          <p>Nobody is waiting.</p>
        ) : (
          <DecisionForm choices={["approve", "keep"]}>
            <ApprovalTable rows={approvals} />
          </DecisionForm>
        )}
      </Section>
    </div>
  );
}

const CHOICE_TEXT: Record<string, string> = {
  downgrade: "Downgrade to non-subscriber",
  keep: "Keep access as it is",
  defer: "Defer the decision",
  approve: "Give subscriber access",
};

function DecisionForm(props: { choices: string[]; children: React.ReactNode }) {
  return (
    <ActionForm
      action={decideItemsAction}
      label="Apply to ticked people"
      done="Saved."
      className={BUTTON}
    >
      {props.children}
      <fieldset className="flex flex-wrap items-end gap-4">
        <legend className="font-semibold">Decision</legend>
        {props.choices.map((choice, index) => (
          <label key={choice} className="flex items-center gap-2">
            <input
              type="radio"
              name="decision"
              value={choice}
              defaultChecked={index === 0}
            />
            {CHOICE_TEXT[choice]}
          </label>
        ))}
        {props.choices.includes("defer") ? (
          <label className="block">
            Days to defer
            <input
              name="deferDays"
              type="number"
              min={1}
              max={90}
              defaultValue={7}
              className={INPUT}
            />
          </label>
        ) : null}
      </fieldset>
    </ActionForm>
  );
}

function Tick({ itemId, name }: { itemId: number; name: string }) {
  return (
    <input type="checkbox" name="itemIds" value={itemId} aria-label={`Choose ${name}`} />
  );
}

function QueueTable({ rows }: { rows: QueueRow[] }) {
  const titles = [
    "",
    "Person",
    "Domain",
    "Why here",
    "Lead's answer",
    "Last sign-in",
    "Campaign",
  ];
  return (
    <table className="w-full border-collapse">
      <TableHead titles={titles} />
      <tbody>
        {rows.map((row) => (
          <tr key={row.itemId}>
            <td className={CELL}>
              <Tick itemId={row.itemId} name={row.fullName} />
            </td>
            <td className={CELL}>
              {row.fullName}
              <br />
              <span className="text-sm">{row.email}</span>
            </td>
            <td className={CELL}>{row.domain || "—"}</td>
            <td className={CELL}>
              {CATEGORY_TEXT[row.category] ?? row.category}
              {row.invalidReason ? `: ${row.invalidReason}` : null}
            </td>
            <td className={CELL}>
              {row.response === "left"
                ? "No longer works here"
                : "Does not know this person"}
              <br />
              <span className="text-sm">
                {row.responderName ?? "A lead"}, {londonTime(row.respondedAt)}
              </span>
            </td>
            <td className={CELL}>{londonTime(row.lastSignInAt)}</td>
            <td className={CELL}>
              {row.campaignName}
              <br />
              <span className="text-sm">{row.organisationName}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ApprovalTable({ rows }: { rows: ApprovalRow[] }) {
  return (
    <table className="w-full border-collapse">
      <TableHead
        titles={["", "Person", "Access", "Organisation", "Campaign", "Confirmed"]}
      />
      <tbody>
        {rows.map((row) => (
          <tr key={row.itemId}>
            <td className={CELL}>
              <Tick itemId={row.itemId} name={row.fullName} />
            </td>
            <td className={CELL}>
              {row.fullName}
              <br />
              <span className="text-sm">{row.email}</span>
            </td>
            <td className={CELL}>{row.accessLevel}</td>
            <td className={CELL}>{row.organisationName}</td>
            <td className={CELL}>{row.campaignName}</td>
            <td className={CELL}>{londonTime(row.respondedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
