import type { z } from "zod";
import { logger } from "@/lib/log";
import { type ActionResult, fail } from "@/lib/result";

/**
 * Turns a zod error into per-field messages for the form, keyed by the
 * dotted path of the field.
 */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    fields[key] ??= [];
    fields[key].push(issue.message);
  }
  return fields;
}

/** Form posts arrive as FormData; programmatic calls as plain objects. */
export function inputOf(raw: unknown): unknown {
  if (raw instanceof FormData) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of raw.entries()) {
      if (key.startsWith("$ACTION")) continue;
      if (key in out) {
        const prev = out[key];
        out[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
      } else {
        out[key] = value;
      }
    }
    return out;
  }
  return raw;
}

export const GENERIC_ERROR =
  "Something went wrong on our side and nothing was saved. Please try again.";

/**
 * Runs a guarded action body: validates input with zod, authorises through
 * `authorise`, and turns unexpected failures into a generic message while the
 * details go to the log. Both the admin and the review guards are built on it.
 */
export async function runGuarded<S extends z.ZodType, Ctx, R>(options: {
  name: string;
  schema: S;
  raw: unknown;
  authorise: () => Promise<Ctx | { denied: string }>;
  handler: (input: z.output<S>, ctx: Ctx) => Promise<ActionResult<R>>;
}): Promise<ActionResult<R>> {
  const ctx = await options.authorise();
  if (ctx && typeof ctx === "object" && "denied" in ctx) return fail(ctx.denied);

  const parsed = options.schema.safeParse(inputOf(options.raw));
  if (!parsed.success) {
    return fail("Please check the highlighted fields.", fieldErrorsOf(parsed.error));
  }

  try {
    return await options.handler(parsed.data, ctx as Ctx);
  } catch (error) {
    logger.error({ err: error, action: options.name }, "action failed");
    return fail(GENERIC_ERROR);
  }
}
