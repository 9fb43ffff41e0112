import Link from "next/link";
import { awaitingConfirmation } from "@/lib/access/queries";

/**
 * One line on every admin page while a braked access run waits, so a stop
 * by the scheduler is seen wherever an admin happens to be.
 */
export async function BrakeBanner() {
  const waiting = await awaitingConfirmation();
  if (!waiting) return null;
  const names = waiting.braked.map((hit) => hit.campaignName).join(", ");
  return (
    <p className="border-l-4 border-amber-600 bg-amber-50 px-3 py-2 font-semibold">
      Access changes are stopped at the safety brake until an admin confirms ({names}).{" "}
      <Link href={`/admin/access/runs/${waiting.runId}`} className="underline">
        Check run {waiting.runId}
      </Link>
    </p>
  );
}
