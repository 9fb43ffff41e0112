import { campaignCsvResponse } from "@/lib/campaigns/export-route";
import { ITEM_EXPORT_HEADER, itemExportRows } from "@/lib/campaigns/exports";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return campaignCsvResponse(id, "items", ITEM_EXPORT_HEADER, itemExportRows);
}
