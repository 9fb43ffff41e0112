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

/**
 * A progress bar for the campaign's outgoing mail. Polls a small route while
 * messages are waiting, and refreshes the page's numbers once they are done.
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

  useEffect(() => {
    if (progress.waiting === 0) return;
    const timer = setTimeout(async () => {
      const response = await fetch(`/admin/campaigns/${campaignId}/progress`, {
        cache: "no-store",
      });
      if (!response.ok) return;
      const next = (await response.json()) as Progress;
      setProgress(next);
      if (next.waiting === 0) router.refresh();
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [campaignId, progress, router]);

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
