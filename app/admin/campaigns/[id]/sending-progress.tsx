"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

interface Progress {
  total: number;
  sent: number;
  failed: number;
  waiting: number;
}

const POLL_MS = 2_000;

/** The latest numbers, or null when the server or the network let us down. */
async function fetchProgress(campaignId: number): Promise<Progress | null> {
  try {
    const response = await fetch(`/admin/campaigns/${campaignId}/progress`, {
      cache: "no-store",
    });
    return response.ok ? ((await response.json()) as Progress) : null;
  } catch {
    return null;
  }
}

/**
 * A progress bar for the campaign's outgoing mail. Polls a small route while
 * messages are waiting, through any failed poll, and refreshes the page's
 * numbers once they are done.
 */
export function SendingProgress({
  campaignId,
  initial,
}: {
  campaignId: number;
  initial: Progress;
}) {
  const router = useRouter();
  const [progress, setProgress] = useState(initial);
  useEffect(() => setProgress(initial), [initial]);
  const sending = progress.waiting > 0;

  useEffect(() => {
    if (!sending) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      const next = await fetchProgress(campaignId);
      if (stopped) return;
      if (next) setProgress(next);
      if (next?.waiting === 0) {
        router.refresh();
        return;
      }
      // After a failed or thrown fetch too: it is tried again on the next tick.
      timer = setTimeout(poll, POLL_MS);
    };
    timer = setTimeout(poll, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [campaignId, sending, router]);

  if (progress.total === 0) return null;
  const done = progress.sent + progress.failed;
  return (
    <section aria-labelledby="sending-heading" className="space-y-1">
      <h2 id="sending-heading" className="text-xl font-semibold">
        Sending
      </h2>
      <progress
        className="h-4 w-full max-w-xl"
        max={progress.total}
        value={done}
        aria-describedby="sending-status"
      />
      <p id="sending-status" role="status" aria-live="polite">
        {progress.waiting > 0
          ? `Sending: ${done.toLocaleString("en-GB")} of ${progress.total.toLocaleString("en-GB")} emails handled.`
          : `All ${progress.total.toLocaleString("en-GB")} emails handled.`}{" "}
        {progress.failed > 0
          ? `${progress.failed.toLocaleString("en-GB")} could not be sent.`
          : ""}
      </p>
    </section>
  );
}
