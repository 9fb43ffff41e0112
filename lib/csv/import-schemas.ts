import { z } from "zod";
import { normaliseEmail } from "@/lib/users/email";

export const IMPORT_KINDS = ["organisations", "users", "leads"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The columns each kind of file must have, in the order a template shows them. */
export const IMPORT_COLUMNS: Record<ImportKind, readonly string[]> = {
  organisations: ["code", "name", "subscriber"],
  users: [
    "email",
    "full_name",
    "organisation_code",
    "role",
    "access_level",
    "last_sign_in_at",
  ],
  leads: ["organisation_code", "full_name", "email"],
};

/** Larger files go through `npm run import`; see next.config.mjs for the body limit. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** The admin page's upload form, checked in the browser and again on the server. */
export const importFileInput = z.object({
  kind: z.enum(IMPORT_KINDS, "Choose what the file holds."),
  // A form sent with no file chosen carries an empty, nameless file.
  file: z.preprocess(
    (value) =>
      value instanceof File && value.size === 0 && !value.name ? undefined : value,
    z
      .file("Choose a CSV file.")
      .min(1, "That file is empty. Choose a CSV file with a header line and rows.")
      .max(
        MAX_UPLOAD_BYTES,
        "That file is larger than 10 MB. Split it, or import it with `npm run import` on the server.",
      ),
  ),
  mode: z.enum(["check", "import"]).default("check"),
});
export type ImportFileInput = z.input<typeof importFileInput>;

/**
 * One zod schema per kind of row, keyed by the CSV's column names. Fields are
 * trimmed; blanks become null where a column is optional.
 */

const code = z
  .string()
  .trim()
  .toUpperCase()
  .min(1, "Enter the organisation code.")
  .max(20, "An organisation code is at most 20 characters.")
  .regex(/^[A-Z0-9]+$/, "An organisation code has only letters and digits, e.g. R0A.");

const optionalCode = z
  .string()
  .trim()
  .transform((value) => value || null)
  .pipe(code.nullable());

const fullName = z
  .string()
  .trim()
  .min(1, "Enter the person's full name.")
  .max(200, "A name is at most 200 characters.");

const email = z
  .string()
  .transform(normaliseEmail)
  .pipe(
    z
      .string()
      .min(1, "Enter an email address.")
      .max(254, "An email address is at most 254 characters.")
      .pipe(z.email("Enter a valid email address, like name@nhs.net.")),
  );

const yesNo = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => value in YES_NO, 'Write "yes" or "no".')
  .transform((value) => YES_NO[value]);

const YES_NO: Record<string, boolean> = {
  yes: true,
  y: true,
  true: true,
  "1": true,
  no: false,
  n: false,
  false: false,
  "0": false,
};

const accessLevel = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value) => value.replace(/[\s-]+/g, "_"))
  .pipe(
    z.enum(["subscriber", "non_subscriber"], 'Write "subscriber" or "non_subscriber".'),
  );

const role = z
  .string()
  .trim()
  .max(100, "A role is at most 100 characters.")
  .transform((value) => value.replace(/\s+/g, " ") || null);

const lastSignInAt = z
  .string()
  .trim()
  .transform((value, ctx) => {
    if (!value) return null;
    const instant = parseInstant(value);
    if (!instant) {
      ctx.addIssue({
        code: "custom",
        message: "Write the date as YYYY-MM-DD (optionally with a time) or DD/MM/YYYY.",
      });
      return z.NEVER;
    }
    return instant.toISOString();
  });

export const organisationRowInput = z.object({
  code,
  name: z
    .string()
    .trim()
    .min(1, "Enter the organisation's name.")
    .max(200, "A name is at most 200 characters."),
  subscriber: yesNo,
});

export const userRowInput = z.object({
  email,
  full_name: fullName,
  organisation_code: optionalCode,
  role,
  access_level: accessLevel,
  last_sign_in_at: lastSignInAt,
});

export const leadRowInput = z.object({
  organisation_code: code,
  full_name: fullName,
  email,
});

export type OrganisationRow = z.output<typeof organisationRowInput>;
export type UserRow = z.output<typeof userRowInput>;
export type LeadRow = z.output<typeof leadRowInput>;

const isoInstant =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const ukDate = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Reads the date formats spreadsheets produce. A time without a zone is read
 * as UTC: for a last sign-in, an hour either way does not matter.
 */
export function parseInstant(value: string): Date | null {
  const iso = isoInstant.exec(value);
  if (iso) {
    const [, y, mo, d, h = "00", mi = "00", s = "00", zone = "Z"] = iso;
    return checkedDate(y, mo, d, h, mi, s, zone);
  }
  const uk = ukDate.exec(value);
  if (uk) {
    const [, d, mo, y, h = "00", mi = "00", s = "00"] = uk;
    return checkedDate(
      y,
      mo.padStart(2, "0"),
      d.padStart(2, "0"),
      h.padStart(2, "0"),
      mi,
      s,
      "Z",
    );
  }
  return null;
}

function checkedDate(...[y, mo, d, h, mi, s, zone]: string[]): Date | null {
  const offset = zone === "Z" ? "Z" : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  if (Number.isNaN(date.getTime())) return null;
  // Rejects 31/02 and the like, which Date would roll into March.
  const calendar = new Date(`${y}-${mo}-${d}T00:00:00Z`);
  if (Number.isNaN(calendar.getTime())) return null;
  return calendar.toISOString().startsWith(`${y}-${mo}-${d}`) ? date : null;
}
