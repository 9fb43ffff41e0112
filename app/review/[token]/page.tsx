import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { config } from "@/lib/config";
import { formatDeadline } from "@/lib/deadline";
import { resolveReviewToken } from "@/lib/review/access";
import type { RowState } from "@/lib/review/labels";
import { loadReviewPage } from "@/lib/review/page-data";
import { staleMonths } from "@/lib/review/queries";
import { readResponderName } from "@/lib/review/responder";
import { reviewListQuery } from "@/lib/review/schemas";
import { BulkBar } from "./_components/bulk-bar";
import { ListFilters, Pagination } from "./_components/list-controls";
import { ReviewProgress } from "./_components/progress";
import { ResponderForm } from "./_components/responder-form";
import { ReviewProvider } from "./_components/review-context";
import { ReviewRow } from "./_components/review-row";
import { HelpSection, HistoryPanel, Suggestions } from "./_components/side-panels";

export const metadata: Metadata = {
  title: "Review your organisation's users",
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

interface Props {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** The lead's review page. Reads only: a mail scanner fetching it changes nothing. */
export default async function ReviewPage({ params, searchParams }: Props) {
  const { token } = await params;
  const scope = await resolveReviewToken(token);
  if (!scope) notFound();

  const query = reviewListQuery.parse(await searchParams);
  const [data, responderName] = await Promise.all([
    loadReviewPage(scope, query),
    readResponderName(),
  ]);
  const readOnly = scope.mode === "read_only";

  return (
    <ReviewProvider
      token={token}
      linkId={scope.link.id}
      readOnly={readOnly}
      responderName={responderName}
      roles={data.roles}
      progress={data.progress}
    >
      <div className="space-y-6">
        <header>
          <p className="text-sm text-slate-700">{scope.campaign.name}</p>
          <h1 className="text-2xl font-bold">Who works at {scope.organisation.name}?</h1>
          <p className="mt-1">
            Deadline: <strong>{formatDeadline(scope.campaign.deadlineAt)}</strong>
          </p>
          {readOnly ? (
            <p className="mt-3 rounded border-l-4 border-slate-700 bg-slate-100 p-3 font-medium">
              {scope.campaign.status === "closed"
                ? "This review has closed."
                : "The deadline has passed."}{" "}
              You can still see the answers, but they can no longer be changed.
            </p>
          ) : null}
        </header>
        <div className="grid gap-4 md:grid-cols-2">
          <ReviewProgress />
          {readOnly ? (
            <HistoryPanel entries={data.history.slice(0, 5)} />
          ) : (
            <ResponderForm />
          )}
        </div>
        {readOnly ? null : (
          <Suggestions
            token={token}
            query={query}
            counts={data.hintCounts}
            staleMonths={staleMonths()}
            majorityDomain={data.hints.majorityDomain}
          />
        )}
        <ListFilters token={token} query={query} />
        {readOnly ? null : (
          <BulkBar
            filter={query}
            matching={data.total}
            pageIds={data.rows.map((row) => row.itemId)}
          />
        )}
        <section aria-labelledby="people-heading" className="space-y-3">
          <h2 id="people-heading" className="text-xl font-semibold">
            People
          </h2>
          <Pagination
            token={token}
            query={query}
            total={data.total}
            pageCount={data.pageCount}
          />
          {data.rows.length === 0 ? (
            <p className="rounded border border-slate-300 bg-white p-4">
              Nobody matches this search. Try fewer words, or clear the filters.
            </p>
          ) : (
            <ul className="space-y-3">
              {data.rows.map((row) => (
                <ReviewRow key={row.itemId} row={row as RowState} />
              ))}
            </ul>
          )}
          <Pagination
            token={token}
            query={query}
            total={data.total}
            pageCount={data.pageCount}
          />
        </section>
        {readOnly ? null : <HistoryPanel entries={data.history} />}
        <HelpSection
          deadlineAt={scope.campaign.deadlineAt}
          supportEmail={config().SUPPORT_EMAIL}
        />
      </div>
    </ReviewProvider>
  );
}
