import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requireAdminPage } from "@/lib/auth/admin";
import {
  ADMIN_REVIEW_PAGE_SIZE,
  loadAdminReviewPage,
} from "@/lib/campaigns/admin-review";
import { loadCampaign } from "@/lib/campaigns/queries";
import { LINK, TableHead } from "../../../../ui";
import { AnswerRow } from "./answer-row";
import { BulkAnswerForm } from "./bulk-answer-form";

export const metadata: Metadata = { title: "Answer for an organisation" };

const idParam = z.coerce.number().int().positive();
const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const viewQuery = z.object({
  page: z.preprocess(first, z.coerce.number().int().min(1).max(100_000).catch(1)),
  show: z.preprocess(first, z.enum(["all", "unanswered"]).catch("all")),
});

type Props = {
  params: Promise<{ id: string; orgId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/**
 * Where an admin answers for an organisation's users themselves (no lead,
 * or a lead who cannot be reached), row by row, as the lead would.
 */
export default async function AdminReviewPage({ params, searchParams }: Props) {
  await requireAdminPage();
  const raw = await params;
  const campaignId = idParam.safeParse(raw.id);
  const organisationId = idParam.safeParse(raw.orgId);
  if (!campaignId.success || !organisationId.success) notFound();
  const view = viewQuery.parse(await searchParams);
  const scope = { campaignId: campaignId.data, organisationId: organisationId.data };
  const [campaign, data] = await Promise.all([
    loadCampaign(scope.campaignId),
    loadAdminReviewPage(scope, {
      page: view.page,
      unansweredOnly: view.show === "unanswered",
    }),
  ]);
  if (!campaign || !data) notFound();
  const base = `/admin/campaigns/${campaign.id}/organisations/${data.organisation.id}`;

  return (
    <div className="space-y-6">
      <p>
        <Link className={LINK} href={base}>
          Back to {data.organisation.name}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">
        Answer for {data.organisation.name}{" "}
        <span className="text-slate-600">({data.organisation.code})</span>
      </h1>
      <p className="max-w-3xl">
        In {campaign.name}. Your answers are recorded under your address, and any change
        to a person&apos;s employer or role updates their profile straight away.
      </p>
      {campaign.status === "open" ? (
        <>
          <BulkAnswerForm
            campaignId={campaign.id}
            organisationId={data.organisation.id}
          />
          <Rows base={`${base}/review`} view={view} {...data} campaignId={campaign.id} />
        </>
      ) : (
        <p className="border-l-4 border-slate-600 bg-slate-100 p-3">
          {campaign.status === "closed"
            ? "This campaign has closed, so answers can no longer be changed."
            : "This campaign has not opened yet."}
        </p>
      )}
    </div>
  );
}

type Data = NonNullable<Awaited<ReturnType<typeof loadAdminReviewPage>>>;

function Rows(
  props: Data & { base: string; campaignId: number; view: z.output<typeof viewQuery> },
) {
  const { view, base } = props;
  const show = view.show === "unanswered" ? "&show=unanswered" : "";
  const pages = Math.max(1, Math.ceil(props.total / ADMIN_REVIEW_PAGE_SIZE));
  return (
    <section aria-labelledby="answers-heading" className="space-y-3">
      <h2 id="answers-heading" className="text-xl font-semibold">
        Users ({props.total.toLocaleString("en-GB")}
        {view.show === "unanswered" ? " without an answer" : ""})
      </h2>
      <nav aria-label="Which users" className="flex gap-4">
        <Link
          className={LINK}
          href={base}
          aria-current={view.show === "all" ? "page" : undefined}
        >
          Everyone
        </Link>
        <Link
          className={LINK}
          href={`${base}?show=unanswered`}
          aria-current={view.show === "unanswered" ? "page" : undefined}
        >
          Only those without an answer
        </Link>
      </nav>
      {props.rows.length === 0 ? <p>No users to show.</p> : null}
      {props.rows.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-sm">
            <caption className="sr-only">
              Users of {props.organisation.name}, each with a form to answer for them
            </caption>
            <TableHead titles={["User", "Response", "Employer", "Role", "Save"]} />
            <tbody>
              {props.rows.map((row) => (
                <AnswerRow
                  key={row.itemId}
                  row={row}
                  roles={props.roles}
                  campaignId={props.campaignId}
                  organisationId={props.organisation.id}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <nav aria-label="User pages" className="flex items-center gap-4">
        {view.page > 1 ? (
          <Link className={LINK} href={`${base}?page=${view.page - 1}${show}`}>
            Previous page
          </Link>
        ) : null}
        <span>
          Page {view.page} of {pages}
        </span>
        {view.page < pages ? (
          <Link className={LINK} href={`${base}?page=${view.page + 1}${show}`}>
            Next page
          </Link>
        ) : null}
      </nav>
    </section>
  );
}
