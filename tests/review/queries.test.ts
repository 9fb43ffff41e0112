import { sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { reviewItems, users } from "@/lib/db/schema";
import { type ReviewScope, resolveReviewToken } from "@/lib/review/access";
import { loadReviewPage } from "@/lib/review/page-data";
import {
  findOrganisationByName,
  loadHintContext,
  searchOrganisations,
} from "@/lib/review/queries";
import { reviewListQuery } from "@/lib/review/schemas";
import { getDb, withTestDatabase } from "../support/db";
import { makeOrganisation } from "../support/factories";
import { auditCount, makeOpenCampaign, seedOrganisation } from "./helpers";

withTestDatabase();

const monthsAgo = (n: number) => new Date(Date.now() - n * 30.5 * 86_400_000);
let scope: ReviewScope;
let ids: Record<string, number>;

beforeAll(async () => {
  const campaign = await makeOpenCampaign();
  const org = await seedOrganisation(campaign.id, [
    { fullName: "Alice Adams", email: "alice@trust.nhs.uk", lastSignInAt: monthsAgo(1) },
    { fullName: "Bob Brown", email: "bob@trust.nhs.uk", lastSignInAt: monthsAgo(14) },
    { fullName: "Carol Clark", email: "carol@gmail.com", lastSignInAt: monthsAgo(2) },
    { fullName: "Dan Dunn", email: "dan@trust.nhs.uk", lastSignInAt: null },
    {
      fullName: "Eve Evans",
      email: "eve.nurse@trust.nhs.uk",
      lastSignInAt: monthsAgo(30),
    },
  ]);
  await seedOrganisation(campaign.id, [
    { fullName: "Alice Elsewhere", email: "alice2@trust.nhs.uk" },
  ]);
  ids = Object.fromEntries(
    org.items.map((x) => [x.user.fullName.split(" ")[0], x.item.id]),
  );
  scope = (await resolveReviewToken(org.token))!;
  const elsewhere = await makeOrganisation();
  await getDb().execute(
    sql`update ${reviewItems} set response = 'left' where id = ${ids.Bob}`,
  );
  await getDb().execute(
    sql`update ${reviewItems} set response = 'works_here' where id = ${ids.Alice}`,
  );
  await getDb().execute(
    sql`update ${users} set organisation_id = ${elsewhere.id} where full_name = 'Carol Clark'`,
  );
});

afterEach(() => {
  delete process.env.REVIEW_STALE_MONTHS;
});

async function names(params: Record<string, string>) {
  const page = await loadReviewPage(scope, reviewListQuery.parse(params));
  return page.rows.map((row) => row.fullName);
}

describe("the review list", () => {
  it("shows only the token's organisation, sorted by name", async () => {
    expect(await names({})).toEqual([
      "Alice Adams",
      "Bob Brown",
      "Carol Clark",
      "Dan Dunn",
      "Eve Evans",
    ]);
  });

  it("searches name and email, case-insensitively, with wildcards taken literally", async () => {
    expect(await names({ q: "ALICE" })).toEqual(["Alice Adams"]);
    expect(await names({ q: "nurse@" })).toEqual(["Eve Evans"]);
    expect(await names({ q: "%" })).toEqual([]);
  });

  it("filters by response and by changed-by-us", async () => {
    expect(await names({ response: "none" })).toEqual([
      "Carol Clark",
      "Dan Dunn",
      "Eve Evans",
    ]);
    expect(await names({ response: "left" })).toEqual(["Bob Brown"]);
    expect(await names({ response: "works_here" })).toEqual(["Alice Adams"]);
    expect(await names({ changed: "yes" })).toEqual(["Carol Clark"]);
  });

  it("sorts by last sign-in, never-signed-in first then oldest", async () => {
    expect(await names({ sort: "signin" })).toEqual([
      "Dan Dunn",
      "Eve Evans",
      "Bob Brown",
      "Carol Clark",
      "Alice Adams",
    ]);
  });

  it("pages on the server and counts every match", async () => {
    const page = await loadReviewPage(
      scope,
      reviewListQuery.parse({ size: "25", page: "1" }),
    );
    expect(page.total).toBe(5);
    expect(page.pageCount).toBe(1);
    expect(await names({ size: "25", page: "2" })).toEqual([]);
    const odd = reviewListQuery.parse({ size: "7", page: "-3", sort: "evil" });
    expect(odd).toMatchObject({ size: 50, page: 1, sort: "name" });
  });

  it("reports progress for the organisation only", async () => {
    const page = await loadReviewPage(scope, reviewListQuery.parse({}));
    expect(page.progress).toEqual({
      total: 5,
      responded: 2,
      worksHere: 1,
      left: 1,
      unknown: 0,
    });
  });
});

describe("recommendations", () => {
  it("hints at users with no sign-in for 12 months and at odd email domains", async () => {
    const page = await loadReviewPage(scope, reviewListQuery.parse({}));
    const hinted = Object.fromEntries(
      page.rows.map((r) => [r.fullName, [r.stale, r.domainDiffers]]),
    );
    expect(page.hints.majorityDomain).toBe("trust.nhs.uk");
    expect(hinted).toEqual({
      "Alice Adams": [false, false],
      "Bob Brown": [true, false],
      "Carol Clark": [false, true],
      "Dan Dunn": [false, false],
      "Eve Evans": [true, false],
    });
    expect(page.hintCounts).toEqual({ stale: 1, domain: 1 });
    expect(await names({ hint: "stale" })).toEqual(["Bob Brown", "Eve Evans"]);
    expect(await names({ hint: "domain" })).toEqual(["Carol Clark"]);
  });

  it("takes the stale period from REVIEW_STALE_MONTHS", async () => {
    process.env.REVIEW_STALE_MONTHS = "24";
    expect(await names({ hint: "stale" })).toEqual(["Eve Evans"]);
  });

  it("gives no domain hint when no domain covers half the organisation", async () => {
    const campaign = await makeOpenCampaign();
    const mixed = await seedOrganisation(campaign.id, [
      { email: "a@one.nhs.uk" },
      { email: "b@two.nhs.uk" },
      { email: "c@three.nhs.uk" },
    ]);
    const mixedScope = (await resolveReviewToken(mixed.token))!;
    expect((await loadHintContext(mixedScope)).majorityDomain).toBeNull();
  });
});

describe("viewing", () => {
  it("writes nothing", async () => {
    const state = () =>
      getDb().execute(
        sql`select (select count(*) from audit_events) a, (select sum(version) from review_items) i, (select sum(version) from users) u, (select max(updated_at) from review_items) t`,
      );
    const before = JSON.stringify(await state());
    const audits = await auditCount();

    await loadReviewPage(
      scope,
      reviewListQuery.parse({ q: "a", response: "none", sort: "signin" }),
    );
    await loadReviewPage(scope, reviewListQuery.parse({}));

    expect(JSON.stringify(await state())).toBe(before);
    expect(await auditCount()).toBe(audits);
  });
});

describe("organisation search", () => {
  it("finds organisations by part of the name, prefix matches first, in a short list", async () => {
    await makeOrganisation({ name: "Zeta Leeds Partnership" });
    await makeOrganisation({ name: "Leeds Community Healthcare", code: "RY6X" });
    const found = await searchOrganisations("leeds", 10);
    expect(found.map((o) => o.name)).toEqual([
      "Leeds Community Healthcare",
      "Zeta Leeds Partnership",
    ]);
    expect((await searchOrganisations("ry6x")).map((o) => o.code)).toEqual(["RY6X"]);
    expect(await findOrganisationByName("LEEDS community healthcare")).toMatchObject({
      code: "RY6X",
    });
    expect(await findOrganisationByName("Leeds")).toBeNull();
  });
});
