import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/cron/downgrade/route";
import { accessChanges, users } from "@/lib/db/schema";
import { getDb, withTestDatabase } from "../support/db";
import {
  answeredUser,
  changesFor,
  levelsOf,
  openScenario,
  resetAccessData,
} from "./helpers";

withTestDatabase();

const SECRET = "test-cron-secret-value";
const url = "http://localhost:3000/api/cron/downgrade";
const withAuth = (value?: string) =>
  value === undefined ? {} : { headers: { authorization: value } };

let ids: number[] = [];

beforeEach(async () => {
  await resetAccessData();
  process.env.CRON_SECRET = SECRET;
  const scene = await openScenario({ brakePercent: 100 });
  ids = [(await answeredUser(scene, "left")).user.id];
});
afterEach(async () => {
  delete process.env.CRON_SECRET;
  delete process.env.ACCESS_BATCH_SIZE;
  delete process.env.ACCESS_TIME_BUDGET_MS;
  await getDb().execute(sql`drop trigger if exists slow_batch on access_changes`);
});

const authorised = () => GET(new Request(url, withAuth(`Bearer ${SECRET}`)));

/**
 * Every statement writing access changes takes a second, so a batch of one
 * takes a second too and a run of several outlasts its time budget.
 */
async function slowBatches() {
  await getDb().execute(sql`
    create or replace function slow_batch() returns trigger language plpgsql as
    $$ begin perform pg_sleep(1); return null; end $$`);
  await getDb().execute(sql`
    create trigger slow_batch after insert on access_changes
    for each statement execute function slow_batch()`);
}

async function expectUnchanged() {
  expect(await levelsOf(ids)).toEqual({ [ids[0]]: "subscriber" });
  expect(await changesFor(ids)).toHaveLength(0);
}

describe("/api/cron/downgrade", () => {
  it("refuses a call without a bearer token", async () => {
    const response = await GET(new Request(url));
    expect(response.status).toBe(401);
    await expectUnchanged();
  });

  it("refuses a wrong secret", async () => {
    const response = await POST(
      new Request(url, { method: "POST", ...withAuth("Bearer wrong-secret") }),
    );
    expect(response.status).toBe(401);
    await expectUnchanged();
  });

  it("answers 503 when CRON_SECRET is not set", async () => {
    delete process.env.CRON_SECRET;
    const response = await GET(new Request(url, withAuth(`Bearer ${SECRET}`)));
    expect(response.status).toBe(503);
    await expectUnchanged();
  });

  it("dry run answers who would change and why, and changes nothing", async () => {
    const response = await GET(
      new Request(`${url}?dryRun=1`, withAuth(`Bearer ${SECRET}`)),
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.dryRun).toBe(true);
    expect(body.counts.wouldDowngrade).toBe(1);
    expect(body.changes).toEqual([
      expect.objectContaining({
        userId: ids[0],
        category: "downgrade",
        response: "left",
      }),
    ]);
    await expectUnchanged();
  });

  it.each(["TRUE", "yes", "1 ", ""])(
    "refuses dryRun=%j rather than guess, and changes nothing",
    async (value) => {
      const response = await GET(
        new Request(
          `${url}?dryRun=${encodeURIComponent(value)}`,
          withAuth(`Bearer ${SECRET}`),
        ),
      );
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatch(/dryRun must be 1 or true/);
      await expectUnchanged();
    },
  );

  it("takes dryRun=false as a real run", async () => {
    const response = await GET(
      new Request(`${url}?dryRun=false`, withAuth(`Bearer ${SECRET}`)),
    );
    expect(response.status).toBe(200);
    expect(await levelsOf(ids)).toEqual({ [ids[0]]: "non_subscriber" });
  });

  it("runs with the right secret (GET and POST) and answers JSON counts", async () => {
    const first = await GET(new Request(url, withAuth(`Bearer ${SECRET}`)));
    expect(first.status).toBe(200);
    expect((await first.json()).counts).toMatchObject({ examined: 1, downgraded: 1 });
    expect(await levelsOf(ids)).toEqual({ [ids[0]]: "non_subscriber" });

    const second = await POST(
      new Request(url, { method: "POST", ...withAuth(`Bearer ${SECRET}`) }),
    );
    expect((await second.json()).counts).toMatchObject({
      downgraded: 0,
      alreadyNonSubscriber: 1,
    });
  });

  it("works in batches within the time budget, reports what remains, and finishes later", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    for (let i = 0; i < 3; i += 1) ids.push((await answeredUser(scene, "left")).user.id);
    process.env.ACCESS_BATCH_SIZE = "1";
    process.env.ACCESS_TIME_BUDGET_MS = "1500";
    await slowBatches();

    const first = await (await authorised()).json();
    expect(first.status).toBe("finished");
    expect(first.counts.downgraded).toBeGreaterThan(0);
    expect(first.counts.remaining).toBeGreaterThan(0);
    expect(first.counts.downgraded + first.counts.remaining).toBe(4);

    let remaining = first.counts.remaining;
    for (let call = 0; call < 4 && remaining > 0; call += 1) {
      const next = await (await authorised()).json();
      expect(next.counts.wouldDowngrade).toBe(remaining);
      remaining = next.counts.remaining;
    }
    expect(remaining).toBe(0);
    expect(Object.values(await levelsOf(ids))).toEqual(Array(4).fill("non_subscriber"));
    expect(await changesFor(ids)).toHaveLength(4);
  }, 60_000);

  it("dry run says where a real run would stop at the brake, and changes nothing", async () => {
    const scene = await openScenario({ brakePercent: 10 });
    for (let i = 0; i < 2; i += 1) await answeredUser(scene, "left");
    for (let i = 0; i < 8; i += 1) await answeredUser(scene, "works_here");
    const versions = await getDb().select({ id: users.id, v: users.version }).from(users);

    const response = await GET(
      new Request(`${url}?dryRun=1`, withAuth(`Bearer ${SECRET}`)),
    );
    const body = await response.json();
    expect(body).toMatchObject({ dryRun: true, status: "finished" });
    expect(body.braked).toEqual([
      expect.objectContaining({
        campaignId: scene.campaign.id,
        wouldDowngrade: 2,
        users: 10,
      }),
    ]);
    expect(body.counts.wouldDowngrade).toBe(3);
    expect(await getDb().select({ id: users.id, v: users.version }).from(users)).toEqual(
      versions,
    );
    expect(await getDb().select().from(accessChanges)).toHaveLength(0);
  });
});
