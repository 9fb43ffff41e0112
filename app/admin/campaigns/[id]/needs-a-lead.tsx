import Link from "next/link";
import type { NeedsLeadRow } from "@/lib/campaigns/detail";
import { CELL, LINK, TableHead } from "../ui";

const REASON = {
  no_lead: "No lead",
  failed: "Latest email could not be sent",
  bounced: "Email bounced",
  complained: "Lead marked an email as spam",
} as const;

/** Organisations nobody can be asked about: each opens where a lead can be added or fixed. */
export function NeedsALead({
  campaignId,
  rows,
}: {
  campaignId: number;
  rows: NeedsLeadRow[];
}) {
  return (
    <section aria-labelledby="needs-heading" className="space-y-2">
      <h2 id="needs-heading" className="text-xl font-semibold">
        Needs a lead ({rows.length})
      </h2>
      {rows.length === 0 ? (
        <p>Every organisation has a lead whose email went through.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-sm">
            <caption className="sr-only">Organisations without a reachable lead</caption>
            <TableHead titles={["Organisation", "Users", "Problem", "Lead", "Details"]} />
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.organisationId}-${row.leadId ?? "none"}`}>
                  <td className={CELL}>
                    <Link
                      className={LINK}
                      href={`/admin/campaigns/${campaignId}/organisations/${row.organisationId}`}
                    >
                      {row.name}
                    </Link>
                  </td>
                  <td className={CELL}>{row.users}</td>
                  <td className={CELL}>{REASON[row.reason]}</td>
                  <td className={`${CELL} break-all`}>
                    {row.leadName ? `${row.leadName} <${row.leadEmail}>` : "—"}
                  </td>
                  <td className={`${CELL} max-w-xs break-words`}>{row.detail ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
