import { NextResponse } from "next/server";
import { z } from "zod";
import { getAdmin } from "@/lib/auth/admin";
import { sendingProgress } from "@/lib/campaigns/detail";

export const dynamic = "force-dynamic";

const idParam = z.coerce.number().int().positive();

/** Sending progress for the campaign page's bar: polled while mail is waiting. */
export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  if (!(await getAdmin())) {
    return NextResponse.json({ error: "Please sign in again." }, { status: 401 });
  }
  const id = idParam.safeParse((await ctx.params).id);
  if (!id.success)
    return NextResponse.json({ error: "No such campaign." }, { status: 404 });
  return NextResponse.json(await sendingProgress(id.data), {
    headers: { "Cache-Control": "no-store" },
  });
}
