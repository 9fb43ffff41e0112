import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { adminActor, cliActor, cronActor } from "@/lib/access/actor";
import {
  countRunChanges,
  getRun,
  listPlan,
  listRunChanges,
  listRuns,
} from "@/lib/access/queries";
import { invalidAddressReason, listQueue } from "@/lib/access/queue";
import { runAccess } from "@/lib/access/run";
import { accessRunItems, accessRuns } from "@/lib/db/schema";
import { getDb, withTestDatabase } from "../support/db";
import { answeredUser, openScenario, resetAccessData } from "./helpers";

withTestDatabase();
beforeEach(resetAccessData);

async function planRowsOf(runId: number): Promise<number> {
  const rows = await getDb()
    .select({ seq: accessRunItems.seq })
    .from(accessRunItems)
    .where(eq(accessRunItems.runId, runId));
  return rows.length;
}

describe("runs are recorded", () => {
  it("with their trigger, start, end and counts, newest first in the list", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    await answeredUser(scene, "left");
    const before = Date.now() - 1_000;
    const byCron = await runAccess({ actor: cronActor });
    const byAdmin = await runAccess({
      actor: adminActor("admin@example.org"),
      dryRun: true,
    });
    const byCli = await runAccess({ actor: cliActor });

    const listed = await listRuns();
    expect(listed.map((run) => [run.id, run.trigger, run.dryRun, run.status])).toEqual([
      [byCli.runId, "cli", false, "finished"],
      [byAdmin.runId, "admin:admin@example.org", true, "finished"],
      [byCron.runId, "cron", false, "finished"],
    ]);
    for (const run of listed) {
      expect(run.startedAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(run.finishedAt?.getTime()).toBeGreaterThanOrEqual(run.startedAt.getTime());
    }
    expect(listed[2].counts).toMatchObject({ examined: 1, downgraded: 1, remaining: 0 });
    expect(listed[1].counts).toMatchObject({ examined: 1, alreadyNonSubscriber: 1 });
    expect(listed[0].counts).toMatchObject({ downgraded: 0, alreadyNonSubscriber: 1 });
  });

  it("shows a run killed mid-way as stopped, and the next run records it so", async () => {
    const [killed] = await getDb()
      .insert(accessRuns)
      .values({ trigger: "cron", startedAt: new Date(Date.now() - 2 * 3_600_000) })
      .returning({ id: accessRuns.id });
    const [live] = await getDb()
      .insert(accessRuns)
      .values({ trigger: "cron" })
      .returning({ id: accessRuns.id });
    await getDb().execute(sql`
      insert into access_run_items (run_id, seq, category, user_id, review_item_id, campaign_id)
      values (${killed.id}, 1, 'downgrade', 1, 1, 1)`);

    const shown = Object.fromEntries(
      (await listRuns()).map((run) => [run.id, run.status]),
    );
    expect(shown).toEqual({ [killed.id]: "stopped", [live.id]: "running" });
    const [stored] = await getDb()
      .select({ status: accessRuns.status })
      .from(accessRuns)
      .where(eq(accessRuns.id, killed.id));
    expect(stored.status).toBe("running");

    await runAccess({ actor: cronActor });
    const after = await getRun(killed.id);
    expect(after).toMatchObject({
      status: "stopped",
      notes: { stopped: "did not finish" },
    });
    expect(after?.finishedAt).not.toBeNull();
    expect((await getRun(live.id))?.status).toBe("running");
    expect(await planRowsOf(killed.id)).toBe(0);
  });
});

describe("a run's changes", () => {
  it("are counted and read a page at a time", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    for (let i = 0; i < 5; i += 1) await answeredUser(scene, "left");
    const { runId } = await runAccess({ actor: cronActor });
    expect(await countRunChanges(runId)).toBe(5);
    const pages = [
      await listRunChanges(runId, 2, 0),
      await listRunChanges(runId, 2, 2),
      await listRunChanges(runId, 2, 4),
    ];
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    const ids = pages.flat().map((change) => change.id);
    expect(new Set(ids).size).toBe(5);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });
});

describe("plan rows of previews and braked runs", () => {
  it("are deleted once a newer run supersedes them, and the run says so", async () => {
    const scene = await openScenario({ brakePercent: 10 });
    for (let i = 0; i < 3; i += 1) await answeredUser(scene, "left");
    for (let i = 0; i < 7; i += 1) await answeredUser(scene, "works_here");

    const dry1 = await runAccess({ actor: cronActor, dryRun: true });
    const dry2 = await runAccess({ actor: cronActor, dryRun: true });
    expect(await planRowsOf(dry1.runId)).toBe(0);
    expect(await planRowsOf(dry2.runId)).toBe(3);
    expect((await getRun(dry1.runId))?.notes).toMatchObject({
      planRemovedAt: expect.any(String),
      supersededBy: dry2.runId,
    });

    const braked1 = await runAccess({ actor: cronActor });
    expect(braked1.status).toBe("braked");
    expect(await planRowsOf(dry2.runId)).toBe(0);

    // A preview leaves the braked run's plan for the admin who must confirm it.
    const dry3 = await runAccess({ actor: cronActor, dryRun: true });
    expect(await planRowsOf(braked1.runId)).toBe(3);
    expect((await getRun(braked1.runId))?.notes?.planRemovedAt).toBeUndefined();

    const braked2 = await runAccess({ actor: cronActor });
    expect(await planRowsOf(braked1.runId)).toBe(0);
    expect(await planRowsOf(dry3.runId)).toBe(0);
    expect(await listPlan(braked1.runId)).toEqual([]);
    expect((await getRun(braked1.runId))?.notes).toMatchObject({
      braked: [expect.objectContaining({ wouldDowngrade: 3 })],
      supersededBy: braked2.runId,
    });
    expect(await planRowsOf(braked2.runId)).toBe(3);
  });
});

describe("invalid addresses in the queue", () => {
  it("say what is wrong with them", async () => {
    const scene = await openScenario();
    await answeredUser(scene, "left", { email: "two@at@nhs.net" });
    await answeredUser(scene, "unknown", { email: "dots@nhs..net" });
    await answeredUser(scene, "left", { email: "a(b)@nhs.net" });
    await answeredUser(scene, "left", { email: "fine@gmail.com" });

    const rows = await listQueue();
    expect(Object.fromEntries(rows.map((row) => [row.email, row.invalidReason]))).toEqual(
      {
        "two@at@nhs.net": "two @ signs",
        "dots@nhs..net": expect.stringMatching(/^empty label in the domain/),
        "a(b)@nhs.net": 'character not allowed before the @: "("',
        "fine@gmail.com": null,
      },
    );
  });

  it.each([
    ["", "the address is blank"],
    ["nobody", "no @ sign"],
    ["a@b@c@nhs.net", "3 @ signs"],
    ["first last@nhs.net", "character not allowed before the @: a space"],
    [
      "a..b@nhs.net",
      "a dot at the start or end of the part before the @, or two dots together",
    ],
    ["a@", "nothing after the @"],
    ["@nhs.net", "nothing before the @"],
    [
      "a@.nhs.net",
      "empty label in the domain (two dots together, or a dot at the start)",
    ],
    ["a@nhs_mail.net", 'character not allowed in the domain: "_"'],
    ["a@nhs.n et", "character not allowed in the domain: a space"],
    ["a@-nhs.net", "a part of the domain starts or ends with a hyphen"],
  ])("%j: %s", (email, reason) => {
    expect(invalidAddressReason(email)).toBe(reason);
  });
});
