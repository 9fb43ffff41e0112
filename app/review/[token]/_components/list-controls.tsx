import Link from "next/link";
import { RESPONSE_LABELS } from "@/lib/review/labels";
import { PAGE_SIZES, type ReviewListQuery } from "@/lib/review/schemas";

/** The list's view as a URL, so a reload or a shared link opens the same view. */
export function viewHref(
  token: string,
  query: ReviewListQuery,
  change: Partial<ReviewListQuery> = {},
) {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  if (next.response !== "all") params.set("response", next.response);
  if (next.changed !== "any") params.set("changed", next.changed);
  if (next.hint !== "any") params.set("hint", next.hint);
  if (next.sort !== "name") params.set("sort", next.sort);
  if (next.size !== 50) params.set("size", String(next.size));
  if (next.page !== 1) params.set("page", String(next.page));
  const search = params.toString();
  return `/review/${token}${search ? `?${search}` : ""}`;
}

const FIELD = "rounded border border-slate-500 bg-white px-2 py-1.5";

/** Search, filters, sort and page size: a plain GET form that works without JavaScript. */
export function ListFilters({ token, query }: { token: string; query: ReviewListQuery }) {
  return (
    // Keyed by the query, so "Clear" and every new view reset the fields'
    // defaults instead of keeping what the last view showed.
    <form
      key={JSON.stringify(query)}
      method="get"
      action={`/review/${token}`}
      aria-label="Find people"
      className="flex flex-wrap items-end gap-3 rounded border border-slate-300 bg-white p-4"
    >
      <div className="grow">
        <label htmlFor="filter-q" className="block text-sm font-medium">
          Search by name or email
        </label>
        <input
          id="filter-q"
          name="q"
          type="search"
          defaultValue={query.q}
          maxLength={100}
          className={`${FIELD} w-full`}
        />
      </div>
      <div>
        <label htmlFor="filter-response" className="block text-sm font-medium">
          Response
        </label>
        <select
          id="filter-response"
          name="response"
          defaultValue={query.response}
          className={FIELD}
        >
          <option value="all">Everyone</option>
          <option value="none">Not yet answered</option>
          <option value="works_here">{RESPONSE_LABELS.works_here}</option>
          <option value="left">{RESPONSE_LABELS.left}</option>
          <option value="unknown">{RESPONSE_LABELS.unknown}</option>
        </select>
      </div>
      <div>
        <label htmlFor="filter-hint" className="block text-sm font-medium">
          Suggestions
        </label>
        <select id="filter-hint" name="hint" defaultValue={query.hint} className={FIELD}>
          <option value="any">Any</option>
          <option value="stale">No sign-in for a long time</option>
          <option value="domain">Unusual email domain</option>
        </select>
      </div>
      <div>
        <label htmlFor="filter-sort" className="block text-sm font-medium">
          Sort by
        </label>
        <select id="filter-sort" name="sort" defaultValue={query.sort} className={FIELD}>
          <option value="name">Name</option>
          <option value="signin">Last sign-in (oldest first)</option>
        </select>
      </div>
      <div>
        <label htmlFor="filter-size" className="block text-sm font-medium">
          Per page
        </label>
        <select
          id="filter-size"
          name="size"
          defaultValue={String(query.size)}
          className={FIELD}
        >
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </div>
      <label className="flex items-center gap-2 pb-2">
        <input
          type="checkbox"
          name="changed"
          value="yes"
          defaultChecked={query.changed === "yes"}
          className="h-4 w-4"
        />
        Only people whose details we changed
      </label>
      <button
        type="submit"
        className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800"
      >
        Show
      </button>
      <Link href={`/review/${token}`} className="pb-2 text-brand-700 underline">
        Clear
      </Link>
    </form>
  );
}

export function Pagination(props: {
  token: string;
  query: ReviewListQuery;
  total: number;
  pageCount: number;
}) {
  const { token, query, total, pageCount } = props;
  const from = total === 0 ? 0 : (query.page - 1) * query.size + 1;
  const to = Math.min(total, query.page * query.size);
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3">
      <p>
        Showing {from.toLocaleString("en-GB")}–{to.toLocaleString("en-GB")} of{" "}
        {total.toLocaleString("en-GB")} · page {query.page} of {pageCount}
      </p>
      <ul className="flex gap-3">
        {query.page > 1 ? (
          <li>
            <Link
              href={viewHref(token, query, { page: query.page - 1 })}
              className="text-brand-700 underline"
            >
              Previous page
            </Link>
          </li>
        ) : null}
        {query.page < pageCount ? (
          <li>
            <Link
              href={viewHref(token, query, { page: query.page + 1 })}
              className="text-brand-700 underline"
            >
              Next page
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
