import { z } from "zod";
import { RESPONSES } from "./labels";

/**
 * The zod schemas of the review page, shared by its forms and its server
 * actions. Form posts arrive as strings, so numbers are coerced.
 */

export { RESPONSE_LABELS, RESPONSES } from "./labels";

/** A review token as issued: base64url, 256 bits. Anything else is not looked up. */
export const reviewToken = z
  .string()
  .min(20)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/);

/**
 * Typed text without control characters (PostgreSQL refuses NUL in text, so
 * one would fail the query) or the invisible marks that reverse how a name
 * reads in the history and the exports.
 */
export function withoutControls(text: string): string {
  return text.replace(/\p{Cc}/gu, " ").replace(/[\u202A-\u202E\u2066-\u2069]/g, "");
}

/** A line of typed text: controls removed, trimmed, at most `max` characters. */
const plainText = (max: number, tooLong?: string) =>
  z.string().transform(withoutControls).pipe(z.string().trim().max(max, tooLong));

const id = z.coerce.number().int().positive();
const version = z.coerce.number().int().min(0);
/** An empty form field means "not given". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (value) => (value === "" || value == null ? undefined : value),
    schema.optional(),
  );

export const responderNameInput = z.object({
  token: reviewToken,
  name: plainText(80, "Please keep your name under 80 characters.").pipe(
    z.string().min(2, "Please enter your name, so colleagues can see who answered."),
  ),
});

export const saveResponseInput = z.object({
  token: reviewToken,
  itemId: id,
  version,
  userVersion: version,
  response: z.enum(RESPONSES, { error: "Please choose a response." }),
  organisationId: optional(id),
  /** Typed employer name: used when no organisation was picked (no JavaScript). */
  organisationName: optional(plainText(200)),
  roleId: optional(id),
});
export type SaveResponseInput = z.output<typeof saveResponseInput>;

export const SORTS = ["name", "signin"] as const;
export const PAGE_SIZES = [25, 50, 100, 200] as const;

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** The list's view (search, filters, sort, page): read leniently from the URL. */
export const reviewListQuery = z.object({
  q: z.preprocess(first, plainText(100).catch("")).default(""),
  response: z
    .preprocess(first, z.enum(["all", "none", ...RESPONSES]).catch("all"))
    .default("all"),
  changed: z.preprocess(first, z.enum(["any", "yes"]).catch("any")).default("any"),
  hint: z
    .preprocess(first, z.enum(["any", "stale", "domain"]).catch("any"))
    .default("any"),
  sort: z.preprocess(first, z.enum(SORTS).catch("name")).default("name"),
  page: z
    .preprocess(first, z.coerce.number().int().min(1).max(1_000_000).catch(1))
    .default(1),
  size: z
    .preprocess(
      first,
      z.coerce
        .number()
        .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
        .catch(50),
    )
    .default(50),
});
export type ReviewListQuery = z.output<typeof reviewListQuery>;
export type ReviewFilter = Pick<ReviewListQuery, "q" | "response" | "changed" | "hint">;

export const bulkResponseInput = z.object({
  token: reviewToken,
  response: z.enum(RESPONSES, { error: "Please choose the response to give." }),
  /** selected: the ticked rows; filter: every row matching the filter, on every page. */
  target: z.enum(["selected", "filter"]).default("selected"),
  itemIds: z.preprocess(
    (value) =>
      value == null || value === "" ? [] : Array.isArray(value) ? value : [value],
    z.array(id).max(1000, "Please choose at most 1,000 rows at once."),
  ),
  q: reviewListQuery.shape.q,
  filterResponse: reviewListQuery.shape.response,
  changed: reviewListQuery.shape.changed,
  hint: reviewListQuery.shape.hint,
  /** Absent: count what would change and ask. "yes": make the change. */
  confirmed: optional(z.literal("yes")),
});
export type BulkResponseInput = z.output<typeof bulkResponseInput>;

export const organisationSearchInput = z.object({
  q: plainText(100).pipe(z.string().min(2)),
});
