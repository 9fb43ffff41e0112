/**
 * The export alone, in a process of its own: `bench/export.ts` bundles this
 * file and runs it with plain Node (as a built server runs the route), so the
 * peak memory reported is the export's and not the seeding's or tsx's.
 * Reads DATABASE_URL and the campaign id from argv; prints one JSON line.
 */
import { ITEM_EXPORT_HEADER, itemExportRows } from "@/lib/campaigns/exports";
import { csvStream } from "@/lib/csv/export";
import { getConnection } from "@/lib/db/client";

const campaignId = Number(process.argv[2]);
const rssAtStart = process.memoryUsage().rss;
const started = performance.now();
const reader = csvStream(ITEM_EXPORT_HEADER, itemExportRows(campaignId)).getReader();
let bytes = 0;
let lines = 0;
let peakHeap = 0;
/** RSS after every 100,000 rows: shows whether memory climbs with the size. */
const rssSamples: number[] = [];
for (;;) {
  const { done, value } = await reader.read();
  if (done) break;
  bytes += value.byteLength;
  for (const byte of value) if (byte === 10) lines++;
  const { rss, heapUsed } = process.memoryUsage();
  peakHeap = Math.max(peakHeap, heapUsed);
  if (lines >= (rssSamples.length + 1) * 100_000) rssSamples.push(rss);
}
const seconds = (performance.now() - started) / 1000;
await getConnection().close();
process.stdout.write(
  `${JSON.stringify({
    rows: lines - 1,
    bytes,
    seconds,
    rssAtStart,
    peakRss: process.resourceUsage().maxRSS * 1024,
    peakHeap,
    rssSamples,
  })}\n`,
);
