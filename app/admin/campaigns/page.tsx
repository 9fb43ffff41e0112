import type { Metadata } from "next";
import Link from "next/link";
import { requireAdminPage } from "@/lib/auth/admin";
import { type CampaignListRow, listCampaigns } from "@/lib/campaigns/queries";
import { deadlineFromDate, formatDeadline } from "@/lib/deadline";
import { NewCampaignForm } from "./new-campaign-form";
import { CELL, LINK, TableHead } from "./ui";

export const metadata: Metadata = { title: "Campaigns" };

const STATUS_LABEL = { draft: "Draft", open: "Open", closed: "Closed" } as const;

export default async function CampaignsPage() {
  await requireAdminPage();
  const campaigns = await listCampaigns();

  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Campaigns</h1>
      {campaigns.length === 0 ? (
        <p>No campaigns yet. Create one below.</p>
      ) : (
        <CampaignTable rows={campaigns} />
      )}
      <section aria-labelledby="new-campaign" className="space-y-3">
        <h2 id="new-campaign" className="text-xl font-semibold">
          New campaign
        </h2>
        <p>
          A new campaign starts as a draft. Opening it takes a snapshot of every user of
          each subscribing organisation that has a lead.
        </p>
        <NewCampaignForm />
      </section>
    </div>
  );
}

function CampaignTable({ rows }: { rows: CampaignListRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="sr-only">Campaigns, newest first</caption>
        <TableHead titles={["Campaign", "Status", "Deadline", "Responded"]} />
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td className={CELL}>
                <Link href={`/admin/campaigns/${row.id}`} className={LINK}>
                  {row.name}
                </Link>
              </td>
              <td className={CELL}>{STATUS_LABEL[row.status]}</td>
              <td className={CELL}>
                {formatDeadline(deadlineFromDate(row.deadlineDate))}
              </td>
              <td className={CELL}>
                {row.responded.toLocaleString("en-GB")} of{" "}
                {row.users.toLocaleString("en-GB")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
