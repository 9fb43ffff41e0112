import { createHmac } from "node:crypto";
import { hashToken } from "@/lib/tokens";

/**
 * A review link's token is derived from its row id with a keyed HMAC, and only
 * its SHA-256 is stored. Deriving (rather than keeping a random value) lets a
 * reminder carry the very link the invitation did, so a lead's link, which
 * colleagues may share, keeps working; a copy of the database alone still
 * reveals no token. Reissuing creates a new row, hence a new token.
 */
export function linkToken(linkId: number): string {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set: review links cannot be issued.");
  return createHmac("sha256", secret)
    .update(`review-link:v1:${linkId}`)
    .digest("base64url");
}

export function linkTokenHash(linkId: number): string {
  return hashToken(linkToken(linkId));
}
