import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requireAdminPage } from "@/lib/auth/admin";
import { openCampaignAction, sendInvitationsAction } from "@/lib/campaigns/actions";
import { organisationTable, organisationTableInput } from "@/lib/campaigns/organisations";
import {
  type CampaignSummary,
  type CampaignTotals,
  campaignTotals,
  loadCampaign,
} from "@/lib/campaigns/queries";
import { daysUntilDeadline, formatDeadline } from "@/lib/deadline";
import { ActionButton } from "../action-button";
import { BUTTON } from "../ui";
import { OrganisationFilters, OrganisationTable } from "./organisation-table";

export const metadata: Metadata = { title: "Campaign" };

const idParam = z.coerce.number().int().positive();
type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function CampaignPage({ params, searchParams }: Props) {
  await requireAdminPage();
  const id = idParam.safeParse((await params).id);
  const campaign = id.success ? await loadCampaign(id.data) : null;
  if (!campaign) notFound();
  const query = organisationTableInput.parse(await searchParams);
  const [totals, table] = await Promise.all([
    campaignTotals(campaign.id),
    organisationTable(campaign.id, query),
  ]);

  return (
    <div className="space-y-8">
      <Header campaign={campaign} />
      <Actions campaign={campaign} totals={totals} />
      <Totals totals={totals} />
      <section
        id="organisations"
        aria-labelledby="organisations-heading"
        className="space-y-3"
      >
        <h2 id="organisations-heading" className="text-xl font-semibold">
          Organisations ({table.total.toLocaleString("en-GB")})
        </h2>
        <OrganisationFilters campaignId={campaign.id} query={query} />
        {table.rows.length === 0 ? (
          <p>No organisations match.</p>
        ) : (
          <OrganisationTable campaignId={campaign.id} query={query} {...table} />
        )}
      </section>
    </div>
  );
}

const STATUS_TEXT = {
  draft: "Draft: not yet open to leads.",
  open: "Open: leads can respond.",
  closed: "Closed: links show the answers read-only.",
} as const;

function Header({ campaign }: { campaign: CampaignSummary }) {
  const days = daysUntilDeadline(campaign.deadlineDate);
  return (
    <div className="space-y-1">
      <h1 className="text-2xl font-semibold">{campaign.name}</h1>
      <p>{STATUS_TEXT[campaign.status]}</p>
      <p>
        Deadline: {formatDeadline(campaign.deadlineAt)}
        {days >= 0 ? ` (${days === 0 ? "today" : `${days} days left`})` : " (passed)"}
      </p>
    </div>
  );
}

function Actions({
  campaign,
  totals,
}: {
  campaign: CampaignSummary;
  totals: CampaignTotals;
}) {
  if (campaign.status === "draft") {
    return (
      <ActionButton
        action={openCampaignAction}
        values={{ campaignId: campaign.id }}
        label="Open campaign"
        pendingLabel="Opening…"
        done="The campaign is open. You can now send the invitations."
        className={BUTTON}
      />
    );
  }
  if (campaign.status !== "open") return null;
  const waiting = totals.leads - totals.invited;
  return (
    <div className="flex flex-wrap gap-6">
      <div className="space-y-1">
        <p>
          {waiting > 0
            ? `${waiting.toLocaleString("en-GB")} leads have not been sent an invitation.`
            : "Every lead has been sent an invitation."}
        </p>
        {waiting > 0 ? (
          <ActionButton
            action={sendInvitationsAction}
            values={{ campaignId: campaign.id }}
            label="Send invitations"
            pendingLabel="Queueing invitations…"
            done="Invitations queued. They are being sent now."
            className={BUTTON}
          />
        ) : null}
      </div>
    </div>
  );
}

function Totals({ totals }: { totals: CampaignTotals }) {
  const facts: [string, number][] = [
    ["Organisations", totals.organisations],
    ["Users", totals.users],
    ["Responded", totals.responded],
    ["Works here", totals.worksHere],
    ["Left", totals.left],
    ["Don't know", totals.unknown],
    ["Leads with a live link", totals.leads],
    ["Invitations sent", totals.sent],
    ["Invitations waiting to send", totals.queued],
    ["Invitations failed", totals.failed],
    ["Invitations bounced", totals.bounced],
  ];
  return (
    <section aria-labelledby="totals-heading">
      <h2 id="totals-heading" className="sr-only">
        Totals
      </h2>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {facts.map(([label, value]) => (
          <div key={label} className="rounded border border-slate-300 bg-white p-3">
            <dt className="text-sm text-slate-700">{label}</dt>
            <dd className="text-2xl font-semibold">{value.toLocaleString("en-GB")}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
