import { redirect } from "next/navigation";
import type { z } from "zod";
import { config } from "@/lib/config";
import type { ActionResult } from "@/lib/result";
import { normaliseEmail } from "@/lib/users/email";
import { runGuarded } from "./guard";

export interface Admin {
  email: string;
}

/** Whether an address is on the admin list (ADMIN_EMAILS, or the demo admin). */
export function isAdminEmail(email: string | null | undefined): boolean {
  return !!email && config().adminEmails.includes(normaliseEmail(email));
}

/**
 * The signed-in admin, or null. Reads the Auth.js session and re-checks the
 * address against ADMIN_EMAILS, so removing an address locks it out at once.
 */
export async function getAdmin(): Promise<Admin | null> {
  const { auth } = await import("./config");
  const session = await auth();
  const email = session?.user?.email;
  if (!email || !isAdminEmail(email)) return null;
  return { email: normaliseEmail(email) };
}

/** For admin pages and layouts: the admin, or a redirect to sign in. */
export async function requireAdminPage(): Promise<Admin> {
  const admin = await getAdmin();
  if (!admin) redirect("/sign-in");
  return admin;
}

/**
 * The one wrapper every admin server action goes through: session check,
 * zod validation (form strings coerced by the schema), typed result.
 * Usable directly as a `useActionState` action: (previousState, formData).
 */
export function adminAction<S extends z.ZodType, R = undefined>(
  name: string,
  schema: S,
  handler: (input: z.output<S>, admin: Admin) => Promise<ActionResult<R>>,
) {
  return async (_previous: unknown, raw: unknown): Promise<ActionResult<R>> =>
    runGuarded({
      name,
      schema,
      raw,
      authorise: async () =>
        (await getAdmin()) ?? { denied: "Your session has ended. Please sign in again." },
      handler,
    });
}
