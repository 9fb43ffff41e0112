import { NextResponse } from "next/server";
import { sendDueReminders } from "@/lib/campaigns/reminders";
import { refuseUnlessCron } from "@/lib/cron/auth";
import { childLogger } from "@/lib/log";

export const dynamic = "force-dynamic";

/**
 * Sends each open campaign's due reminder step to leads whose organisation
 * still has unanswered users; a step is never sent twice to a lead.
 * GET for Vercel Cron, POST for everything else.
 */
async function run(request: Request): Promise<Response> {
  const refused = refuseUnlessCron(request);
  if (refused) return refused;
  const log = childLogger({ job: "reminders" });
  try {
    const campaigns = await sendDueReminders();
    const queued = campaigns.reduce((sum, campaign) => sum + campaign.queued, 0);
    log.info({ queued }, "reminder run finished");
    return NextResponse.json({ queued, campaigns });
  } catch (error) {
    log.error({ err: error }, "reminder run failed");
    return NextResponse.json(
      { error: "The reminder run failed; see the logs." },
      { status: 500 },
    );
  }
}

export const GET = run;
export const POST = run;
