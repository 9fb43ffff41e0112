import { stringify } from "csv-stringify/sync";

/** What a cell may hold; dates are written as ISO 8601 in UTC. */
export type CsvCell = string | number | bigint | boolean | Date | null | undefined;

/** Excel needs the byte-order mark to read UTF-8 (so "Siân" stays "Siân"). */
const BOM = "\uFEFF";
/** Rows stringified and handed to the stream at a time. */
const ROWS_PER_WRITE = 500;
/** Text that a spreadsheet would take as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Makes a text cell open as text, never as a formula: a leading = + - @ tab or
 * carriage return gets a single quote in front (the OWASP advice).
 */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function cellText(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string") return neutraliseCell(value);
  return String(value);
}

/**
 * A CSV file as a web stream for a route handler: BOM, header, then the rows
 * as the consumer reads them, so memory stays flat however many rows there
 * are (the iterable should fetch its rows in pages, see `keysetPages`).
 */
export function csvStream(
  header: string[],
  rows: AsyncIterable<CsvCell[]>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = rows[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(BOM + stringify([header.map(cellText)])));
        return;
      }
      const batch: string[][] = [];
      while (batch.length < ROWS_PER_WRITE) {
        const next = await iterator.next();
        if (next.done) break;
        batch.push(next.value.map(cellText));
      }
      if (batch.length > 0) controller.enqueue(encoder.encode(stringify(batch)));
      if (batch.length < ROWS_PER_WRITE) controller.close();
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/**
 * Rows fetched page by page after the last key seen (keyset pagination): each
 * page is one indexed query, and only one page is held in memory at a time.
 */
export async function* keysetPages<Row, Key>(
  fetchPage: (after: Key | null) => Promise<Row[]>,
  keyOf: (row: Row) => Key,
): AsyncGenerator<Row> {
  let after: Key | null = null;
  for (;;) {
    const page = await fetchPage(after);
    if (page.length === 0) return;
    yield* page;
    after = keyOf(page[page.length - 1]);
  }
}

/** The headers of a CSV download. */
export function csvHeaders(filename: string): HeadersInit {
  return {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  };
}
