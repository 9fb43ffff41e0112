import { z } from "zod";
import { normaliseEmail } from "@/lib/users/email";

export const DEMO_ADMIN_EMAIL = "admin@example.org";

const envSchema = z.object({
  APP_URL: z.url().default("http://localhost:3000"),
  EMAIL_FROM: z.string().min(3).default("Subscriber Review <review@example.org>"),
  SUPPORT_EMAIL: z.email().default("support@example.org"),
  ADMIN_EMAILS: z.string().optional(),
  CRON_SECRET: z.string().min(1).optional(),
  RESEND_API_KEY: z.string().min(1).optional(),
  NODE_ENV: z.string().default("development"),
});

export type AppConfig = z.infer<typeof envSchema> & { adminEmails: string[] };

/** Read on each call, so tests and scripts can change the environment. */
export function config(): AppConfig {
  const env = envSchema.parse(
    Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== "")),
  );
  return { ...env, adminEmails: adminEmails(env.ADMIN_EMAILS) };
}

/** The demo admin stands in only outside production, where ADMIN_EMAILS is required. */
function adminEmails(list: string | undefined): string[] {
  if (!list) return process.env.NODE_ENV === "production" ? [] : [DEMO_ADMIN_EMAIL];
  return list
    .split(",")
    .map(normaliseEmail)
    .filter((email) => email.length > 0);
}

export function appUrl(path = "/"): string {
  return new URL(path, config().APP_URL).toString();
}
