import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requireAdminPage } from "@/lib/auth/admin";
import { openCampaignAction, sendInvitationsAction } from "@/lib/campaigns/actions";
import { needsALead, sendingProgress } from "@/lib/campaigns/detail";
import { organisationTable, organisationTableInput } from "@/lib/campaigns/organisations";
import {
  type CampaignSummary,
  type CampaignTotals,
  campaignTotals,
  loadCampaign,
  responsesByDay,
} from "@/lib/campaigns/queries";
import { daysUntilDeadline, formatDeadline, londonToday } from "@/lib/deadline";
import { CampaignAccessSettings } from "../../access/campaign-settings";
import { ActionButton } from "../action-button";
import { BUTTON, LINK } from "../ui";
import { ResponseMix, ResponsesOverTime } from "./charts";
import { CloseCampaignForm } from "./close-form";
import { NeedsALead } from "./needs-a-lead";
import { OrganisationFilters, OrganisationTable } from "./organisation-table";
import { RemindSelectionForm } from "./remind-selection-form";
import { ReminderDaysForm } from "./reminder-days-form";
import { SendingProgress } from "./sending-progress";

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
  const [totals, table, days, progress, needs] = await Promise.all([
    campaignTotals(campaign.id),
    organisationTable(campaign.id, query),
    responsesByDay(campaign.id),
    sendingProgress(campaign.id),
    needsALead(campaign.id),
  ]);
  const live = campaign.status === "open";

  return (
    <div className="space-y-8">
      <Header campaign={campaign} />
      <Actions campaign={campaign} totals={totals} />
      <SendingProgress campaignId={campaign.id} initial={progress} />
      <Totals totals={totals} />
      {campaign.status !== "draft" ? (
        <section aria-labelledby="progress-heading" className="space-y-4">
          <h2 id="progress-heading" className="text-xl font-semibold">
            Progress
          </h2>
          <ResponseMix totals={totals} />
          <ResponsesOverTime
            days={days}
            openedDate={londonToday(campaign.openedAt ?? new Date())}
            deadlineDate={campaign.deadlineDate}
            todayDate={londonToday()}
            users={totals.users}
          />
        </section>
      ) : null}
      {campaign.status !== "draft" ? (
        <NeedsALead campaignId={campaign.id} rows={needs} />
      ) : null}
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
        ) : live ? (
          <RemindSelectionForm campaignId={campaign.id}>
            <OrganisationTable
              campaignId={campaign.id}
              query={query}
              selectable
              {...table}
            />
          </RemindSelectionForm>
        ) : (
          <OrganisationTable campaignId={campaign.id} query={query} {...table} />
        )}
      </section>
      <CampaignAccessSettings campaignId={campaign.id} />
      {campaign.status !== "draft" ? <Exports campaignId={campaign.id} /> : null}
      {live ? (
        <section aria-labelledby="settings-heading" className="space-y-6">
          <h2 id="settings-heading" className="text-xl font-semibold">
            Reminders and closing
          </h2>
          <ReminderDaysForm
            campaignId={campaign.id}
            reminderDays={campaign.reminderDays}
          />
          <CloseCampaignForm campaignId={campaign.id} />
        </section>
      ) : null}
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
        {/* Always shown, so its result stays on screen after the numbers refresh;
            pressable only while someone waits for an invitation. */}
        <ActionButton
          action={sendInvitationsAction}
          values={{ campaignId: campaign.id }}
          disabled={waiting === 0}
          label="Send invitations"
          pendingLabel="Queueing invitations…"
          done="Invitations queued for every lead not yet invited; they are being sent now."
          className={BUTTON}
        />
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
    ["Leads whose latest email failed", totals.failed],
    ["Leads whose email bounced", totals.bounced],
    ["Leads who complained of spam", totals.complained],
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

function Exports({ campaignId }: { campaignId: number }) {
  return (
    <section aria-labelledby="exports-heading" className="space-y-2">
      <h2 id="exports-heading" className="text-xl font-semibold">
        Exports
      </h2>
      <ul className="list-disc pl-6">
        <li>
          <a
            className={LINK}
            href={`/admin/campaigns/${campaignId}/export/items`}
            download
          >
            Every item as CSV
          </a>{" "}
          (user, employer and role shown and now, response, responder, time, access
          change)
        </li>
        <li>
          <a
            className={LINK}
            href={`/admin/campaigns/${campaignId}/export/audit`}
            download
          >
            The campaign's audit log as CSV
          </a>
        </li>
      </ul>
    </section>
  );
}
