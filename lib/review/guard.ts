import type { z } from "zod";
import { inputOf, runGuarded } from "@/lib/auth/guard";
import { config } from "@/lib/config";
import type { ActionResult, fail } from "@/lib/result";

/** What the guard itself answers when it refuses. */
type Refusal = ReturnType<typeof fail>;

import { type ReviewScope, resolveReviewToken } from "./access";
import { lockedMessage } from "./hold-open";
import { readResponderName } from "./responder";
import { reviewToken } from "./schemas";

export interface ReviewContext extends ReviewScope {
  /** From the link's cookie; null until the person has told us their name. */
  responderName: string | null;
}

export function linkNotValidMessage(): string {
  return `This review link is not valid. It may have been replaced or withdrawn. Please ask ${config().SUPPORT_EMAIL} for a new one.`;
}

export function readOnlyMessage(scope: ReviewScope): string {
  return lockedMessage(scope.campaign);
}

/** Resolves the token a request carries and refuses unless answers may still change. */
async function authoriseToken(raw: unknown): Promise<ReviewContext | { denied: string }> {
  const input = inputOf(raw) as { token?: unknown } | null;
  const token = reviewToken.safeParse(input?.token);
  const scope = token.success ? await resolveReviewToken(token.data) : null;
  if (!scope) return { denied: linkNotValidMessage() };
  if (scope.mode !== "live") return { denied: readOnlyMessage(scope) };
  return { ...scope, responderName: await readResponderName() };
}

/**
 * The one wrapper every review-page server action goes through: the token in
 * the input is resolved on the server, a dead or read-only link is refused,
 * the input is validated with zod, and the handler receives the scope whose
 * organisation and campaign it must put in every WHERE clause.
 * Usable directly as a `useActionState` action: (previousState, formData).
 */
export function reviewAction<
  S extends z.ZodType<{ token: string }>,
  T extends ActionResult<unknown> | ActionResult,
>(
  name: string,
  schema: S,
  handler: (input: z.output<S>, ctx: ReviewContext) => Promise<T>,
) {
  return async (_previous: unknown, raw: unknown): Promise<T | Refusal> =>
    (await runGuarded({
      name,
      schema,
      raw,
      authorise: () => authoriseToken(raw),
      handler: handler as (
        input: z.output<S>,
        ctx: ReviewContext,
      ) => Promise<ActionResult<unknown>>,
    })) as T | Refusal;
}
