import Link from "next/link";
import type {
  OrganisationRow,
  OrganisationTableQuery,
} from "@/lib/campaigns/organisations";
import { ORGANISATIONS_PER_PAGE, QUIET_AFTER_DAYS } from "@/lib/campaigns/organisations";
import { formatLondon } from "@/lib/deadline";
import { CELL, HEAD, LINK, SECONDARY } from "../ui";

type Sort = OrganisationTableQuery["sort"];
const COLUMNS: { label: string; sort?: Sort }[] = [
  { label: "Organisation", sort: "name" },
  { label: "Leads" },
  { label: "Invitations" },
  { label: "Delivery problems", sort: "problems" },
  { label: "Users", sort: "size" },
  { label: "Responded", sort: "progress" },
  { label: "Works here" },
  { label: "Left" },
  { label: "Unknown" },
  { label: "Last activity", sort: "activity" },
];
const ACTIVITY_OPTIONS: [OrganisationTableQuery["activity"], string][] = [
  ["any", "Any time"],
  ["none", "No answers yet"],
  ["recent", `Answered in the last ${QUIET_AFTER_DAYS} days`],
  ["quiet", `Quiet for over ${QUIET_AFTER_DAYS} days`],
];
const SIZE_OPTIONS: [OrganisationTableQuery["size"], string][] = [
  ["any", "Any size"],
  ["1to9", "1 to 9 users"],
  ["10to99", "10 to 99 users"],
  ["100to999", "100 to 999 users"],
  ["1000plus", "1,000 users or more"],
];
const SHOW_OPTIONS: [OrganisationTableQuery["show"], string][] = [
  ["all", "All organisations"],
  ["not_started", "No responses yet"],
  ["in_progress", "Part answered"],
  ["complete", "Finished"],
  ["problems", "Delivery problems or no lead"],
];

function href(campaignId: number, query: OrganisationTableQuery, change: object) {
  const next = { ...query, ...change } as Record<string, string | number>;
  const params = new URLSearchParams(
    Object.entries(next)
      .filter(([, value]) => value !== "" && value !== undefined)
      .map(([key, value]) => [key, String(value)]),
  );
  return `/admin/campaigns/${campaignId}?${params.toString()}#organisations`;
}

/** Counts in words, leaving out the zeros. */
function counted(parts: readonly (readonly [number, string])[]): string | null {
  const said = parts.filter(([n]) => n > 0).map(([n, label]) => `${n} ${label}`);
  return said.length > 0 ? said.join(", ") : null;
}

/** Latest invitation states of an organisation's leads, in words. */
function invitationSummary(row: OrganisationRow): string {
  if (row.leads === 0) return "no live link";
  return (
    counted([
      [row.notInvited, "not sent"],
      [row.queued, "queued"],
      [row.sent, "sent"],
    ]) ?? "—"
  );
}

/** Leads whose mail (of any kind) failed, bounced or drew a complaint. */
function problemSummary(row: OrganisationRow): string {
  return (
    counted([
      [row.failed, "failed"],
      [row.bounced, "bounced"],
      [row.complained, "complained"],
    ]) ?? "none"
  );
}

/** A labelled select of the filter form; its value goes into the URL. */
function FilterSelect<T extends string>(props: {
  name: string;
  label: string;
  value: T;
  options: [T, string][];
}) {
  return (
    <div>
      <label htmlFor={props.name} className="block font-semibold">
        {props.label}
      </label>
      <select
        id={props.name}
        name={props.name}
        defaultValue={props.value}
        className="mt-1 rounded border-2 border-slate-600 px-2 py-1"
      >
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function OrganisationFilters(props: {
  campaignId: number;
  query: OrganisationTableQuery;
}) {
  return (
    <form
      method="get"
      action={`/admin/campaigns/${props.campaignId}`}
      className="flex flex-wrap items-end gap-3"
    >
      <input type="hidden" name="sort" value={props.query.sort} />
      <input type="hidden" name="dir" value={props.query.dir} />
      <FilterSelect
        name="show"
        label="Show"
        value={props.query.show}
        options={SHOW_OPTIONS}
      />
      <FilterSelect
        name="activity"
        label="Last answer"
        value={props.query.activity}
        options={ACTIVITY_OPTIONS}
      />
      <FilterSelect
        name="size"
        label="Size"
        value={props.query.size}
        options={SIZE_OPTIONS}
      />
      <div>
        <label htmlFor="q" className="block font-semibold">
          Organisation name contains
        </label>
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={props.query.q}
          className="mt-1 rounded border-2 border-slate-600 px-2 py-1"
        />
      </div>
      <button type="submit" className={SECONDARY}>
        Apply
      </button>
    </form>
  );
}

export function OrganisationTable(props: {
  campaignId: number;
  query: OrganisationTableQuery;
  rows: OrganisationRow[];
  total: number;
  /** Lead checkboxes (name "leadIds") for the surrounding reminder form. */
  selectable?: boolean;
}) {
  const { campaignId, query, rows } = props;
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="sr-only">
          Organisations in this campaign, sorted by {query.sort} (
          {query.dir === "asc" ? "ascending" : "descending"})
        </caption>
        <thead>
          <tr>
            {COLUMNS.map((column) => (
              <th
                key={column.label}
                scope="col"
                className={HEAD}
                aria-sort={
                  column.sort === query.sort
                    ? query.dir === "asc"
                      ? "ascending"
                      : "descending"
                    : undefined
                }
              >
                {column.sort ? (
                  <Link
                    className={LINK}
                    href={href(campaignId, query, {
                      sort: column.sort,
                      dir:
                        column.sort === query.sort && query.dir === "asc"
                          ? "desc"
                          : "asc",
                      page: 1,
                    })}
                  >
                    {column.label}
                  </Link>
                ) : (
                  column.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.organisationId}>
              <td className={CELL}>
                <Link
                  className={LINK}
                  href={`/admin/campaigns/${campaignId}/organisations/${row.organisationId}`}
                >
                  {row.name}
                </Link>
                <div className="text-slate-600">{row.code}</div>
              </td>
              <td className={CELL}>
                <LeadChoices row={row} selectable={props.selectable} />
              </td>
              <td className={CELL}>{invitationSummary(row)}</td>
              <td className={CELL}>{problemSummary(row)}</td>
              <td className={CELL}>{row.users}</td>
              <td className={CELL}>
                {row.responded} (
                {Math.floor((100 * row.responded) / Math.max(row.users, 1))}%)
              </td>
              <td className={CELL}>{row.worksHere}</td>
              <td className={CELL}>{row.left}</td>
              <td className={CELL}>{row.unknown}</td>
              <td className={`${CELL} whitespace-nowrap`}>
                {row.lastActivity ? formatLondon(row.lastActivity) : "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager {...props} />
    </div>
  );
}

function Pager(props: {
  campaignId: number;
  query: OrganisationTableQuery;
  total: number;
}) {
  const pages = Math.max(1, Math.ceil(props.total / ORGANISATIONS_PER_PAGE));
  if (pages === 1) return null;
  const { page } = props.query;
  return (
    <nav aria-label="Organisation pages" className="mt-3 flex gap-4">
      {page > 1 ? (
        <Link
          className={LINK}
          href={href(props.campaignId, props.query, { page: page - 1 })}
        >
          Previous page
        </Link>
      ) : null}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <Link
          className={LINK}
          href={href(props.campaignId, props.query, { page: page + 1 })}
        >
          Next page
        </Link>
      ) : null}
    </nav>
  );
}

function LeadChoices({
  row,
  selectable,
}: {
  row: OrganisationRow;
  selectable?: boolean;
}) {
  if (row.leadList.length === 0) return <>None</>;
  if (!selectable) return <>{row.leadNames}</>;
  return (
    <ul>
      {row.leadList.map((lead) => (
        <li key={lead.id}>
          <label className="flex items-center gap-2">
            <input type="checkbox" name="leadIds" value={lead.id} />
            {lead.name}
          </label>
        </li>
      ))}
    </ul>
  );
}
