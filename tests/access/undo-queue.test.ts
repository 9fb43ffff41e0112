import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { adminActor, cronActor } from "@/lib/access/actor";
import { decideItems, listApprovals, listQueue } from "@/lib/access/queue";
import { runAccess } from "@/lib/access/run";
import { describeRefusal, RunStillGoing, undoChanges, undoRun } from "@/lib/access/undo";
import { importCsv } from "@/lib/csv/import";
import {
  accessRuns,
  auditEvents,
  campaigns,
  organisations,
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

const admin = adminActor("admin@example.org");

/**
 * Sets one user's access level through a users CSV import, as an admin would,
 * keeping them at their organisation (import codes are upper case).
 */
async function importLevel(email: string, level: string, organisationId: number) {
  const [organisation] = await getDb()
    .update(organisations)
    .set({ code: sql`upper(${organisations.code})` })
    .where(eq(organisations.id, organisationId))
    .returning({ code: organisations.code });
  const csv = [
    "email,full_name,organisation_code,role,access_level,last_sign_in_at",
    `${email},Imported Person,${organisation.code},,${level},`,
  ].join("\n");
  const outcome = await importCsv("users", csv, { actor: "admin@example.org" });
  expect(outcome.ok ? [] : outcome.problems).toEqual([]);
}

describe("undo", () => {
  it("refuses to undo a run that is still going, and undoes it once finished", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    const answered = await Promise.all(
      Array.from({ length: 4 }, () => answeredUser(scene, "left")),
    );
    const ids = answered.map(({ user }) => user.id);
    const report = await runAccess({ actor: cronActor, batchSize: 2 });
    // As the run stands between two batches: its first changes written.
    const markRun = (status: "running" | "finished") =>
      getDb().update(accessRuns).set({ status }).where(eq(accessRuns.id, report.runId));
    await markRun("running");

    await expect(undoRun(report.runId, admin)).rejects.toBeInstanceOf(RunStillGoing);
    expect(Object.values(await levelsOf(ids))).toEqual(Array(4).fill("non_subscriber"));

    await markRun("finished");
    expect((await undoRun(report.runId, admin)).undone).toBe(4);
    expect(Object.values(await levelsOf(ids))).toEqual(Array(4).fill("subscriber"));
  });

  it("undoes one change, records it, and the next run leaves the user alone", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    const a = await answeredUser(scene, "left");
    const b = await answeredUser(scene, "left");
    await runAccess({ actor: cronActor });
    const [change] = await changesFor([a.user.id]);

    expect(await undoChanges([change.id], admin)).toEqual({
      undone: 1,
      skipped: 0,
      refused: [],
    });

    expect(await levelsOf([a.user.id, b.user.id])).toEqual({
      [a.user.id]: "subscriber",
      [b.user.id]: "non_subscriber",
    });
    const [original, undo] = await changesFor([a.user.id]);
    expect(original.revertedBy).toBe("admin:admin@example.org");
    expect(undo).toMatchObject({
      reason: "undo",
      revertsId: change.id,
      toLevel: "subscriber",
    });
    const audits = await getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "access.undo"));
    expect(audits).toHaveLength(1);

    expect(await undoChanges([change.id], admin)).toEqual({
      undone: 0,
      skipped: 0,
      refused: [],
    });
    const next = await runAccess({ actor: cronActor });
    expect(next.counts).toMatchObject({ downgraded: 0, held: 1 });
    expect((await levelsOf([a.user.id]))[a.user.id]).toBe("subscriber");
  });

  it("refuses to undo a change that later imports moved on from, and says why", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    const { user, item } = await answeredUser(scene, "left");
    await runAccess({ actor: cronActor });
    const [downgrade] = await changesFor([user.id]);
    await importLevel(user.email, "subscriber", scene.organisation.id);
    await importLevel(user.email, "non_subscriber", scene.organisation.id);
    await reanswer(item.id, "works_here");

    const report = await runAccess({ actor: cronActor });
    expect(report.counts).toMatchObject({ restored: 0, wouldRestore: 0 });
    expect((await levelsOf([user.id]))[user.id]).toBe("non_subscriber");
    // Not restored by the run, so an admin is asked to approve them.
    expect((await listApprovals()).map((row) => row.userId)).toEqual([user.id]);
    const before = await getDb().select().from(users).where(eq(users.id, user.id));

    const undo = await undoChanges([downgrade.id], admin);

    expect(undo).toEqual({
      undone: 0,
      skipped: 1,
      refused: [
        { changeId: downgrade.id, reason: "later_change", laterReason: "import" },
      ],
    });
    expect(describeRefusal(undo.refused[0])).toBe(
      "Not undone: a later access change (import) has been made for this person since, and undoing this one would overwrite it.",
    );
    expect(await getDb().select().from(users).where(eq(users.id, user.id))).toEqual(
      before,
    );
    expect((await changesFor([user.id])).map((c) => [c.reason, c.revertedAt])).toEqual([
      ["response_left", null],
      ["import", null],
      ["import", null],
    ]);
  });

  it("refuses to undo when the level was changed without a record", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    const a = await answeredUser(scene, "left");
    await runAccess({ actor: cronActor });
    const [change] = await changesFor([a.user.id]);
    await getDb()
      .update(users)
      .set({ accessLevel: "subscriber" })
      .where(eq(users.id, a.user.id));

    expect(await undoChanges([change.id], admin)).toEqual({
      undone: 0,
      skipped: 1,
      refused: [{ changeId: change.id, reason: "level_moved" }],
    });
    expect(await changesFor([a.user.id])).toHaveLength(1);
  });

  it("undoes a whole run", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    const made = [];
    for (let i = 0; i < 4; i += 1) made.push(await answeredUser(scene, "unknown"));
    const ids = made.map((x) => x.user.id);
    const report = await runAccess({ actor: cronActor, batchSize: 3 });

    expect(await undoRun(report.runId, admin)).toEqual({
      undone: 4,
      skipped: 0,
      refused: [],
    });
    expect(Object.values(await levelsOf(ids))).toEqual(Array(4).fill("subscriber"));
    expect((await changesFor(ids)).filter((c) => c.reason === "undo")).toHaveLength(4);
    expect(await undoRun(report.runId, admin)).toEqual({
      undone: 0,
      skipped: 0,
      refused: [],
    });
  });
});

describe("admin queue", () => {
  it("lists answers without a recognised domain and leads, and applies decisions", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    const gmail = await answeredUser(scene, "left", { email: "g@gmail.com" });
    const other = await answeredUser(scene, "unknown", { email: "h@company.co.uk" });
    const later = await answeredUser(scene, "unknown", { email: "i@company.co.uk" });
    const lead = await answeredUser(scene, "left", { email: "boss@nhs.net" });
    await makeLead(scene.organisation.id, { email: "boss@nhs.net" });
    await answeredUser(scene, "left", { email: "auto@nhs.net" });

    const queue = await listQueue();
    expect(queue.map((row) => [row.userId, row.category]).sort()).toEqual(
      [
        [gmail.user.id, "not_recognised"],
        [other.user.id, "not_recognised"],
        [later.user.id, "not_recognised"],
        [lead.user.id, "lead"],
      ].sort(),
    );
    expect(queue.find((row) => row.userId === gmail.user.id)).toMatchObject({
      domain: "gmail.com",
      response: "left",
    });

    await decideItems(
      { itemIds: [gmail.item.id], decision: "downgrade", deferDays: 7 },
      admin,
    );
    await decideItems(
      { itemIds: [other.item.id], decision: "keep", deferDays: 7 },
      admin,
    );
    await decideItems(
      { itemIds: [later.item.id], decision: "defer", deferDays: 7 },
      admin,
    );

    expect((await listQueue()).map((row) => row.userId)).toEqual([lead.user.id]);
    expect(await levelsOf([gmail.user.id, other.user.id, later.user.id])).toEqual({
      [gmail.user.id]: "non_subscriber",
      [other.user.id]: "subscriber",
      [later.user.id]: "subscriber",
    });
    const [change] = await changesFor([gmail.user.id]);
    expect(change).toMatchObject({ reason: "admin_decision", actor: admin.name });
    const report = await runAccess({ actor: cronActor });
    expect(report.counts).toMatchObject({ downgraded: 1, flaggedLeads: 1, held: 2 });
  });

  it("lists confirmed users below subscriber for approval, and approves them", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    const confirmed = await answeredUser(scene, "works_here", {
      accessLevel: "non_subscriber",
    });
    await answeredUser(scene, "works_here");
    await getDb().update(campaigns).set({ status: "closed" });

    const approvals = await listApprovals();
    expect(approvals.map((row) => row.userId)).toEqual([confirmed.user.id]);

    const result = await decideItems(
      { itemIds: [confirmed.item.id], decision: "approve", deferDays: 7 },
      admin,
    );
    expect(result.changed).toBe(1);
    expect((await levelsOf([confirmed.user.id]))[confirmed.user.id]).toBe("subscriber");
    expect(await listApprovals()).toHaveLength(0);
  });
});
