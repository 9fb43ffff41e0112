import {
  auditActionLabel,
  auditChannelLabel,
  describeAuditData,
} from "@/lib/audit/labels";
import type { HistoryRow } from "@/lib/campaigns/detail";
import { formatLondon } from "@/lib/deadline";
import { CELL, TableHead } from "../../../ui";

/**
 * The organisation's history: when, who (the responder's name as they gave
 * it, else the admin or job), through which link, what, and the details.
 */
export function History({ rows }: { rows: HistoryRow[] }) {
  return (
    <section aria-labelledby="history-heading" className="space-y-2">
      <h2 id="history-heading" className="text-xl font-semibold">
        History
      </h2>
      {rows.length === 0 ? (
        <p>Nothing has happened yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-sm">
            <caption className="sr-only">
              What happened, newest first (latest 200 events)
            </caption>
            <TableHead titles={["When", "Who", "Through", "What", "Details"]} />
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td className={`${CELL} whitespace-nowrap`}>{formatLondon(row.at)}</td>
                  <td className={CELL}>
                    {row.actorName ?? row.actorId ?? row.actorType}
                  </td>
                  <td className={CELL}>
                    {auditChannelLabel(row.actorType, row.actorId)}
                  </td>
                  <td className={CELL}>{auditActionLabel(row.action)}</td>
                  <td className={`${CELL} max-w-md break-words`}>
                    {describeAuditData(row.action, row.data)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
