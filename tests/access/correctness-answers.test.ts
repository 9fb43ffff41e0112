import { eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { adminActor, cronActor } from "@/lib/access/actor";
import { applyDowngradeBatch } from "@/lib/access/apply";
import { planRange, planRun } from "@/lib/access/plan";
import { decideItems } from "@/lib/access/queue";
import { runAccess } from "@/lib/access/run";
import { undoChanges, undoRun } from "@/lib/access/undo";
import { importCsv } from "@/lib/csv/import";
import {
  accessRuns,
  campaigns,
  domainRules,
  type ReviewResponse,
  reviewItems,
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

const HOUR = 3_600_000;
const admin = adminActor("admin@example.org");

/** A real run's plan, made now, with nothing applied yet. */
async function planNow() {
  const [run] = await getDb().insert(accessRuns).values({ trigger: "test" }).returning();
  const now = new Date();
  const counts = await planRun(getDb(), run.id, now.toISOString(), "changes");
  return { runId: run.id, now, counts };
}

/** Applies every planned downgrade of a plan as one batch, at the plan's clock. */
async function applyPlan(plan: { runId: number; now: Date }) {
  const range = await planRange(getDb(), plan.runId, "downgrade");
  if (!range) throw new Error("the plan has no downgrades");
  return applyDowngradeBatch(getDb(), { ...plan, ...range, batch: 1, actor: cronActor });
}

/** A second answer for the same user, in another campaign. */
async function answerElsewhere(
  userId: number,
  scene: Awaited<ReturnType<typeof openScenario>>,
  response: ReviewResponse,
  hoursAgo: number,
) {
  const [item] = await getDb()
    .insert(reviewItems)
    .values({
      campaignId: scene.campaign.id,
      userId,
      organisationId: scene.organisation.id,
      shownAccessLevel: "subscriber",
      response,
      respondedAt: new Date(Date.now() - hoursAgo * HOUR),
    })
    .returning();
  return item;
}

const closeCampaign = (id: number) =>
  getDb().update(campaigns).set({ status: "closed" }).where(eq(campaigns.id, id));

/** Sets one user's access level through a users CSV import, as an admin would. */
async function importLevel(email: string, level: string) {
  const csv = [
    "email,full_name,organisation_code,role,access_level,last_sign_in_at",
    `${email},Imported Person,,,${level},`,
  ].join("\n");
  const outcome = await importCsv("users", csv, { actor: "admin@example.org" });
  expect(outcome.ok ? [] : outcome.problems).toEqual([]);
}

describe("the user's newest answer wins", () => {
  it("does not downgrade on an old left once a later campaign says works_here", async () => {
    const old = await openScenario({ brakePercent: 100 });
    const { user } = await answeredUser(old, "left", { hoursAgo: 72 });
    await closeCampaign(old.campaign.id);
    const current = await openScenario({ brakePercent: 100 });
    await answerElsewhere(user.id, current, "works_here", 24);

    const report = await runAccess({ actor: cronActor });

    expect(report.counts).toMatchObject({ downgraded: 0, wouldDowngrade: 0 });
    expect((await levelsOf([user.id]))[user.id]).toBe("subscriber");
    expect(await changesFor([user.id])).toHaveLength(0);
  });

  it("still downgrades when the left is newer than an earlier works_here", async () => {
    const old = await openScenario({ brakePercent: 100 });
    const { user } = await answeredUser(old, "works_here", { hoursAgo: 72 });
    await closeCampaign(old.campaign.id);
    const current = await openScenario({ brakePercent: 100 });
    await answerElsewhere(user.id, current, "left", 48);

    const report = await runAccess({ actor: cronActor });

    expect(report.counts.downgraded).toBe(1);
    expect((await levelsOf([user.id]))[user.id]).toBe("non_subscriber");
  });

  it("restores, while the later campaign is open, what an older campaign's left removed", async () => {
    const old = await openScenario({ brakePercent: 100 });
    const { user } = await answeredUser(old, "left", { hoursAgo: 72 });
    expect((await runAccess({ actor: cronActor })).counts.downgraded).toBe(1);
    await closeCampaign(old.campaign.id);
    const current = await openScenario({ brakePercent: 100 });
    await answerElsewhere(user.id, current, "works_here", 0);

    const report = await runAccess({ actor: cronActor });

    expect(report.counts).toMatchObject({ restored: 1, downgraded: 0 });
    expect((await levelsOf([user.id]))[user.id]).toBe("subscriber");
    expect((await runAccess({ actor: cronActor })).counts).toMatchObject({
      restored: 0,
      downgraded: 0,
    });
  });
});

describe("a later access change holds the downgrade", () => {
  it("does not downgrade again after an import gives subscriber back", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    const { user } = await answeredUser(scene, "left");
    await runAccess({ actor: cronActor });
    await importLevel(user.email, "subscriber");
    expect((await levelsOf([user.id]))[user.id]).toBe("subscriber");

    const report = await runAccess({ actor: cronActor });

    expect(report.counts).toMatchObject({ downgraded: 0, held: 1 });
    expect((await levelsOf([user.id]))[user.id]).toBe("subscriber");
    expect((await changesFor([user.id])).map((c) => c.reason)).toEqual([
      "response_left",
      "import",
    ]);
  });

  it("does not downgrade again after an admin approves the user elsewhere", async () => {
    const earlier = await openScenario({ brakePercent: 100 });
    const { user, item: confirmed } = await answeredUser(earlier, "works_here", {
      hoursAgo: 96,
    });
    await closeCampaign(earlier.campaign.id);
    const scene = await openScenario({ brakePercent: 100 });
    await answerElsewhere(user.id, scene, "left", 48);
    expect((await runAccess({ actor: cronActor })).counts.downgraded).toBe(1);
    await decideItems(
      { itemIds: [confirmed.id], decision: "approve", deferDays: 7 },
      admin,
    );
    expect((await levelsOf([user.id]))[user.id]).toBe("subscriber");

    const report = await runAccess({ actor: cronActor });

    expect(report.counts).toMatchObject({ downgraded: 0, held: 1 });
    expect((await levelsOf([user.id]))[user.id]).toBe("subscriber");
  });

  it("downgrades again once the lead answers left again after the re-grant", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    const { user, item } = await answeredUser(scene, "left");
    await runAccess({ actor: cronActor });
    await importLevel(user.email, "subscriber");
    await reanswer(item.id, "left", 0);

    const report = await runAccess({
      actor: cronActor,
      now: new Date(Date.now() + 25 * HOUR),
    });

    expect(report.counts.downgraded).toBe(1);
    expect((await levelsOf([user.id]))[user.id]).toBe("non_subscriber");
  });
});

describe("the write-time re-check", () => {
  it("does not downgrade what an admin undid after another run's plan", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    const { user } = await answeredUser(scene, "left");
    const plan = await planNow();

    await runAccess({ actor: cronActor });
    const [change] = await changesFor([user.id]);
    expect((await undoChanges([change.id], admin)).undone).toBe(1);

    const applied = await applyPlan(plan);

    expect(applied).toBe(0);
    expect((await levelsOf([user.id]))[user.id]).toBe("subscriber");
    expect(await changesFor([user.id])).toHaveLength(2);
  });

  it("does not downgrade once a later campaign says works_here after the plan", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    const { user } = await answeredUser(scene, "left");
    const plan = await planNow();
    const other = await openScenario({ brakePercent: 100 });
    await answerElsewhere(user.id, other, "works_here", 0);

    const applied = await applyPlan(plan);

    expect(applied).toBe(0);
    expect((await levelsOf([user.id]))[user.id]).toBe("subscriber");
  });
});

describe("a batch checks each planned answer again at write time", () => {
  type Planned = Awaited<ReturnType<typeof plannedUser>>;

  /** A user answered `left` 48 hours ago from an address only a rule of its own covers. */
  async function plannedUser(name: string) {
    const scene = await openScenario({ brakePercent: 100 });
    const [rule] = await getDb()
      .insert(domainRules)
      .values({ suffix: `${name}${scene.campaign.id}.example`, label: "Test" })
      .returning();
    const answered = await answeredUser(scene, "left", {
      email: `${name}@ward.${rule.suffix}`,
    });
    return { ...answered, scene, ruleId: rule.id };
  }

  /**
   * Plans a run for two users, lets `meanwhile` happen to the first, then
   * applies the whole plan as one batch. The second user, in a campaign and
   * under a rule of their own, is the control: planned alike, left alone.
   */
  async function planThenApply(meanwhile: (target: Planned) => Promise<void>) {
    const target = await plannedUser("target");
    const control = await plannedUser("control");
    const plan = await planNow();
    expect(plan.counts.wouldDowngrade).toBe(2);

    await meanwhile(target);
    const applied = await applyPlan(plan);
    const levels = await levelsOf([target.user.id, control.user.id]);
    await getDb()
      .delete(domainRules)
      .where(inArray(domainRules.id, [target.ruleId, control.ruleId]));
    return {
      applied,
      target: levels[target.user.id],
      control: levels[control.user.id],
      changes: await changesFor([target.user.id]),
    };
  }

  it.each<[string, (target: Planned) => Promise<void>]>([
    ["the lead now says works here", ({ item }) => reanswer(item.id, "works_here")],
    [
      "the lead answered again, so the grace period starts over",
      ({ item }) => reanswer(item.id, "left"),
    ],
    [
      "an admin decided to keep them",
      ({ item }) =>
        decideItems({ itemIds: [item.id], decision: "keep", deferDays: 7 }, admin).then(
          () => undefined,
        ),
    ],
    [
      "they became a lead",
      ({ user, scene }) =>
        makeLead(scene.organisation.id, { email: user.email }).then(() => undefined),
    ],
    [
      "the rule that matched their address was removed",
      async ({ ruleId }) => {
        await getDb().delete(domainRules).where(eq(domainRules.id, ruleId));
      },
    ],
    [
      "their campaign went back to draft",
      async ({ scene }) => {
        await getDb()
          .update(campaigns)
          .set({ status: "draft" })
          .where(eq(campaigns.id, scene.campaign.id));
      },
    ],
  ])("skips a user when %s", async (_, meanwhile) => {
    const outcome = await planThenApply(meanwhile);

    expect(outcome).toMatchObject({
      applied: 1,
      target: "subscriber",
      control: "non_subscriber",
      changes: [],
    });
  });

  it("downgrades with the answer as it now stands when left became unknown", async () => {
    const outcome = await planThenApply(({ item }) => reanswer(item.id, "unknown", 48));

    expect(outcome).toMatchObject({ applied: 2, target: "non_subscriber" });
    expect(outcome.changes.map((change) => change.reason)).toEqual(["response_unknown"]);
  });
});

describe("an answer given after a decision or a change on an older one", () => {
  const thirtyHoursOn = () => new Date(Date.now() + 30 * HOUR);

  it("counts a left given in a new campaign after the downgrade it caused was undone", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    const { user } = await answeredUser(scene, "left", { hoursAgo: 200 });
    const first = await runAccess({ actor: cronActor });
    expect(first.counts.downgraded).toBe(1);
    expect((await undoRun(first.runId, admin)).undone).toBe(1);
    await answerElsewhere(user.id, await openScenario({ brakePercent: 100 }), "left", 0);

    const report = await runAccess({ actor: cronActor, now: thirtyHoursOn() });

    expect(report.counts).toMatchObject({ held: 0, downgraded: 1 });
    expect((await levelsOf([user.id]))[user.id]).toBe("non_subscriber");
  });

  it("puts a left given after an admin's keep back in the admin's queue", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    const { user, item } = await answeredUser(scene, "left", {
      email: `kept.${Date.now()}@gmail.com`,
      hoursAgo: 200,
    });
    await decideItems({ itemIds: [item.id], decision: "keep", deferDays: 7 }, admin);
    await answerElsewhere(user.id, await openScenario({ brakePercent: 100 }), "left", 0);

    const report = await runAccess({
      actor: cronActor,
      dryRun: true,
      now: thirtyHoursOn(),
    });

    expect(report.counts).toMatchObject({ held: 0, notRecognised: 1 });
  });
});
