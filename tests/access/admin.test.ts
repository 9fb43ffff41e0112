import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { listChanges } from "@/lib/access/queries";
import { auditEvents, campaigns, domainRules } from "@/lib/db/schema";
import { getDb, withTestDatabase } from "../support/db";
import {
  answeredUser,
  changesFor,
  levelsOf,
  openScenario,
  resetAccessData,
} from "./helpers";

const session = vi.hoisted(() => ({ email: null as string | null }));
vi.mock("@/lib/auth/admin", async (original) => {
  const actual = await original<typeof import("@/lib/auth/admin")>();
  const getAdmin = async () => (session.email ? { email: session.email } : null);
  return {
    ...actual,
    getAdmin,
    adminAction: ((name, schema, handler) => async (_previous: unknown, raw: unknown) => {
      const { runGuarded } = await import("@/lib/auth/guard");
      return runGuarded({
        name,
        schema,
        raw,
        authorise: async () =>
          (await getAdmin()) ?? { denied: "Your session has ended." },
        handler,
      });
    }) as typeof actual.adminAction,
  };
});

const {
  addRuleAction,
  campaignAccessSettingsAction,
  decideItemsAction,
  editRuleLabelAction,
  startRunAction,
  undoChangeAction,
} = await import("@/lib/access/actions");
const { GET: exportCsv } = await import("@/app/admin/access/export/route");

vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

withTestDatabase();
beforeEach(async () => {
  await resetAccessData();
  session.email = null;
});

function form(values: Record<string, string | string[]>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) {
    for (const one of Array.isArray(value) ? value : [value]) data.append(key, one);
  }
  return data;
}

describe("admin access actions", () => {
  it("refuses a run without an admin session and changes nothing", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    const { user } = await answeredUser(scene, "left");
    const result = await startRunAction(undefined, form({ mode: "real" }));
    expect(result.ok).toBe(false);
    expect(await levelsOf([user.id])).toEqual({ [user.id]: "subscriber" });
    expect(await changesFor([user.id])).toHaveLength(0);
  });

  it("refuses a queue decision without a session, applies it with one", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    const a = await answeredUser(scene, "left", { email: "a@gmail.com" });
    const b = await answeredUser(scene, "left", { email: "b@gmail.com" });
    const input = form({
      itemIds: [String(a.item.id), String(b.item.id)],
      decision: "downgrade",
    });

    expect((await decideItemsAction(undefined, input)).ok).toBe(false);
    expect(Object.values(await levelsOf([a.user.id, b.user.id]))).toEqual([
      "subscriber",
      "subscriber",
    ]);

    session.email = "admin@example.org";
    expect((await decideItemsAction(undefined, input)).ok).toBe(true);
    expect(Object.values(await levelsOf([a.user.id, b.user.id]))).toEqual([
      "non_subscriber",
      "non_subscriber",
    ]);
  });

  it("validates a new domain rule and refuses a duplicate", async () => {
    session.email = "admin@example.org";
    const bad = await addRuleAction(undefined, form({ suffix: "nhs..net", label: "x" }));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.fieldErrors?.suffix).toBeTruthy();

    const dup = await addRuleAction(undefined, form({ suffix: "NHS.NET.", label: "x" }));
    expect(dup).toMatchObject({ ok: false, error: "nhs.net is already a rule." });

    const good = await addRuleAction(
      undefined,
      form({ suffix: "ccg.example.org", label: "CCG" }),
    );
    expect(good.ok).toBe(true);
    const rows = await getDb()
      .select()
      .from(domainRules)
      .where(eq(domainRules.suffix, "ccg.example.org"));
    expect(rows).toHaveLength(1);
  });

  it("exports access changes as CSV to an admin only", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    await answeredUser(scene, "left", { email: "csv.person@nhs.net" });
    session.email = "admin@example.org";
    await startRunAction(undefined, form({ mode: "real" }));

    session.email = null;
    expect((await exportCsv()).status).toBe(401);

    session.email = "admin@example.org";
    const text = await (await exportCsv()).text();
    const lines = text.trim().split("\n");
    expect(lines[0]).toContain("change_id,created_at,email");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(
      "csv.person@nhs.net,subscriber,non_subscriber,response_left",
    );
  });
});

async function auditsOf(action: string) {
  return getDb()
    .select({ actorId: auditEvents.actorId, data: auditEvents.data })
    .from(auditEvents)
    .where(eq(auditEvents.action, action));
}

async function settingsOf(campaignId: number) {
  const [row] = await getDb()
    .select({ graceHours: campaigns.graceHours, brakePercent: campaigns.brakePercent })
    .from(campaigns)
    .where(eq(campaigns.id, campaignId));
  return row;
}

describe("campaign access settings", () => {
  it("saves the grace period and brake share, audited with before and after", async () => {
    const { campaign } = await openScenario();
    session.email = "admin@example.org";
    const id = String(campaign.id);
    const saved = await campaignAccessSettingsAction(
      undefined,
      form({ campaignId: id, graceHours: "72", brakePercent: "35" }),
    );
    expect(saved.ok).toBe(true);
    expect(await settingsOf(campaign.id)).toEqual({ graceHours: 72, brakePercent: 35 });
    const [event] = (await auditsOf("campaign.access_settings_changed")).slice(-1);
    expect(event).toMatchObject({
      actorId: "admin@example.org",
      data: {
        before: { graceHours: 24, brakePercent: null },
        after: { graceHours: 72, brakePercent: 35 },
      },
    });

    // An empty brake goes back to the default share.
    const cleared = await campaignAccessSettingsAction(
      undefined,
      form({ campaignId: id, graceHours: "0", brakePercent: "" }),
    );
    expect(cleared.ok).toBe(true);
    expect(await settingsOf(campaign.id)).toEqual({ graceHours: 0, brakePercent: null });
  });

  it("refuses values out of bounds with a message on the field, and saves nothing", async () => {
    const { campaign } = await openScenario();
    session.email = "admin@example.org";
    const id = String(campaign.id);
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ graceHours: "721", brakePercent: "20" }, "graceHours", /720 hours/],
      [{ graceHours: "-1", brakePercent: "20" }, "graceHours", /negative/],
      [{ graceHours: "1.5", brakePercent: "20" }, "graceHours", /whole number/],
      [{ graceHours: "soon", brakePercent: "20" }, "graceHours", /in hours/],
      [{ graceHours: "", brakePercent: "20" }, "graceHours", /in hours/],
      [{ graceHours: "24", brakePercent: "0" }, "brakePercent", /at least 1%/],
      [{ graceHours: "24", brakePercent: "101" }, "brakePercent", /more than 100%/],
    ];
    for (const [values, field, message] of cases) {
      const result = await campaignAccessSettingsAction(
        undefined,
        form({ campaignId: id, ...values }),
      );
      expect(result.ok, JSON.stringify(values)).toBe(false);
      expect(!result.ok && result.fieldErrors?.[field]?.[0]).toMatch(message);
    }
    expect(await settingsOf(campaign.id)).toEqual({ graceHours: 24, brakePercent: null });
    expect(await auditsOf("campaign.access_settings_changed")).toHaveLength(0);
  });

  it("refuses someone who is not an admin, and changes nothing", async () => {
    const { campaign } = await openScenario();
    const result = await campaignAccessSettingsAction(
      undefined,
      form({ campaignId: String(campaign.id), graceHours: "1", brakePercent: "100" }),
    );
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/session/) });
    expect(await settingsOf(campaign.id)).toEqual({ graceHours: 24, brakePercent: null });
  });
});

describe("domain rule edits", () => {
  it("refuses a suffix of one label with a clear message", async () => {
    session.email = "admin@example.org";
    for (const suffix of ["uk", "NET", ".net", "@uk."]) {
      const result = await addRuleAction(undefined, form({ suffix, label: "Too wide" }));
      expect(result.ok, suffix).toBe(false);
      expect(!result.ok && result.fieldErrors?.suffix?.[0]).toMatch(/at least two parts/);
    }
    const rows = await getDb()
      .select()
      .from(domainRules)
      .where(eq(domainRules.label, "Too wide"));
    expect(rows).toHaveLength(0);
  });

  it("changes a rule's label, audited, only for an admin", async () => {
    session.email = "admin@example.org";
    const added = await addRuleAction(
      undefined,
      form({ suffix: "label.example.org", label: "Old label" }),
    );
    const ruleId = added.ok ? String(added.data.id) : "0";

    session.email = null;
    const refused = await editRuleLabelAction(
      undefined,
      form({ ruleId, label: "Sneaky" }),
    );
    expect(refused.ok).toBe(false);

    session.email = "admin@example.org";
    const blank = await editRuleLabelAction(undefined, form({ ruleId, label: "  " }));
    expect(!blank.ok && blank.fieldErrors?.label).toBeTruthy();
    expect(
      (await editRuleLabelAction(undefined, form({ ruleId, label: "New label" }))).ok,
    ).toBe(true);

    const [rule] = await getDb()
      .select({ suffix: domainRules.suffix, label: domainRules.label })
      .from(domainRules)
      .where(eq(domainRules.id, Number(ruleId)));
    expect(rule).toEqual({ suffix: "label.example.org", label: "New label" });
    expect(await auditsOf("access.rule.label")).toEqual([
      {
        actorId: "admin@example.org",
        data: { suffix: "label.example.org", before: "Old label", after: "New label" },
      },
    ]);
  });
});

describe("every access change, with undo", () => {
  it("lists queue decisions and run changes, searchable by email and paged", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    const queued = await answeredUser(scene, "left", { email: "Queue.Person@gmail.com" });
    const ran = await answeredUser(scene, "left", { email: "run.person@nhs.net" });
    session.email = "admin@example.org";
    await decideItemsAction(
      undefined,
      form({ itemIds: String(queued.item.id), decision: "downgrade" }),
    );
    await startRunAction(undefined, form({ mode: "real" }));

    const all = await listChanges();
    expect(all.rows.map((row) => [row.email, row.reason, row.undoable])).toEqual([
      ["run.person@nhs.net", "response_left", true],
      ["Queue.Person@gmail.com", "admin_decision", true],
    ]);
    const found = await listChanges({ search: " QUEUE.person " });
    expect(found.rows.map((row) => row.email)).toEqual(["Queue.Person@gmail.com"]);
    expect((await listChanges({ search: "%" })).rows).toHaveLength(0);

    const first = await listChanges({ limit: 1 });
    const second = await listChanges({ limit: 1, offset: 1 });
    expect([first.hasMore, second.hasMore]).toEqual([true, false]);
    expect(second.rows[0].email).toBe("Queue.Person@gmail.com");
    expect(ran.user.id).toBeGreaterThan(0);
  });

  it("undoes a queue decision from the list, and refuses someone who is not an admin", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    const { user, item } = await answeredUser(scene, "left", { email: "q@gmail.com" });
    session.email = "admin@example.org";
    await decideItemsAction(
      undefined,
      form({ itemIds: String(item.id), decision: "downgrade" }),
    );
    const [change] = (await listChanges({ search: "q@gmail.com" })).rows;
    expect(change).toMatchObject({ reason: "admin_decision", undoable: true });

    session.email = null;
    const refused = await undoChangeAction(
      undefined,
      form({ changeId: String(change.id) }),
    );
    expect(refused.ok).toBe(false);
    expect(await levelsOf([user.id])).toEqual({ [user.id]: "non_subscriber" });

    session.email = "admin@example.org";
    const undone = await undoChangeAction(
      undefined,
      form({ changeId: String(change.id) }),
    );
    expect(undone.ok).toBe(true);
    expect(await levelsOf([user.id])).toEqual({ [user.id]: "subscriber" });
    const rows = (await listChanges({ search: "q@gmail.com" })).rows;
    expect(
      rows.map((row) => [row.reason, row.undoable, row.revertedAt !== null]),
    ).toEqual([
      ["undo", false, false],
      ["admin_decision", false, true],
    ]);
    const again = await undoChangeAction(
      undefined,
      form({ changeId: String(change.id) }),
    );
    expect(again.ok).toBe(false);
  });
});

describe("confirming a braked run", () => {
  it("refuses a braked run that a newer run has replaced", async () => {
    const scene = await openScenario({ brakePercent: 10 });
    await answeredUser(scene, "left");
    await answeredUser(scene, "works_here");
    session.email = "admin@example.org";
    const first = await startRunAction(undefined, form({ mode: "real" }));
    const second = await startRunAction(undefined, form({ mode: "real" }));
    expect([first.ok && first.data.status, second.ok && second.data.status]).toEqual([
      "braked",
      "braked",
    ]);
    const oldId = first.ok ? String(first.data.runId) : "";
    const refused = await startRunAction(
      undefined,
      form({ mode: "real", confirmRunId: oldId }),
    );
    expect(refused).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no longer the latest/),
    });
    const newId = second.ok ? String(second.data.runId) : "";
    const confirmed = await startRunAction(
      undefined,
      form({ mode: "real", confirmRunId: newId }),
    );
    expect(confirmed).toMatchObject({ ok: true, data: { status: "finished" } });
    const audits = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "access.run_braked")));
    expect(audits).toHaveLength(2);
  });
});
