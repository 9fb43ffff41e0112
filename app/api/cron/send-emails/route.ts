import { NextResponse } from "next/server";
import { refuseUnlessCron } from "@/lib/cron/auth";
import { childLogger } from "@/lib/log";
import { outboxBacklog } from "@/lib/mail/backlog";
import { drainOutbox } from "@/lib/mail/worker";

export const dynamic = "force-dynamic";
export const maxDuration = 60;

/** Leaves headroom under the platform's 60 s limit for the last batch and the answer. */
const BUDGET_MS = 50_000;

/**
 * Drains the email outbox for up to 50 seconds and answers with what it did
 * and what is left. GET for Vercel Cron, POST for everything else.
 */
async function handle(request: Request): Promise<Response> {
  const refused = refuseUnlessCron(request);
  if (refused) return refused;

  const log = childLogger({ job: "send-emails", trigger: "cron" });
  try {
    const result = await drainOutbox({
      limit: Number.MAX_SAFE_INTEGER,
      deadline: Date.now() + BUDGET_MS,
      log,
    });
    const backlog = await outboxBacklog();
    return NextResponse.json({ ...result, ...backlog });
  } catch (error) {
    log.error({ err: error }, "send-emails failed");
    return NextResponse.json(
      {
        error:
          "Sending failed part-way; unsent messages stay in the outbox for the next run.",
      },
      { status: 500 },
    );
  }
}

export const GET = handle;
export const POST = handle;
