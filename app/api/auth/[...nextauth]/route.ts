import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/config";
import { CONFIRM_PATH, EMAIL_PROVIDER_ID } from "@/lib/auth/links";

/**
 * Auth.js's routes. A GET of the email callback would use a sign-in link up,
 * and mail scanners fetch every link they see: send it to the confirm page
 * instead, whose button POSTs to the callback.
 */
export async function GET(request: NextRequest): Promise<Response> {
  if (request.nextUrl.pathname.endsWith(`/callback/${EMAIL_PROVIDER_ID}`)) {
    return new Response(null, {
      status: 303,
      headers: { Location: `${CONFIRM_PATH}${request.nextUrl.search}` },
    });
  }
  return handlers.GET(request);
}

export const POST = handlers.POST;
