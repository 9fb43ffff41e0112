import { type NextRequest, NextResponse } from "next/server";

/**
 * The review page is served with `Referrer-Policy: no-referrer`, so its token
 * never leaks. Under that policy browsers send `Origin: null` with the page's
 * own form posts, which Next's server-action check would refuse as cross-site.
 * `Sec-Fetch-Site` is set by the browser itself and cannot be forged by a page:
 * when it says the post came from this same origin, the proxy states that
 * origin so the check compares like with like. Anything else passes untouched
 * and Next's check still refuses a real cross-site post.
 */
export function proxy(request: NextRequest) {
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (
    request.method === "POST" &&
    host &&
    request.headers.get("origin") === "null" &&
    request.headers.get("sec-fetch-site") === "same-origin"
  ) {
    const headers = new Headers(request.headers);
    headers.set("origin", `${request.nextUrl.protocol}//${host}`);
    return NextResponse.next({ request: { headers } });
  }
  return NextResponse.next();
}

export const config = { matcher: "/review/:path*" };
