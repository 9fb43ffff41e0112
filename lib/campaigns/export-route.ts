import { z } from "zod";
import { getAdmin } from "@/lib/auth/admin";
import { type CsvCell, csvHeaders, csvStream } from "@/lib/csv/export";
import { childLogger } from "@/lib/log";
import { loadCampaign } from "./queries";

const idParam = z.coerce.number().int().positive();

/**
 * The body of a campaign CSV route: checks the admin session and the campaign
 * in the handler itself, then streams. Reading never writes.
 */
export async function campaignCsvResponse(
  rawId: string,
  kind: string,
  header: string[],
  pages: (campaignId: number) => AsyncIterable<CsvCell[][]>,
): Promise<Response> {
  const admin = await getAdmin();
  if (!admin) {
    return new Response("Please sign in to download exports.", { status: 401 });
  }
  const id = idParam.safeParse(rawId);
  const campaign = id.success ? await loadCampaign(id.data) : null;
  if (!campaign) return new Response("No such campaign.", { status: 404 });

  childLogger({ job: "export", kind, campaignId: campaign.id }).info(
    { admin: admin.email },
    "export started",
  );
  return new Response(csvStream(header, pages(campaign.id)), {
    headers: csvHeaders(`campaign-${campaign.id}-${kind}.csv`),
  });
}
