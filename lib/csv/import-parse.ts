import { CsvError, parse } from "csv-parse/sync";

/** One problem with a file, at a row number as a spreadsheet shows it (header = 1). */
export interface ImportProblem {
  line: number;
  column?: string;
  message: string;
}

/** A data row keyed by lower-case header name, with its spreadsheet row number. */
export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

export type ParsedCsv =
  | { ok: true; rows: CsvRow[]; ignoredColumns: string[] }
  | { ok: false; problems: ImportProblem[] };

/**
 * Spreadsheets save CSV as UTF-8 (with or without a BOM) or, from older Excel
 * on Windows, as Windows-1252; accented names must survive either.
 */
export function decodeCsv(input: string | Uint8Array): string {
  if (typeof input === "string") return input;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(input);
  } catch {
    return new TextDecoder("windows-1252").decode(input);
  }
}

/**
 * Parses CSV text into rows keyed by header. Blank lines are skipped but still
 * counted, so row numbers match what the admin sees in a spreadsheet even when
 * a quoted field spans several lines.
 */
export function parseCsv(text: string, required: readonly string[]): ParsedCsv {
  // PostgreSQL cannot store NUL in text: say where it is rather than fail later.
  const nul = text.indexOf("\0");
  if (nul >= 0) {
    return {
      ok: false,
      problems: [{ line: text.slice(0, nul).split("\n").length, message: NUL_IN_FILE }],
    };
  }
  const records = readRecords(text);
  if (!records.ok) return records;

  const [header, ...body] = records.rows;
  if (!header || isBlank(header)) {
    return fileProblem(
      `The file is empty. Its first line must be: ${required.join(",")}`,
    );
  }
  const names = header.map((name) => name.trim().toLowerCase());
  const missing = required.filter((name) => !names.includes(name));
  if (missing.length > 0) {
    return fileProblem(
      `The first line must name the columns ${required.join(",")}; missing: ${missing.join(", ")}.`,
    );
  }

  const rows: CsvRow[] = [];
  const columns = required.map((name) => [name, names.indexOf(name)] as const);
  body.forEach((record, index) => {
    if (isBlank(record)) return;
    rows.push({ line: index + 2, values: valuesOf(columns, record) });
  });
  return { ok: true, rows, ignoredColumns: ignored(names, required) };
}

const NUL_IN_FILE =
  'This line holds a NUL character, which is not text. Save the file again as "CSV UTF-8" and choose it again.';

/** Names the page lists as not used; a header of a million columns lists a few. */
const SHOWN_IGNORED = 20;

function ignored(names: string[], required: readonly string[]): string[] {
  const extra = names.filter((name) => name && !required.includes(name));
  if (extra.length <= SHOWN_IGNORED) return extra;
  const more = (extra.length - SHOWN_IGNORED).toLocaleString("en-GB");
  return [...extra.slice(0, SHOWN_IGNORED), `and ${more} more`];
}

function readRecords(
  text: string,
): { ok: true; rows: string[][] } | { ok: false; problems: ImportProblem[] } {
  try {
    const rows = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
    }) as string[][];
    return { ok: true, rows };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = Number((error as CsvError & { lines?: number }).lines) || 1;
    return {
      ok: false,
      problems: [
        { line, message: `The file is not valid CSV here: ${csvReason(error)}` },
      ],
    };
  }
}

function csvReason(error: CsvError): string {
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "a quoted value is never closed.";
    case "INVALID_OPENING_QUOTE":
    case "CSV_INVALID_CLOSING_QUOTE":
      return 'a value has a stray quote mark (write a quote inside a quoted value as "").';
    default:
      return "the file could not be read as comma-separated values.";
  }
}

/**
 * Only the required columns, each from its first occurrence: extra columns
 * cost nothing per row, however many the file has.
 */
function valuesOf(
  columns: ReadonlyArray<readonly [string, number]>,
  record: string[],
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, index] of columns) values[name] = record[index] ?? "";
  return values;
}

function isBlank(record: string[]): boolean {
  return record.every((field) => field.trim() === "");
}

function fileProblem(message: string): ParsedCsv {
  return { ok: false, problems: [{ line: 1, message }] };
}
