import { NextResponse } from "next/server";
import { z } from "zod";
import { cronActor } from "@/lib/access/actor";
import { listPlan } from "@/lib/access/queries";
import { runAccess } from "@/lib/access/run";
import { refuseUnlessCron } from "@/lib/cron/auth";
import { logger } from "@/lib/log";

export const dynamic = "force-dynamic";
export const maxDuration = 60;

/** `?dryRun=`: absent is a real run; anything but these four words is refused. */
const queryInput = z
  .enum(["1", "true", "0", "false"])
  .nullable()
  .transform((value) => value === "1" || value === "true");

/** How many would-be changes a dry run lists in its answer. */
const PREVIEW_LIMIT = 1_000;

/**
 * Scheduled access run. `?dryRun=1` answers with who would change and why,
 * and changes nothing. GET for Vercel Cron, POST for everything else.
 */
async function handle(request: Request): Promise<Response> {
  const refused = refuseUnlessCron(request);
  if (refused) return refused;

  const query = queryInput.safeParse(new URL(request.url).searchParams.get("dryRun"));
  if (!query.success) {
    return NextResponse.json(
      { error: "dryRun must be 1 or true (a preview), or 0 or false (a real run)." },
      { status: 400 },
    );
  }
  const dryRun = query.data;
  try {
    const report = await runAccess({ actor: cronActor, dryRun });
    if (!dryRun) return NextResponse.json(report);
    const changes = await listPlan(report.runId, { limit: PREVIEW_LIMIT });
    const total = report.counts.wouldDowngrade + report.counts.wouldRestore;
    return NextResponse.json({ ...report, changes, truncated: total > changes.length });
  } catch (error) {
    logger.error({ err: error, job: "cron-downgrade" }, "access run failed");
    return NextResponse.json(
      { error: "The access run failed; nothing in the failed batch was applied." },
      { status: 500 },
    );
  }
}

export const GET = handle;
export const POST = handle;
