import { beforeEach, describe, expect, it, vi } from "vitest";
import { GET as searchRoute } from "@/app/review/[token]/organisations/route";
import { resolveReviewToken } from "@/lib/review/access";
import { saveResponseAction, setResponderAction } from "@/lib/review/actions";
import { loadReviewPage } from "@/lib/review/page-data";
import { loadHistory } from "@/lib/review/queries";
import { reviewListQuery } from "@/lib/review/schemas";
import {
  auditCount,
  cookieJar,
  form,
  itemRow,
  makeItem,
  makeOpenCampaign,
  makeReviewLink,
  respondAs,
  seedOrganisation,
  userRow,
} from "../review/helpers";
import { withTestDatabase } from "../support/db";
import { makeOrganisation } from "../support/factories";

/**
 * An outsider's view of the review link: what a token reaches, and what
 * hostile input does. Control characters used to reach PostgreSQL, which
 * refuses NUL in text: the page and the search answered 500, and a name with
 * one in the responder cookie failed every later save.
 */

vi.mock("next/headers", async () => (await import("../review/helpers")).nextHeadersMock);

withTestDatabase();

beforeEach(() => respondAs("Sam Lee"));

function search(token: string, query: string) {
  const request = new Request(`http://localhost/review/${token}/organisations?${query}`);
  return searchRoute(request, { params: Promise.resolve({ token }) });
}

function save(
  token: string,
  target: { item: { id: number; version: number }; user: { version: number } },
  extra: Record<string, string | number> = {},
) {
  return saveResponseAction(
    null,
    form({
      token,
      itemId: target.item.id,
      version: target.item.version,
      userVersion: target.user.version,
      response: "left",
      ...extra,
    }),
  );
}

describe("hostile text on the review link", () => {
  it("lists people for a search holding NUL and other control characters", async () => {
    const campaign = await makeOpenCampaign();
    const own = await seedOrganisation(campaign.id, [
      { fullName: "Jane Smith" },
      { fullName: "Raj Patel" },
    ]);
    const scope = await resolveReviewToken(own.token);
    if (!scope) throw new Error("the link should work");

    const query = reviewListQuery.parse({ q: "\u0000Jane\u0007" });
    const page = await loadReviewPage(scope, query);

    expect(query.q).toBe("Jane");
    expect(page.rows.map((row) => row.fullName)).toEqual(["Jane Smith"]);
  });

  it("answers the organisation search with a list, not a 500, for NUL in the query", async () => {
    const campaign = await makeOpenCampaign();
    const own = await makeOrganisation({ name: "Airedale General" });
    const { token } = await makeReviewLink(own.id, campaign.id);

    const response = await search(token, "q=%00%00Airedale");

    expect(response.status).toBe(200);
    const body = (await response.json()) as { results: Array<{ name: string }> };
    expect(body.results.map((result) => result.name)).toEqual(["Airedale General"]);
  });

  it("keeps a responder name free of control characters and reversing marks", async () => {
    const campaign = await makeOpenCampaign();
    const own = await seedOrganisation(campaign.id, [{ fullName: "Jane Smith" }]);
    respondAs(null);

    const named = await setResponderAction(
      null,
      form({ token: own.token, name: "Sam\u0000Lee\u202E" }),
    );
    expect(named).toEqual({ ok: true, data: { name: "Sam Lee" } });
    expect(cookieJar.get("review_responder")?.value).toBe("Sam Lee");

    const saved = await save(own.token, own.items[0]);
    expect(saved.ok).toBe(true);
    expect((await itemRow(own.items[0].item.id)).responderName).toBe("Sam Lee");
  });

  it("saves even when the responder cookie was set by hand with a NUL in it", async () => {
    const campaign = await makeOpenCampaign();
    const own = await seedOrganisation(campaign.id, [{ fullName: "Jane Smith" }]);
    respondAs("Ann\u0000Other");

    const saved = await save(own.token, own.items[0]);

    expect(saved.ok).toBe(true);
    expect((await itemRow(own.items[0].item.id)).responderName).toBe("Ann Other");
  });

  it("takes a typed employer of control characters only as no employer given", async () => {
    const campaign = await makeOpenCampaign();
    const own = await seedOrganisation(campaign.id, [{ fullName: "Jane Smith" }]);
    const before = await userRow(own.items[0].user.id);

    const saved = await save(own.token, own.items[0], {
      organisationName: "\u0000\u0001",
    });

    expect(saved.ok).toBe(true);
    const after = await userRow(own.items[0].user.id);
    expect(after.organisationId).toBe(before.organisationId);
    expect(after.version).toBe(before.version);
  });
});

describe("what a token reaches", () => {
  it("finds nothing for huge, unicode, padded or path-like tokens", async () => {
    const campaign = await makeOpenCampaign();
    const own = await seedOrganisation(campaign.id, [{ fullName: "Jane Smith" }]);
    const tricks = [
      "A".repeat(10 * 1024 * 1024),
      `${own.token}\u0000`,
      ` ${own.token}`,
      `${own.token.slice(0, -1)}\u0410`,
      `../${own.token}`,
      `${own.token}/../x`,
      `${own.token}%2F..`,
      own.token.toUpperCase(),
    ];
    for (const token of tricks) expect(await resolveReviewToken(token)).toBeNull();
    expect((await search("..%2F..%2Fadmin", "q=air")).status).toBe(404);
  });

  it("refuses a save of the same organisation's user in another campaign, changing nothing", async () => {
    const first = await makeOpenCampaign();
    const own = await seedOrganisation(first.id, [{ fullName: "Jane Smith" }]);
    const second = await makeOpenCampaign();
    const user = own.items[0].user;
    const other = await makeItem(second.id, own.organisation.id, user);
    const audits = await auditCount();

    const refused = await save(own.token, { item: other, user });

    expect(refused).toMatchObject({ ok: false });
    expect(await itemRow(other.id)).toEqual(other);
    expect(await auditCount()).toBe(audits);
  });

  it("shows in the history only its own organisation's answers in its own campaign", async () => {
    const campaign = await makeOpenCampaign();
    const own = await seedOrganisation(campaign.id, [{ fullName: "Jane Smith" }]);
    const other = await seedOrganisation(campaign.id, [{ fullName: "Raj Patel" }]);
    const later = await makeOpenCampaign();
    const again = await makeItem(later.id, own.organisation.id, own.items[0].user);
    const { token: laterToken } = await makeReviewLink(own.organisation.id, later.id);
    expect((await save(other.token, other.items[0])).ok).toBe(true);
    const user = await userRow(own.items[0].user.id);
    expect((await save(laterToken, { item: again, user })).ok).toBe(true);

    const scope = await resolveReviewToken(own.token);
    if (!scope) throw new Error("the link should work");

    expect(await loadHistory(scope)).toEqual([]);
  });

  it("writes nothing when the organisation search is fetched", async () => {
    const campaign = await makeOpenCampaign();
    const own = await makeOrganisation({ name: "Airedale General" });
    const { token } = await makeReviewLink(own.id, campaign.id);
    const audits = await auditCount();

    expect((await search(token, "q=Airedale")).status).toBe(200);
    expect(await auditCount()).toBe(audits);
  });
});
