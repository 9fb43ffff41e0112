import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cronActor } from "@/lib/access/actor";
import { listPlan } from "@/lib/access/queries";
import { runAccess } from "@/lib/access/run";
import {
  accessChanges,
  accessRuns,
  campaigns,
  reviewItems,
  users,
} from "@/lib/db/schema";
import { getDb, withTestDatabase } from "../support/db";
import { makeLead } from "../support/factories";
import {
  answeredUser,
  changesFor,
  levelsOf,
  openScenario,
  reanswer,
  resetAccessData,
} from "./helpers";

withTestDatabase();

beforeEach(resetAccessData);
afterEach(() => {
  delete process.env.ACCESS_BRAKE_SHARE;
});

const HOUR = 3_600_000;

describe("downgrade run", () => {
  it("downgrades exactly the due, recognised, non-lead answers and counts the rest", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    const left = await answeredUser(scene, "left", { email: "a@leeds.nhs.uk" });
    const unknown = await answeredUser(scene, "unknown", { email: "b@x.NHS.net" });
    const gmail = await answeredUser(scene, "left", { email: "c@gmail.com" });
    const lookalike = await answeredUser(scene, "left", { email: "d@nhs.n\u0435t" });
    const invalid = await answeredUser(scene, "left", { email: "e..f@nhs.net" });
    const lead = await answeredUser(scene, "unknown", { email: "lead@nhs.net" });
    await makeLead(scene.organisation.id, { email: "lead@nhs.net" });
    const already = await answeredUser(scene, "left", { accessLevel: "non_subscriber" });
    const fresh = await answeredUser(scene, "left", { hoursAgo: 1 });
    const works = await answeredUser(scene, "works_here");
    const all = [left, unknown, gmail, lookalike, invalid, lead, already, fresh, works];

    const report = await runAccess({ actor: cronActor });

    expect(report.status).toBe("finished");
    expect(report.counts).toMatchObject({
      examined: 8,
      downgraded: 2,
      alreadyNonSubscriber: 1,
      notRecognised: 2,
      invalid: 1,
      flaggedLeads: 1,
      inGrace: 1,
      restored: 0,
      remaining: 0,
    });
    const levels = await levelsOf(all.map((x) => x.user.id));
    expect(levels[left.user.id]).toBe("non_subscriber");
    expect(levels[unknown.user.id]).toBe("non_subscriber");
    for (const kept of [gmail, lookalike, invalid, lead, fresh, works]) {
      expect(levels[kept.user.id]).toBe("subscriber");
    }
    const changes = await changesFor(all.map((x) => x.user.id));
    expect(changes.map((c) => [c.userId, c.reason, c.ruleSuffix, c.runId])).toEqual([
      [left.user.id, "response_left", "nhs.uk", report.runId],
      [unknown.user.id, "response_unknown", "nhs.net", report.runId],
    ]);
  });

  it("is idempotent: a second run changes nothing", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    const one = await answeredUser(scene, "left");
    await runAccess({ actor: cronActor });
    const before = await getDb().select().from(users).where(eq(users.id, one.user.id));

    const second = await runAccess({ actor: cronActor });

    expect(second.counts.downgraded).toBe(0);
    expect(second.counts.alreadyNonSubscriber).toBe(1);
    expect(await changesFor([one.user.id])).toHaveLength(1);
    const after = await getDb().select().from(users).where(eq(users.id, one.user.id));
    expect(after).toEqual(before);
  });

  it("applies the grace period to the second", async () => {
    const scene = await openScenario({ brakePercent: 100, graceHours: 24 });
    const { user, item } = await answeredUser(scene, "left");
    const answeredAt = (
      await getDb()
        .select({ at: reviewItems.respondedAt })
        .from(reviewItems)
        .where(eq(reviewItems.id, item.id))
    )[0].at!.getTime();

    const before = await runAccess({
      actor: cronActor,
      now: new Date(answeredAt + 24 * HOUR - 1000),
    });
    expect(before.counts).toMatchObject({ inGrace: 1, downgraded: 0 });
    expect((await levelsOf([user.id]))[user.id]).toBe("subscriber");

    const at = await runAccess({
      actor: cronActor,
      now: new Date(answeredAt + 24 * HOUR),
    });
    expect(at.counts).toMatchObject({ inGrace: 0, downgraded: 1 });
  });

  it("uses each campaign's own grace period", async () => {
    const short = await openScenario({ brakePercent: 100, graceHours: 2 });
    const long = await openScenario({ brakePercent: 100, graceHours: 72 });
    const a = await answeredUser(short, "left", { hoursAgo: 3 });
    const b = await answeredUser(long, "left", { hoursAgo: 3 });
    await runAccess({ actor: cronActor });
    expect(await levelsOf([a.user.id, b.user.id])).toEqual({
      [a.user.id]: "non_subscriber",
      [b.user.id]: "subscriber",
    });
  });

  it("never touches access when the lead changes their mind within the grace period", async () => {
    const scene = await openScenario({ brakePercent: 100, graceHours: 24 });
    const { user, item } = await answeredUser(scene, "left", { hoursAgo: 2 });

    const during = await runAccess({ actor: cronActor });
    expect(during.counts).toMatchObject({ examined: 1, inGrace: 1, downgraded: 0 });
    expect((await levelsOf([user.id]))[user.id]).toBe("subscriber");

    await reanswer(item.id, "works_here", 1);
    const after = await runAccess({
      actor: cronActor,
      now: new Date(Date.now() + 48 * HOUR),
    });

    expect(after.counts).toMatchObject({ examined: 0, downgraded: 0, restored: 0 });
    expect((await levelsOf([user.id]))[user.id]).toBe("subscriber");
    expect(await changesFor([user.id])).toHaveLength(0);
  });

  it("restores access when the answer goes back to works_here after the grace period", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    const { user, item } = await answeredUser(scene, "left");
    const first = await runAccess({ actor: cronActor });
    expect(first.counts.downgraded).toBe(1);

    await reanswer(item.id, "works_here");
    const second = await runAccess({ actor: cronActor });

    expect(second.counts).toMatchObject({ restored: 1, downgraded: 0 });
    expect((await levelsOf([user.id]))[user.id]).toBe("subscriber");
    const [down, restore] = await changesFor([user.id]);
    expect(down.revertedAt).not.toBeNull();
    expect(restore).toMatchObject({
      reason: "restored",
      fromLevel: "non_subscriber",
      toLevel: "subscriber",
      revertsId: down.id,
    });
    expect((await runAccess({ actor: cronActor })).counts.restored).toBe(0);
  });

  it("does not restore by itself once the campaign is closed", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    const { user, item } = await answeredUser(scene, "left");
    await runAccess({ actor: cronActor });
    await getDb().update(campaigns).set({ status: "closed" });
    await reanswer(item.id, "works_here");
    const report = await runAccess({ actor: cronActor });
    expect(report.counts.restored).toBe(0);
    expect((await levelsOf([user.id]))[user.id]).toBe("non_subscriber");
  });

  it("does not restore while a newer answer in another campaign says left or unknown", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    const { user, item } = await answeredUser(scene, "left");
    await runAccess({ actor: cronActor });
    await reanswer(item.id, "works_here", 1 / 60);
    const other = await openScenario({ brakePercent: 100 });
    const [otherItem] = await getDb()
      .insert(reviewItems)
      .values({
        campaignId: other.campaign.id,
        userId: user.id,
        organisationId: other.organisation.id,
        shownAccessLevel: "non_subscriber",
        response: "unknown",
        respondedAt: new Date(),
      })
      .returning();

    const held = await runAccess({ actor: cronActor });
    expect(held.counts).toMatchObject({ restored: 0, wouldRestore: 0 });
    expect((await levelsOf([user.id]))[user.id]).toBe("non_subscriber");

    await reanswer(otherItem.id, "works_here");
    const freed = await runAccess({ actor: cronActor });
    expect(freed.counts.restored).toBe(1);
    expect((await levelsOf([user.id]))[user.id]).toBe("subscriber");
  });
});

describe("safety", () => {
  async function dueUsers(count: number, values = {}) {
    const scene = await openScenario(values);
    const made = [];
    for (let i = 0; i < count; i += 1) made.push(await answeredUser(scene, "left"));
    return { scene, ids: made.map((x) => x.user.id) };
  }

  it("applies each change once when two runs overlap", async () => {
    const { ids } = await dueUsers(30, { brakePercent: 100 });
    const [a, b] = await Promise.all([
      runAccess({ actor: cronActor, batchSize: 7 }),
      runAccess({ actor: cronActor, batchSize: 7 }),
    ]);
    expect(a.counts.downgraded + b.counts.downgraded).toBe(30);
    const changes = await changesFor(ids);
    expect(changes).toHaveLength(30);
    expect(new Set(changes.map((c) => c.userId)).size).toBe(30);
  });

  it("leaves all or none of a batch applied when a batch fails", async () => {
    const { ids } = await dueUsers(25, { brakePercent: 100 });
    const failing = runAccess({
      actor: cronActor,
      batchSize: 10,
      onBatch: async ({ batch }) => {
        if (batch === 2) throw new Error("crash in batch 2");
      },
    });
    await expect(failing).rejects.toThrow("crash in batch 2");

    const levels = Object.values(await levelsOf(ids));
    expect(levels.filter((l) => l === "non_subscriber")).toHaveLength(10);
    expect(await changesFor(ids)).toHaveLength(10);
    const [run] = await getDb().select().from(accessRuns).orderBy(sql`id desc`).limit(1);
    expect(run.status).toBe("failed");

    const retry = await runAccess({ actor: cronActor, batchSize: 10 });
    expect(retry.counts).toMatchObject({ downgraded: 15, alreadyNonSubscriber: 10 });
  });

  it("writes the first batch with its plan: a crash there leaves neither", async () => {
    const { ids } = await dueUsers(12, { brakePercent: 100 });
    const failing = runAccess({
      actor: cronActor,
      batchSize: 5,
      onBatch: async ({ batch }) => {
        if (batch === 1) throw new Error("crash in batch 1");
      },
    });
    await expect(failing).rejects.toThrow("crash in batch 1");

    expect(Object.values(await levelsOf(ids))).toEqual(Array(12).fill("subscriber"));
    expect(await changesFor(ids)).toEqual([]);
    const [run] = await getDb().select().from(accessRuns).orderBy(sql`id desc`).limit(1);
    expect(run.status).toBe("failed");
    expect(await listPlan(run.id, { all: true })).toEqual([]);

    const retry = await runAccess({ actor: cronActor, batchSize: 5 });
    expect(retry.counts).toMatchObject({ wouldDowngrade: 12, downgraded: 12 });
  });

  it("stops at the brake, changes nothing, and goes on once an admin confirms", async () => {
    const { scene, ids } = await dueUsers(3);
    for (let i = 0; i < 7; i += 1) await answeredUser(scene, "works_here");

    const braked = await runAccess({ actor: cronActor });
    expect(braked.status).toBe("braked");
    expect(braked.braked).toEqual([
      expect.objectContaining({
        campaignId: scene.campaign.id,
        wouldDowngrade: 3,
        users: 10,
      }),
    ]);
    expect(Object.values(await levelsOf(ids))).toEqual(Array(3).fill("subscriber"));
    expect(await changesFor(ids)).toHaveLength(0);
    expect(await listPlan(braked.runId)).toHaveLength(3);

    const confirmed = await runAccess({
      actor: cronActor,
      confirmRunId: braked.runId,
    });
    expect(confirmed.counts.downgraded).toBe(3);
  });

  it("takes the brake share from the campaign, else from ACCESS_BRAKE_SHARE", async () => {
    const { scene } = await dueUsers(3);
    for (let i = 0; i < 7; i += 1) await answeredUser(scene, "works_here");
    process.env.ACCESS_BRAKE_SHARE = "0.3";
    expect((await runAccess({ actor: cronActor, dryRun: false })).status).toBe(
      "finished",
    );

    await resetAccessData();
    const again = await dueUsers(3, { brakePercent: 25 });
    for (let i = 0; i < 7; i += 1) await answeredUser(again.scene, "works_here");
    expect((await runAccess({ actor: cronActor })).status).toBe("braked");
  });

  it("dry run lists exactly what the real run then does, and writes nothing", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    // A restore: downgraded earlier, the answer since back to works_here.
    const back = await answeredUser(scene, "left");
    await runAccess({ actor: cronActor });
    await reanswer(back.item.id, "works_here");
    const ids = [];
    for (let i = 0; i < 5; i += 1) ids.push((await answeredUser(scene, "left")).user.id);
    await answeredUser(scene, "left", { email: "z@gmail.com" });
    // Leads are flagged, never downgraded: of this organisation and of another.
    const ownLead = await answeredUser(scene, "left", { email: "own.lead@nhs.net" });
    await makeLead(scene.organisation.id, { email: "own.lead@nhs.net" });
    const elsewhere = await openScenario({ brakePercent: 100 });
    const otherLead = await answeredUser(scene, "unknown", {
      email: "their.lead@nhs.net",
    });
    await makeLead(elsewhere.organisation.id, { email: "their.lead@nhs.net" });
    // Users answered in a second campaign.
    const second = [
      await answeredUser(elsewhere, "left"),
      await answeredUser(elsewhere, "unknown"),
    ];
    const versions = await getDb()
      .select({ id: users.id, v: users.version })
      .from(users)
      .orderBy(users.id);
    const changesBefore = await getDb().select().from(accessChanges);

    const dry = await runAccess({ actor: cronActor, dryRun: true });
    const planned = await listPlan(dry.runId, { all: true });

    expect(
      await getDb()
        .select({ id: users.id, v: users.version })
        .from(users)
        .orderBy(users.id),
    ).toEqual(versions);
    expect(await getDb().select().from(accessChanges)).toEqual(changesBefore);
    expect(dry.counts).toMatchObject({
      wouldDowngrade: 7,
      wouldRestore: 1,
      flaggedLeads: 2,
      notRecognised: 1,
      downgraded: 0,
      restored: 0,
    });
    const flagged = planned.filter((p) => p.category === "lead").map((p) => p.userId);
    expect(flagged.sort()).toEqual([ownLead.user.id, otherLead.user.id].sort());

    const real = await runAccess({ actor: cronActor });
    const applied = (await getDb().select().from(accessChanges)).filter(
      (c) => c.runId === real.runId,
    );
    expect(real.counts).toMatchObject({ downgraded: 7, restored: 1 });
    expect(
      applied
        .map((c) => [
          c.reason === "restored" ? "restore" : "downgrade",
          c.userId,
          c.ruleSuffix,
        ])
        .sort(),
    ).toEqual(
      planned
        .filter((p) => p.category === "downgrade" || p.category === "restore")
        .map((p) => [p.category, p.userId, p.ruleSuffix])
        .sort(),
    );
    const everyone = [...ids, ...second.map((x) => x.user.id)];
    expect(
      applied
        .filter((c) => c.reason !== "restored")
        .map((c) => c.userId)
        .sort(),
    ).toEqual(everyone.sort());
    const levels = await levelsOf([ownLead.user.id, otherLead.user.id, back.user.id]);
    expect(levels).toEqual({
      [ownLead.user.id]: "subscriber",
      [otherLead.user.id]: "subscriber",
      [back.user.id]: "subscriber",
    });
  });

  it("stops at the time budget and reports what remains", async () => {
    await dueUsers(4, { brakePercent: 100 });
    const stopped = await runAccess({ actor: cronActor, timeBudgetMs: 0 });
    expect(stopped.counts).toMatchObject({ downgraded: 0, remaining: 4 });
    const next = await runAccess({ actor: cronActor });
    expect(next.counts).toMatchObject({ downgraded: 4, remaining: 0 });
  });
});
