import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { adminVerificationTokens } from "@/lib/db/schema";
import { generateToken } from "@/lib/tokens";
import { hashVerificationToken, SIGN_IN_LINK_MAX_AGE_SECONDS } from "./links";

/**
 * Stores a sign-in token the way Auth.js's email provider does (hash of
 * token + secret, with an expiry), so Auth.js's own callback accepts it.
 * Returns the raw token, which only ever goes into a link.
 */
export async function storeVerificationToken(identifier: string): Promise<string> {
  const token = generateToken();
  await getDb()
    .insert(adminVerificationTokens)
    .values({
      identifier,
      token: hashVerificationToken(token),
      expires: new Date(Date.now() + SIGN_IN_LINK_MAX_AGE_SECONDS * 1000),
    });
  return token;
}

/**
 * Whether a sign-in link is still usable. Only reads: the confirm page calls
 * it on GET, and a GET must never use a link up.
 */
export async function isLiveVerificationToken(
  identifier: string,
  token: string,
): Promise<boolean> {
  const [row] = await getDb()
    .select({ expires: adminVerificationTokens.expires })
    .from(adminVerificationTokens)
    .where(
      and(
        eq(adminVerificationTokens.identifier, identifier),
        eq(adminVerificationTokens.token, hashVerificationToken(token)),
      ),
    )
    .limit(1);
  return !!row && row.expires.getTime() > Date.now();
}
