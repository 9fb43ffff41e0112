"use client";

import { useReview } from "./review-context";

/** N of M answered, as words and as a bar; kept right as rows are saved. */
export function ReviewProgress() {
  const { progress, readOnly } = useReview();
  const percent = progress.total
    ? Math.round((progress.responded / progress.total) * 100)
    : 0;
  const done = progress.total > 0 && progress.responded === progress.total;

  return (
    <section
      aria-labelledby="progress-heading"
      className="rounded border border-slate-300 bg-white p-4"
    >
      <h2 id="progress-heading" className="text-lg font-semibold">
        Progress
      </h2>
      <p className="mt-1" aria-live="polite">
        <strong>
          {progress.responded.toLocaleString("en-GB")} of{" "}
          {progress.total.toLocaleString("en-GB")}
        </strong>{" "}
        people have a response ({percent}%).
      </p>
      <div
        role="progressbar"
        aria-label="People with a response"
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={progress.responded}
        aria-valuetext={`${progress.responded} of ${progress.total}`}
        className="mt-2 h-3 w-full overflow-hidden rounded-full border border-slate-400 bg-slate-100"
      >
        <div className="h-full bg-brand-600" style={{ width: `${percent}%` }} />
      </div>
      <p className="mt-2 text-sm text-slate-700">
        Works here: {progress.worksHere.toLocaleString("en-GB")} · No longer works here:{" "}
        {progress.left.toLocaleString("en-GB")} · Don't know:{" "}
        {progress.unknown.toLocaleString("en-GB")}
      </p>
      {done ? (
        <p className="mt-3 rounded border-l-4 border-green-700 bg-green-50 p-3 font-medium text-green-900">
          All done: everyone on your list has a response. Thank you.
          {readOnly ? "" : " You can still change an answer until the deadline."}
        </p>
      ) : null}
    </section>
  );
}
