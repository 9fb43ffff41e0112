import { campaignCsvResponse } from "@/lib/campaigns/export-route";
import { AUDIT_EXPORT_HEADER, auditExportRows } from "@/lib/campaigns/exports";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return campaignCsvResponse(id, "audit-log", AUDIT_EXPORT_HEADER, auditExportRows);
}
