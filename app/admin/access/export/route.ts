import { ACCESS_CHANGES_CSV_HEADER, accessChangeRows } from "@/lib/access/queries";
import { getAdmin } from "@/lib/auth/admin";
import { csvHeaders, csvStream } from "@/lib/csv/export";

export const dynamic = "force-dynamic";

/** Every access change as CSV, streamed page by page; admins only. */
export async function GET(): Promise<Response> {
  const admin = await getAdmin();
  if (!admin) {
    return new Response("Please sign in as an admin to download this file.", {
      status: 401,
    });
  }
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csvStream(ACCESS_CHANGES_CSV_HEADER, accessChangeRows()), {
    headers: csvHeaders(`access-changes-${day}.csv`),
  });
}
