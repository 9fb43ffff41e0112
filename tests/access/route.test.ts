import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/cron/downgrade/route";
import { withTestDatabase } from "../support/db";
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
afterEach(() => {
  delete process.env.CRON_SECRET;
});

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
});
