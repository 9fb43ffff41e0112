import { normaliseEmail } from "@/lib/users/email";
import { isAdminEmail } from "./admin";
import { confirmPageUrl } from "./links";
import { storeVerificationToken } from "./verification";

/**
 * For the dev script: a working sign-in link for an admin, without sending
 * mail. Writes the token exactly as Auth.js would and returns the confirm
 * page URL (the link opens the page; its button signs in).
 */
export async function createDevSignInLink(email: string): Promise<string> {
  const identifier = normaliseEmail(email);
  if (!isAdminEmail(identifier)) {
    throw new Error(
      `${identifier} is not on the admin list (ADMIN_EMAILS), so it cannot have a sign-in link.`,
    );
  }
  const token = await storeVerificationToken(identifier);
  return confirmPageUrl({ token, email: identifier });
}
