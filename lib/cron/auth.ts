import { NextResponse } from "next/server";
import { secretsEqual } from "@/lib/tokens";

/**
 * Checks `Authorization: Bearer $CRON_SECRET` in constant time. Returns the
 * response to send when the caller is refused, or null when it may go on.
 */
export function refuseUnlessCron(request: Request): NextResponse | null {
  const secret = process.env.CRON_SECRET;
  if (!secret) {
    return NextResponse.json(
      { error: "Scheduled jobs are turned off: CRON_SECRET is not set." },
      { status: 503 },
    );
  }
  const header = request.headers.get("authorization") ?? "";
  const given = header.startsWith("Bearer ") ? header.slice("Bearer ".length) : "";
  if (!given || !secretsEqual(given, secret)) {
    return NextResponse.json(
      { error: "Missing or wrong bearer token." },
      { status: 401, headers: { "WWW-Authenticate": "Bearer" } },
    );
  }
  return null;
}
