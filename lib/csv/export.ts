import { stringify } from "csv-stringify/sync";

/** What a cell may hold; dates are written as ISO 8601 in UTC. */
export type CsvCell = string | number | bigint | boolean | Date | null | undefined;

/** Excel needs the byte-order mark to read UTF-8 (so "Siân" stays "Siân"). */
const BOM = "\uFEFF";
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
 * A CSV file as a web stream for a route handler: BOM, header, then one page
 * of rows per read, fetched only when the consumer asks for it. Each page is
 * written out whole and dropped, so memory stays flat however many pages
 * there are (see `keysetPages`).
 */
export function csvStream(
  header: string[],
  pages: AsyncIterable<CsvCell[][]>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = pages[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(BOM + stringify([header.map(cellText)])));
        return;
      }
      const next = await iterator.next();
      if (next.done) {
        controller.close();
        return;
      }
      const page = next.value;
      if (page.length > 0) {
        controller.enqueue(
          encoder.encode(stringify(page.map((row) => row.map(cellText)))),
        );
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/**
 * Pages of rows, each fetched after the last key of the one before (keyset
 * pagination): each page is one indexed query, and only one is held at a time.
 */
export async function* keysetPages<Row, Key>(
  fetchPage: (after: Key | null) => Promise<Row[]>,
  keyOf: (row: Row) => Key,
): AsyncGenerator<Row[]> {
  let after: Key | null = null;
  for (;;) {
    const page = await fetchPage(after);
    if (page.length === 0) return;
    yield page;
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
