import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { adminActor, cronActor } from "@/lib/access/actor";
import { awaitingConfirmation } from "@/lib/access/queries";
import { BRAKE_EMAIL_KIND, runAccess } from "@/lib/access/run";
import { rowsOf } from "@/lib/db/client";
import { accessRuns, emailOutbox } from "@/lib/db/schema";
import { getDb, withTestDatabase } from "../support/db";
import {
  answeredUser,
  changesFor,
  levelsOf,
  openScenario,
  reanswer,
  resetAccessData,
} from "./helpers";

withTestDatabase();

beforeEach(async () => {
  await resetAccessData();
  await getDb().delete(emailOutbox);
  process.env.ADMIN_EMAILS = "first.admin@example.org, second.admin@example.org";
});
afterEach(() => {
  delete process.env.ADMIN_EMAILS;
});

/** A campaign of `total` people, `due` of them answered left long enough ago. */
async function campaignWith(due: number, total: number, brakePercent: number | null) {
  const scene = await openScenario({ brakePercent });
  const dueUsers = [];
  for (let i = 0; i < due; i += 1) dueUsers.push(await answeredUser(scene, "left"));
  for (let i = due; i < total; i += 1) await answeredUser(scene, "works_here");
  return {
    scene,
    ids: dueUsers.map((d) => d.user.id),
    items: dueUsers.map((d) => d.item),
  };
}

async function brakeMail() {
  return getDb()
    .select({
      to: emailOutbox.toEmail,
      key: emailOutbox.idempotencyKey,
      subject: emailOutbox.subject,
    })
    .from(emailOutbox)
    .where(eq(emailOutbox.kind, BRAKE_EMAIL_KIND))
    .orderBy(emailOutbox.id);
}

describe("the brake's boundary", () => {
  it("lets exactly the share through (1 of 5 at 20%)", async () => {
    const { ids } = await campaignWith(1, 5, 20);
    const report = await runAccess({ actor: cronActor });
    expect(report.status).toBe("finished");
    expect(await levelsOf(ids)).toEqual({ [ids[0]]: "non_subscriber" });
  });

  it("stops just over the share (1 of 4 at 20%), also with the default share", async () => {
    const { ids } = await campaignWith(1, 4, 20);
    const report = await runAccess({ actor: cronActor });
    expect(report.status).toBe("braked");
    expect(report.braked).toEqual([
      expect.objectContaining({ wouldDowngrade: 1, users: 4, limitPercent: 20 }),
    ]);
    expect(await changesFor(ids)).toHaveLength(0);

    await resetAccessData();
    await campaignWith(1, 5, null);
    expect((await runAccess({ actor: cronActor })).status).toBe("finished");
    await resetAccessData();
    await campaignWith(1, 4, null);
    expect((await runAccess({ actor: cronActor })).status).toBe("braked");
  });
});

describe("confirming a braked run", () => {
  it("applies no more than the admin saw: one more due person stops it again", async () => {
    const { scene, ids } = await campaignWith(3, 10, 10);
    const braked = await runAccess({ actor: cronActor });
    expect(braked.braked[0]).toMatchObject({ wouldDowngrade: 3 });

    const late = await answeredUser(scene, "left");
    const admin = adminActor("admin@example.org");
    const again = await runAccess({ actor: admin, confirmRunId: braked.runId });
    expect(again.status).toBe("braked");
    expect(again.braked[0]).toMatchObject({ wouldDowngrade: 4 });
    expect(await changesFor([...ids, late.user.id])).toHaveLength(0);

    const confirmed = await runAccess({ actor: admin, confirmRunId: again.runId });
    expect(confirmed).toMatchObject({ status: "finished", counts: { downgraded: 4 } });
  });

  it("goes ahead with fewer than the admin saw", async () => {
    const { items } = await campaignWith(3, 10, 10);
    const braked = await runAccess({ actor: cronActor });
    await reanswer(items[0].id, "works_here");
    const confirmed = await runAccess({
      actor: adminActor("admin@example.org"),
      confirmRunId: braked.runId,
    });
    expect(confirmed).toMatchObject({ status: "finished", counts: { downgraded: 2 } });
  });

  it("refuses a run that is not braked, and starts nothing", async () => {
    await campaignWith(1, 10, 100);
    const finished = await runAccess({ actor: cronActor });
    const before = await getDb().select().from(accessRuns);
    await expect(
      runAccess({ actor: cronActor, confirmRunId: finished.runId }),
    ).rejects.toThrow(/not waiting for a confirmation/);
    expect(await getDb().select().from(accessRuns)).toHaveLength(before.length);
  });

  it("a confirmed run stopped by its time budget is not braked again by the next run", async () => {
    const { ids } = await campaignWith(4, 10, 10);
    const braked = await runAccess({ actor: cronActor });
    const stopped = await runAccess({
      actor: adminActor("admin@example.org"),
      confirmRunId: braked.runId,
      timeBudgetMs: 0,
    });
    expect(stopped).toMatchObject({ status: "finished", counts: { remaining: 4 } });

    const preview = await runAccess({ actor: cronActor, dryRun: true });
    expect(preview.braked).toEqual([]);
    const next = await runAccess({ actor: cronActor });
    expect(next).toMatchObject({ status: "finished", counts: { downgraded: 4 } });
    expect(Object.values(await levelsOf(ids))).toEqual(Array(4).fill("non_subscriber"));

    // The confirmation ends with the set it covered: new answers brake afresh.
    const fresh = await campaignWith(3, 10, 10);
    expect((await runAccess({ actor: cronActor })).status).toBe("braked");
    expect(await changesFor(fresh.ids)).toHaveLength(0);
  });
});

describe("previews and notices", () => {
  it("a dry run reports where a real run would stop, and changes nothing", async () => {
    const { scene, ids } = await campaignWith(3, 10, 10);
    const dry = await runAccess({ actor: cronActor, dryRun: true });
    expect(dry.status).toBe("finished");
    expect(dry.braked).toEqual([
      expect.objectContaining({ campaignId: scene.campaign.id, wouldDowngrade: 3 }),
    ]);
    const [run] = await getDb()
      .select({ notes: accessRuns.notes })
      .from(accessRuns)
      .where(eq(accessRuns.id, dry.runId));
    expect(run.notes).toMatchObject({ braked: [{ campaignId: scene.campaign.id }] });
    expect(await changesFor(ids)).toHaveLength(0);
    expect(await brakeMail()).toHaveLength(0);
    expect(await awaitingConfirmation()).toBeNull();
  });

  it("a braked scheduled run emails each admin once, and waits on the access page", async () => {
    const { scene } = await campaignWith(3, 10, 10);
    const braked = await runAccess({ actor: cronActor });
    expect(await brakeMail()).toEqual([
      {
        to: "first.admin@example.org",
        key: `${BRAKE_EMAIL_KIND}:${braked.runId}:first.admin@example.org`,
        subject: expect.stringContaining(`Access run ${braked.runId} stopped`),
      },
      expect.objectContaining({ to: "second.admin@example.org" }),
    ]);
    expect(await awaitingConfirmation()).toMatchObject({
      runId: braked.runId,
      braked: [{ campaignId: scene.campaign.id, wouldDowngrade: 3 }],
    });

    // The same stop an hour later tells the admins nothing new.
    const repeat = await runAccess({ actor: cronActor });
    expect(repeat.status).toBe("braked");
    expect(await brakeMail()).toHaveLength(2);
    expect((await awaitingConfirmation())?.runId).toBe(repeat.runId);

    // A changed stop is news; an admin's own run is on their screen already.
    await answeredUser(scene, "left");
    const changed = await runAccess({ actor: cronActor });
    expect((await brakeMail()).slice(2).map((m) => m.key)).toEqual([
      `${BRAKE_EMAIL_KIND}:${changed.runId}:first.admin@example.org`,
      `${BRAKE_EMAIL_KIND}:${changed.runId}:second.admin@example.org`,
    ]);
    await answeredUser(scene, "left");
    await runAccess({ actor: adminActor("admin@example.org") });
    expect(await brakeMail()).toHaveLength(4);

    const latest = await awaitingConfirmation();
    await runAccess({ actor: cronActor, confirmRunId: latest?.runId });
    expect(await awaitingConfirmation()).toBeNull();
    const [audits] = rowsOf<{ n: number }>(
      await getDb().execute(
        sql`select count(*)::int as n from audit_events where action = 'access.run_braked'`,
      ),
    );
    expect(Number(audits.n)).toBe(4);
  });
});
