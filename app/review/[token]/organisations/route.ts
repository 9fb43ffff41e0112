import { NextResponse } from "next/server";
import { resolveReviewToken } from "@/lib/review/access";
import { searchOrganisations } from "@/lib/review/queries";
import { organisationSearchInput } from "@/lib/review/schemas";

const HEADERS = {
  "Cache-Control": "no-store",
  "X-Robots-Tag": "noindex",
  "Referrer-Policy": "no-referrer",
};

/**
 * GET /review/<token>/organisations?q=leeds: a short list of organisations
 * for the employer box. Only for a working link; reads only.
 */
export async function GET(request: Request, ctx: { params: Promise<{ token: string }> }) {
  const { token } = await ctx.params;
  if (!(await resolveReviewToken(token))) {
    return NextResponse.json({ error: "Not found" }, { status: 404, headers: HEADERS });
  }
  const parsed = organisationSearchInput.safeParse({
    q: new URL(request.url).searchParams.get("q") ?? "",
  });
  const results = parsed.success ? await searchOrganisations(parsed.data.q, 10) : [];
  return NextResponse.json({ results }, { headers: HEADERS });
}
