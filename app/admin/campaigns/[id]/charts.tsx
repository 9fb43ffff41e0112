import type { CampaignTotals } from "@/lib/campaigns/queries";
import { CELL, HEAD } from "../ui";

const W = 640;
const H = 220;
const PAD = { left: 48, right: 16, top: 16, bottom: 32 };
const DAY = 86_400_000;

const dayNumber = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / DAY;
const isoOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

export interface DayTotal {
  day: string;
  responses: number;
  /** Answered so far, at the end of the day. */
  total: number;
}

/**
 * One entry per day from `fromDate` to `toDate` (both London dates, and on to
 * the last day with responses if later), days without responses included, so
 * the line stays flat while nobody answers.
 */
export function dailyTotals(
  days: { day: string; responses: number }[],
  fromDate: string,
  toDate: string,
): DayTotal[] {
  const byDay = new Map(days.map((d) => [d.day, d.responses]));
  const first = Math.min(dayNumber(fromDate), ...days.map((d) => dayNumber(d.day)));
  const last = Math.max(dayNumber(toDate), ...days.map((d) => dayNumber(d.day)));
  const result: DayTotal[] = [];
  let total = 0;
  for (let day = first; day <= last; day++) {
    const responses = byDay.get(isoOf(day)) ?? 0;
    total += responses;
    result.push({ day: isoOf(day), responses, total });
  }
  return result;
}

/**
 * Cumulative responses per day from opening until today (or the deadline, if
 * that came first), one point per day, against the total to reach and the
 * deadline. A table carries the same numbers.
 */
export function ResponsesOverTime(props: {
  days: { day: string; responses: number }[];
  openedDate: string;
  deadlineDate: string;
  /** Today's London date: the line ends here. */
  todayDate: string;
  users: number;
}) {
  const first = Math.min(
    dayNumber(props.openedDate),
    ...props.days.map((d) => dayNumber(d.day)),
  );
  const last = Math.max(
    dayNumber(props.deadlineDate),
    ...props.days.map((d) => dayNumber(d.day)),
  );
  const x = (day: number) =>
    PAD.left + ((day - first) / Math.max(last - first, 1)) * (W - PAD.left - PAD.right);
  const y = (count: number) =>
    H - PAD.bottom - (count / Math.max(props.users, 1)) * (H - PAD.top - PAD.bottom);
  // ISO dates sort as text: the earlier of today and the deadline.
  const [end] = [props.todayDate, props.deadlineDate].sort();
  const points = dailyTotals(props.days, props.openedDate, end).map((d) => ({
    ...d,
    cx: x(dayNumber(d.day)),
    cy: y(d.total),
  }));
  const running = points.at(-1)?.total ?? 0;
  const deadlineX = x(dayNumber(props.deadlineDate));

  return (
    <figure className="space-y-2">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="w-full max-w-2xl rounded border border-slate-300 bg-white"
        role="img"
        aria-labelledby="over-time-title over-time-desc"
      >
        <title id="over-time-title">Responses over time</title>
        <desc id="over-time-desc">
          {`${running} of ${props.users} users answered; deadline ${props.deadlineDate}.`}
        </desc>
        <line
          x1={PAD.left}
          x2={W - PAD.right}
          y1={y(props.users)}
          y2={y(props.users)}
          stroke="#94a3b8"
          strokeDasharray="4 4"
        />
        <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} stroke="#334155" />
        <line
          data-mark="deadline"
          x1={deadlineX}
          x2={deadlineX}
          y1={PAD.top}
          y2={H - PAD.bottom}
          stroke="#b91c1c"
          strokeDasharray="6 3"
        />
        <text
          x={deadlineX - 4}
          y={PAD.top + 12}
          textAnchor="end"
          fontSize="12"
          fill="#b91c1c"
        >
          Deadline
        </text>
        <text x={PAD.left - 6} y={y(props.users) + 4} textAnchor="end" fontSize="12">
          {props.users}
        </text>
        <text x={PAD.left - 6} y={y(0) + 4} textAnchor="end" fontSize="12">
          0
        </text>
        <text x={PAD.left} y={H - 8} fontSize="12">
          {isoOf(first)}
        </text>
        <text x={W - PAD.right} y={H - 8} textAnchor="end" fontSize="12">
          {isoOf(last)}
        </text>
        {points.length > 0 ? (
          <polyline
            points={points.map((p) => `${p.cx},${p.cy}`).join(" ")}
            fill="none"
            stroke="#005eb8"
            strokeWidth="3"
          />
        ) : null}
        {points.map((p) => (
          <circle key={p.day} data-day={p.day} cx={p.cx} cy={p.cy} r={3} fill="#005eb8" />
        ))}
      </svg>
      <figcaption className="text-sm text-slate-700">
        Blue: users answered so far. Grey dashes: all users. Red dashes: the deadline.
      </figcaption>
      <details>
        <summary className="cursor-pointer text-brand-700 underline">
          Show as a table
        </summary>
        <table className="mt-2 border-collapse bg-white text-sm">
          <caption className="sr-only">Responses per day (UK dates)</caption>
          <thead>
            <tr>
              <th scope="col" className={HEAD}>
                Day
              </th>
              <th scope="col" className={HEAD}>
                Responses that day
              </th>
              <th scope="col" className={HEAD}>
                Answered so far
              </th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.day}>
                <td className={CELL}>{p.day}</td>
                <td className={CELL}>{p.responses}</td>
                <td className={CELL}>{p.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

const MIX = [
  { key: "worksHere", label: "Works here", colour: "#007f3b" },
  { key: "left", label: "Left", colour: "#b91c1c" },
  { key: "unknown", label: "Don't know", colour: "#ffb81c" },
  { key: "unanswered", label: "No answer yet", colour: "#cbd5e1" },
] as const;

/** The share of each response as one stacked bar, with the numbers beside it. */
export function ResponseMix({ totals }: { totals: CampaignTotals }) {
  const values = { ...totals, unanswered: totals.users - totals.responded };
  const total = Math.max(totals.users, 1);
  let offset = 0;
  return (
    <figure className="space-y-2">
      <svg
        viewBox="0 0 640 32"
        className="w-full max-w-2xl"
        role="img"
        aria-labelledby="mix-title"
      >
        <title id="mix-title">
          {MIX.map((m) => `${m.label}: ${values[m.key]}`).join(", ")}
        </title>
        {MIX.map((m) => {
          const width = (values[m.key] / total) * 640;
          const rect = (
            <rect
              key={m.key}
              x={offset}
              y={0}
              width={width}
              height={32}
              fill={m.colour}
            />
          );
          offset += width;
          return rect;
        })}
      </svg>
      <figcaption>
        <ul className="flex flex-wrap gap-4 text-sm">
          {MIX.map((m) => (
            <li key={m.key} className="flex items-center gap-2">
              <span
                aria-hidden="true"
                className="inline-block h-3 w-3"
                style={{ background: m.colour }}
              />
              {m.label}: {values[m.key].toLocaleString("en-GB")} (
              {Math.round((100 * values[m.key]) / total)}%)
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
