import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { domainRules } from "@/lib/db/schema";
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

const { addRuleAction, decideItemsAction, startRunAction } = await import(
  "@/lib/access/actions"
);
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
