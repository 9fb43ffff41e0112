"use client";

/**
 * An unexpected failure on the review page, including a save sent from a
 * page older than the running version. Unsaved answers stay in the browser.
 */
export default function ReviewError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p>
        The page may have been updated since you opened it. Please reload it: answers you
        have not saved yet are kept on this device.
      </p>
      <button
        type="button"
        onClick={() => window.location.reload()}
        className="rounded bg-brand-700 px-4 py-2 font-semibold text-white"
      >
        Reload the page
      </button>{" "}
      <button
        type="button"
        onClick={reset}
        className="rounded border border-slate-500 px-4 py-2"
      >
        Try again
      </button>
    </div>
  );
}
