/**
 * Deadlines are chosen as a date and mean 23:59:59 Europe/London on that day,
 * whatever zone the server runs in.
 */
const LONDON = "Europe/London";

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: string): boolean {
  if (!isoDate.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
}

/** Offset of Europe/London from UTC at an instant, in minutes (0 or 60). */
function londonOffsetMinutes(instant: Date): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: LONDON,
    timeZoneName: "longOffset",
  }).formatToParts(instant);
  const name = parts.find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

/** The instant that is 23:59:59 in London on the given YYYY-MM-DD date. */
export function deadlineFromDate(date: string): Date {
  if (!isIsoDate(date)) throw new RangeError(`Not a date: ${date}`);
  const asUtc = new Date(`${date}T23:59:59Z`);
  // The offset at the guess is right except within an hour of a change, and
  // clocks never change near midnight in the UK.
  return new Date(asUtc.getTime() - londonOffsetMinutes(asUtc) * 60_000);
}

/** Today's date in London, as YYYY-MM-DD. */
export function londonToday(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: LONDON }).format(now);
}

export function isPastDeadline(deadlineAt: Date, now = new Date()): boolean {
  return now.getTime() > deadlineAt.getTime();
}

/** "23:59 on Friday 5 March 2027 (UK time)". */
export function formatDeadline(deadlineAt: Date): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: LONDON,
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
  }).formatToParts(deadlineAt);
  const part = (type: string) => parts.find((p) => p.type === type)?.value;
  const day = `${part("weekday")} ${part("day")} ${part("month")} ${part("year")}`;
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone: LONDON,
    hour: "2-digit",
    minute: "2-digit",
  }).format(deadlineAt);
  return `${time} on ${day} (UK time)`;
}

/** A timestamp in London time, for tables: "3 Dec 2026, 16:41". */
export function formatLondon(instant: Date): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: LONDON,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(instant);
}

/** Whole days from now until the deadline's London date (0 on the day). */
export function daysUntilDeadline(deadlineDate: string, now = new Date()): number {
  const today = Date.parse(`${londonToday(now)}T00:00:00Z`);
  const due = Date.parse(`${deadlineDate}T00:00:00Z`);
  return Math.round((due - today) / 86_400_000);
}
