import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/lib/db/client";
import { campaigns, organisations, reviewItems } from "@/lib/db/schema";
import { BIG_ORGANISATION_CODE, seedDemoData } from "@/lib/seed";
import { readPublicData } from "@/lib/seed/data";
import { demoReviewLink, ensureDemoCampaign } from "@/lib/seed/demo-campaign";
import { buildDemoPlan } from "@/lib/seed/plan";
import { getDb, withTestDatabase } from "../support/db";

withTestDatabase();

async function query<T>(text: string): Promise<T[]> {
  return rowsOf<T>(await getDb().execute(sql.raw(text)));
}

describe("the demo plan", () => {
  it("is the same for the same seed and differs for another", () => {
    const data = readPublicData();
    const now = new Date("2026-11-01T12:00:00Z");
    const a = buildDemoPlan(data, { scale: 0.1, now });
    const b = buildDemoPlan(data, { scale: 0.1, now });
    const c = buildDemoPlan(data, { scale: 0.1, now, seed: 7 });
    expect(b).toEqual(a);
    expect(c.users.map((u) => u.email)).not.toEqual(a.users.map((u) => u.email));
  });
});

describe("the full demo seed", () => {
  let firstRun: Awaited<ReturnType<typeof seedDemoData>>;
  let seconds = 0;

  beforeAll(async () => {
    const started = Date.now();
    firstRun = await seedDemoData();
    seconds = (Date.now() - started) / 1000;
    console.info(`full seed took ${seconds.toFixed(1)} s`);
  }, 60_000);

  it("loads about 3,000 users, the roles and the organisations", async () => {
    expect(firstRun.users).toBe(3_000);
    expect(firstRun.roles).toBe(52);
    expect(firstRun.organisations).toBeGreaterThan(690);
    expect(seconds).toBeLessThan(15);
  });

  it("has one subscriber with 2,000 users and most with fewer than 20", async () => {
    const sizes = await query<{ code: string; n: number }>(`
      select o.code, count(u.id)::int as n from organisations o
      left join users u on u.organisation_id = o.id
      where o.is_subscriber group by o.code order by n desc`);
    expect(sizes[0]).toEqual({ code: BIG_ORGANISATION_CODE, n: 2_000 });
    expect(sizes[1].n).toBeLessThan(100);
    const small = sizes.filter((row) => row.n < 20).length;
    expect(small / sizes.length).toBeGreaterThan(0.6);
  });

  it("gives every subscriber one or two leads", async () => {
    const leads = await query<{ n: number }>(`
      select count(l.id)::int as n from organisations o
      left join subscriber_leads l on l.organisation_id = o.id
      where o.is_subscriber group by o.id`);
    expect(leads.length).toBeGreaterThan(20);
    expect(leads.every((row) => row.n >= 1 && row.n <= 2)).toBe(true);
    expect(leads.some((row) => row.n === 2)).toBe(true);
  });

  it("mixes NHSmail, trust, CCG-style, personal and company addresses", async () => {
    const domains = await query<{ domain: string; n: number }>(`
      select split_part(email, '@', 2) as domain, count(*)::int as n
      from users group by 1 order by 2 desc`);
    const count = (test: (domain: string) => boolean) =>
      domains.filter((row) => test(row.domain)).reduce((sum, row) => sum + row.n, 0);
    expect(domains[0].domain).toBe("nhs.net");
    expect(count((d) => d === "mft.nhs.uk")).toBeGreaterThan(300);
    expect(count((d) => /ccg\.nhs\.uk$/.test(d))).toBeGreaterThan(5);
    expect(count((d) => d === "gmail.com")).toBeGreaterThan(50);
    expect(count((d) => d.endsWith(".co.uk") && !d.includes("nhs"))).toBeGreaterThan(5);
  });

  it("has some users who have not signed in for years, and some who never have", async () => {
    const [row] = await query<{ old: number; never: number }>(`
      select count(*) filter (where last_sign_in_at < now() - interval '2 years')::int as old,
             count(*) filter (where last_sign_in_at is null)::int as never from users`);
    expect(row.old).toBeGreaterThan(10);
    expect(row.never).toBeGreaterThan(10);
  });

  it("stores organisation names for display, not in capitals", async () => {
    const [mft] = await getDb()
      .select({ name: organisations.name })
      .from(organisations)
      .where(eq(organisations.code, BIG_ORGANISATION_CODE));
    expect(mft.name).toBe("Manchester University NHS Foundation Trust");
  });

  it("adds nothing when run again", async () => {
    const before = await query<{ n: number }>("select count(*)::int as n from users");
    const again = await seedDemoData();
    expect(again).toEqual({ organisations: 0, roles: 0, users: 0, leads: 0 });
    expect(await query<{ n: number }>("select count(*)::int as n from users")).toEqual(
      before,
    );
  });

  it("opens one demo campaign and keeps the sample review link across calls", async () => {
    process.env.AUTH_SECRET ??= "test-secret-for-review-links";
    const id = await ensureDemoCampaign();
    expect(await ensureDemoCampaign()).toBe(id);
    const [campaign] = await getDb()
      .select({ status: campaigns.status, name: campaigns.name })
      .from(campaigns);
    expect(campaign).toEqual({ status: "open", name: "Autumn review" });
    const items = await getDb()
      .select({ n: sql<number>`count(*)::int` })
      .from(reviewItems)
      .where(eq(reviewItems.campaignId, id));
    expect(items[0].n).toBeGreaterThan(2_000);

    const first = await demoReviewLink(id);
    expect(first?.url).toMatch(/\/review\/[\w-]{20,}$/);
    expect(first?.organisationName).toBe("The Densham Surgery");
    expect((await demoReviewLink(id))?.url).toBe(first?.url);
  });
});
