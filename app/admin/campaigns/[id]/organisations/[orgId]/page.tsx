import { eq } from "drizzle-orm";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requireAdminPage } from "@/lib/auth/admin";
import {
  reissueLinkAction,
  remindNowAction,
  resendLinkAction,
  revokeLinkAction,
} from "@/lib/campaigns/actions";
import {
  ITEMS_PER_PAGE,
  type ItemRow,
  type LeadRow,
  organisationHistory,
  organisationItems,
  organisationLeads,
} from "@/lib/campaigns/detail";
import { loadCampaign } from "@/lib/campaigns/queries";
import { getDb } from "@/lib/db/client";
import { organisations } from "@/lib/db/schema";
import { formatLondon } from "@/lib/deadline";
import { ActionButton } from "../../../action-button";
import { CELL, LINK, TableHead } from "../../../ui";
import { History } from "./history-table";
import { AddLeadForm, ChangeLeadForm } from "./lead-forms";

export const metadata: Metadata = { title: "Organisation in campaign" };

const idParam = z.coerce.number().int().positive();
const pageParam = z.coerce.number().int().min(1).max(100_000).catch(1);
type Props = {
  params: Promise<{ id: string; orgId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const RESPONSE = {
  works_here: "Works here",
  left: "Left",
  unknown: "Don't know",
} as const;

async function loadOrganisation(organisationId: number) {
  const [row] = await getDb()
    .select({ id: organisations.id, name: organisations.name, code: organisations.code })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  return row ?? null;
}

export default async function OrganisationPage({ params, searchParams }: Props) {
  await requireAdminPage();
  const raw = await params;
  const campaignId = idParam.safeParse(raw.id);
  const organisationId = idParam.safeParse(raw.orgId);
  if (!campaignId.success || !organisationId.success) notFound();
  const [campaign, organisation] = await Promise.all([
    loadCampaign(campaignId.data),
    loadOrganisation(organisationId.data),
  ]);
  if (!campaign || !organisation) notFound();
  const page = pageParam.parse((await searchParams).page);
  const [leads, items, history] = await Promise.all([
    organisationLeads(campaign.id, organisation.id),
    organisationItems(campaign.id, organisation.id, page),
    organisationHistory(campaign.id, organisation.id),
  ]);
  const live = campaign.status === "open";

  return (
    <div className="space-y-8">
      <p>
        <Link className={LINK} href={`/admin/campaigns/${campaign.id}`}>
          Back to {campaign.name}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">
        {organisation.name} <span className="text-slate-600">({organisation.code})</span>
      </h1>
      <Leads campaignId={campaign.id} leads={leads} live={live} />
      {live ? (
        <section aria-labelledby="add-lead-heading" className="space-y-2">
          <h2 id="add-lead-heading" className="text-xl font-semibold">
            Add a lead
          </h2>
          <AddLeadForm campaignId={campaign.id} organisationId={organisation.id} />
        </section>
      ) : null}
      {live ? (
        <p>
          <Link
            className={LINK}
            href={`/admin/campaigns/${campaign.id}/organisations/${organisation.id}/review`}
          >
            Answer for these users yourself
          </Link>
        </p>
      ) : null}
      <Items
        rows={items}
        page={page}
        base={`/admin/campaigns/${campaign.id}/organisations/${organisation.id}`}
      />
      <History rows={history} />
    </div>
  );
}

const INVITATION = {
  queued: "Queued",
  sent: "Sent",
  failed: "Could not be sent",
} as const;

/** What went wrong with the lead's mail, of any kind, in words; empty when nothing did. */
function deliveryProblems(lead: LeadRow): string[] {
  const problems: string[] = [];
  if (lead.failedReason)
    problems.push(`Latest email could not be sent: ${lead.failedReason}`);
  if (lead.bounced)
    problems.push(`An email bounced: ${lead.bounceReason ?? "no reason given"}`);
  if (lead.complained) problems.push("The lead marked an email as spam.");
  return problems;
}

function Leads(props: { campaignId: number; leads: LeadRow[]; live: boolean }) {
  return (
    <section aria-labelledby="leads-heading" className="space-y-3">
      <h2 id="leads-heading" className="text-xl font-semibold">
        Leads
      </h2>
      {props.leads.length === 0 ? <p>This organisation has no lead.</p> : null}
      {props.leads.map((lead) => (
        <article
          key={lead.leadId}
          className="space-y-3 rounded border border-slate-300 bg-white p-4"
        >
          <h3 className="font-semibold">
            {lead.fullName}{" "}
            <span className="font-normal break-all">&lt;{lead.email}&gt;</span>
          </h3>
          {/* Announced when it changes: a revoke removes its own button and message. */}
          <p aria-live="polite">
            Link:{" "}
            {lead.linkId
              ? `live since ${formatLondon(lead.linkCreatedAt ?? new Date())}`
              : "none (revoked or never issued)"}
            . Latest invitation: {lead.state ? INVITATION[lead.state] : "not sent"}.
          </p>
          {deliveryProblems(lead).length > 0 ? (
            <ul className="list-disc pl-6 text-red-800">
              {deliveryProblems(lead).map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          ) : null}
          {props.live ? <LeadActions campaignId={props.campaignId} lead={lead} /> : null}
        </article>
      ))}
    </section>
  );
}

function LeadActions({ campaignId, lead }: { campaignId: number; lead: LeadRow }) {
  const values = { campaignId, leadId: lead.leadId, linkId: lead.linkId ?? 0 };
  return (
    <div className="flex flex-wrap items-start gap-6">
      <ActionButton
        action={reissueLinkAction}
        values={values}
        label={lead.linkId ? "Reissue link and email it" : "Issue a link and email it"}
        pendingLabel="Reissuing…"
        done="A new link is on its way; the old one no longer works."
      />
      {lead.linkId && lead.state ? (
        <ActionButton
          action={resendLinkAction}
          values={{ ...values, afterMessageId: lead.latestMessageId }}
          label="Resend link"
          pendingLabel="Resending…"
          done="The same link is on its way again; it keeps working."
        />
      ) : null}
      {lead.linkId ? (
        <ActionButton
          action={revokeLinkAction}
          values={values}
          label="Revoke link"
          pendingLabel="Revoking…"
          done="The link no longer works."
        />
      ) : null}
      {lead.linkId ? (
        <ActionButton
          action={remindNowAction}
          values={{ campaignId, leadIds: lead.leadId }}
          label="Send a reminder now"
          pendingLabel="Queueing…"
          done="Done. A lead already reminded today, or whose organisation has finished, is skipped."
        />
      ) : null}
      <ChangeLeadForm
        campaignId={campaignId}
        leadId={lead.leadId}
        linkId={lead.linkId ?? 0}
        fullName={lead.fullName}
        email={lead.email}
      />
    </div>
  );
}

function Items({ rows, page, base }: { rows: ItemRow[]; page: number; base: string }) {
  const changed = (before: string | null, now: string | null) =>
    before === now ? (now ?? "—") : `${before ?? "—"} → ${now ?? "—"}`;
  return (
    <section aria-labelledby="items-heading" className="space-y-2">
      <h2 id="items-heading" className="text-xl font-semibold">
        Users
      </h2>
      {rows.length === 0 ? <p>No users on this page.</p> : null}
      {rows.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-sm">
            <caption className="sr-only">
              Users, with what the lead was shown and what is true now
            </caption>
            <TableHead
              titles={[
                "User",
                "Employer (shown → now)",
                "Role (shown → now)",
                "Response",
                "By",
                "When",
              ]}
            />
            <tbody>
              {rows.map((row) => (
                <tr key={row.itemId}>
                  <td className={CELL}>
                    {row.fullName}
                    <div className="break-all text-slate-600">{row.email}</div>
                  </td>
                  <td className={CELL}>
                    {changed(row.shownOrganisation, row.organisationNow)}
                  </td>
                  <td className={CELL}>{changed(row.shownRole, row.roleNow)}</td>
                  <td className={CELL}>
                    {row.response
                      ? RESPONSE[row.response as keyof typeof RESPONSE]
                      : "No answer yet"}
                  </td>
                  <td className={CELL}>{row.responderName ?? "—"}</td>
                  <td className={`${CELL} whitespace-nowrap`}>
                    {row.respondedAt ? formatLondon(row.respondedAt) : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <nav aria-label="User pages" className="flex gap-4">
        {page > 1 ? (
          <Link className={LINK} href={`${base}?page=${page - 1}`}>
            Previous page
          </Link>
        ) : null}
        {rows.length === ITEMS_PER_PAGE ? (
          <Link className={LINK} href={`${base}?page=${page + 1}`}>
            Next page
          </Link>
        ) : null}
      </nav>
    </section>
  );
}
