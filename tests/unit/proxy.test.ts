import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";

const post = (headers: Record<string, string>) =>
  new NextRequest("http://localhost:3000/review/abc", {
    method: "POST",
    headers: { host: "localhost:3000", ...headers },
  });

/** The origin the proxy hands on to Next's server-action check, if it changed it. */
const statedOrigin = (response: Response) =>
  response.headers.get("x-middleware-request-origin");

describe("the review proxy", () => {
  it("states this origin for a same-origin post sent as Origin: null", () => {
    const response = proxy(post({ origin: "null", "sec-fetch-site": "same-origin" }));
    expect(statedOrigin(response)).toBe("http://localhost:3000");
  });

  it("leaves a cross-site post as it is, for Next to refuse", () => {
    for (const site of ["cross-site", "same-site", "none"]) {
      const response = proxy(post({ origin: "null", "sec-fetch-site": site }));
      expect(statedOrigin(response)).toBeNull();
    }
    const forged = proxy(
      post({ origin: "https://evil.example", "sec-fetch-site": "same-origin" }),
    );
    expect(statedOrigin(forged)).toBeNull();
  });

  it("leaves a post without Sec-Fetch-Site and every GET alone", () => {
    expect(statedOrigin(proxy(post({ origin: "null" })))).toBeNull();
    const get = new NextRequest("http://localhost:3000/review/abc", {
      headers: { origin: "null", "sec-fetch-site": "same-origin" },
    });
    expect(statedOrigin(proxy(get))).toBeNull();
  });
});
