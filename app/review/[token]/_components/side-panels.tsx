import Link from "next/link";
import { formatDeadline, formatLondon } from "@/lib/deadline";
import { RESPONSE_LABELS, type Response } from "@/lib/review/labels";
import type { HistoryEntry } from "@/lib/review/queries";
import type { ReviewListQuery } from "@/lib/review/schemas";
import { viewHref } from "./list-controls";

/** Suggestions, shown as hints: nothing changes unless the lead answers. */
export function Suggestions(props: {
  token: string;
  query: ReviewListQuery;
  counts: { stale: number; domain: number };
  staleMonths: number;
  majorityDomain: string | null;
}) {
  const { token, query, counts } = props;
  if (counts.stale === 0 && counts.domain === 0) return null;
  const show = (hint: "stale" | "domain") =>
    viewHref(token, query, { hint, response: "none", page: 1, q: "", changed: "any" });
  return (
    <section
      aria-labelledby="suggestions-heading"
      className="rounded border border-amber-700 bg-amber-50 p-4"
    >
      <h2 id="suggestions-heading" className="text-lg font-semibold">
        Suggestions
      </h2>
      <p className="mt-1 text-sm">
        These may help you find people who have left. They are only suggestions: nothing
        changes unless you answer. To accept one, show those people, choose “All people
        matching”, pick a response and confirm.
      </p>
      <ul className="mt-2 list-disc space-y-1 pl-6">
        {counts.stale > 0 ? (
          <li>
            {peopleNotYetAnswered(counts.stale)} not signed in for {props.staleMonths}{" "}
            months or more.{" "}
            <Link href={show("stale")} className="text-brand-700 underline">
              Show them
            </Link>
          </li>
        ) : null}
        {counts.domain > 0 && props.majorityDomain ? (
          <li>
            {peopleNotYetAnswered(counts.domain)} an email address not ending in @
            {props.majorityDomain}, which most of your colleagues use.{" "}
            <Link href={show("domain")} className="text-brand-700 underline">
              Show them
            </Link>
          </li>
        ) : null}
      </ul>
    </section>
  );
}

function describe(entry: HistoryEntry): string {
  const data = (entry.data ?? {}) as {
    userName?: string;
    after?: { response?: Response | null };
    bulk?: boolean;
  };
  const who = data.userName ?? "someone";
  if (entry.action === "user.profile_corrected")
    return `corrected the employer or role of ${who}`;
  const response = data.after?.response;
  const answer = response ? `“${RESPONSE_LABELS[response]}”` : "no response";
  return `answered ${answer} for ${who}${data.bulk ? " (several at once)" : ""}`;
}

export function HistoryPanel({ entries }: { entries: HistoryEntry[] }) {
  return (
    <section
      aria-labelledby="history-heading"
      className="rounded border border-slate-300 bg-white p-4"
    >
      <h2 id="history-heading" className="text-lg font-semibold">
        Recent answers
      </h2>
      {entries.length === 0 ? (
        <p className="mt-1 text-sm">No answers yet.</p>
      ) : (
        <ol className="mt-2 space-y-1 text-sm">
          {entries.map((entry) => (
            <li key={entry.id}>
              <time dateTime={new Date(entry.at).toISOString()}>
                {formatLondon(new Date(entry.at))}
              </time>
              : <strong>{entry.actorName ?? "A colleague"}</strong> {describe(entry)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function HelpSection({
  deadlineAt,
  supportEmail,
}: {
  deadlineAt: Date;
  supportEmail: string;
}) {
  return (
    <section
      aria-labelledby="help-heading"
      className="rounded border border-slate-300 bg-white p-4"
    >
      <h2 id="help-heading" className="text-lg font-semibold">
        Questions
      </h2>
      <dl className="mt-2 space-y-3">
        <div>
          <dt className="font-semibold">What do I need to do?</dt>
          <dd>
            For each person, check where they work and their role, correct them if needed,
            and say whether they still work for you. You can do it bit by bit: each answer
            is saved on its own.
          </dd>
        </div>
        <div>
          <dt className="font-semibold">When is the deadline?</dt>
          <dd>
            {formatDeadline(deadlineAt)}. You can change answers until then; afterwards
            the page shows them but they can no longer change.
          </dd>
        </div>
        <div>
          <dt className="font-semibold">Can I share this link?</dt>
          <dd>
            Yes, but only with colleagues you trust: anyone with the link can answer for
            your organisation, and you are responsible for who you share it with. Each
            person is asked for their name, which is recorded with their answers.
          </dd>
        </div>
        <div>
          <dt className="font-semibold">Why are we asking?</dt>
          <dd>
            Access to the service is paid for by your organisation for its own staff.
            Confirming who still works for you keeps that access fair and secure.
          </dd>
        </div>
        <div>
          <dt className="font-semibold">What happens to people marked as gone?</dt>
          <dd>
            People marked “No longer works here” or “I don't know this person” who use a
            recognised NHS email address lose subscriber access shortly after the review
            ends; our team looks at the others by hand. Nothing is deleted, and access is
            restored if the answer is changed back to “Works here”.
          </dd>
        </div>
        <div>
          <dt className="font-semibold">Anything else?</dt>
          <dd>
            Email{" "}
            <a href={`mailto:${supportEmail}`} className="text-brand-700 underline">
              {supportEmail}
            </a>
            .
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** "1 person not yet answered has" / "3 people not yet answered have". */
function peopleNotYetAnswered(count: number): string {
  const n = count.toLocaleString("en-GB");
  return count === 1
    ? `${n} person not yet answered has`
    : `${n} people not yet answered have`;
}
