import { describe, expect, it } from "vitest";
import { GET } from "@/app/review/[token]/organisations/route";
import { withTestDatabase } from "../support/db";
import { makeOrganisation } from "../support/factories";
import { makeOpenCampaign, makeReviewLink } from "./helpers";

withTestDatabase();

function search(token: string, q: string) {
  const request = new Request(
    `http://localhost/review/${token}/organisations?q=${encodeURIComponent(q)}`,
  );
  return GET(request, { params: Promise.resolve({ token }) });
}

describe("GET /review/<token>/organisations", () => {
  it("gives a working link a short list of matching organisations, uncached", async () => {
    const campaign = await makeOpenCampaign();
    const own = await makeOrganisation({ name: "Airedale General" });
    await makeOrganisation({ name: "Airedale Community Care" });
    const { token } = await makeReviewLink(own.id, campaign.id);

    const response = await search(token, "airedale");

    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { results: Array<{ name: string }> };
    expect(body.results.map((r) => r.name)).toEqual([
      "Airedale Community Care",
      "Airedale General",
    ]);
    expect(
      ((await (await search(token, "a")).json()) as { results: unknown[] }).results,
    ).toEqual([]);
  });

  it("answers 404 for a link that does not work", async () => {
    const response = await search("x".repeat(43), "airedale");
    expect(response.status).toBe(404);
  });
});
