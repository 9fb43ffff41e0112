import { execFile } from "node:child_process";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accessChanges, accessRuns, campaigns } from "@/lib/db/schema";
import { getDb } from "../support/db";
import { withThrowawayDatabase } from "../support/throwaway";
import { answeredUser, levelsOf, openScenario } from "./helpers";

/**
 * `npm run cron:downgrade` as a shell runs it: a child process (tsx) on a
 * database of its own, a clone of the migrated template (see
 * tests/support/throwaway.ts); this file opens its own handle on it only
 * between runs.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const SCRIPT = path.join(ROOT, "scripts/cron-downgrade.ts");

interface CliResult {
  code: number | null;
  report: Record<string, unknown> & {
    runId: number;
    status: string;
    dryRun: boolean;
    counts: Record<string, number>;
    braked: { campaignId: number; wouldDowngrade: number }[];
    changes?: { userId: number; category: string }[];
  };
  stderr: string;
}

function runCli(env: Record<string, string>, args: string[] = []): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(
      TSX,
      [SCRIPT, ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: 90_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        if (error && code === null) return reject(error);
        try {
          resolve({ code, report: JSON.parse(stdout), stderr });
        } catch {
          reject(new Error(`not JSON (exit ${code}): ${stdout}\n${stderr}`));
        }
      },
    );
  });
}

const database = withThrowawayDatabase("cli");
const { withDatabase } = database;

describe("npm run cron:downgrade", () => {
  it("previews with --dry-run, stops at the brake with exit 2, then runs", async () => {
    const seeded = await withDatabase(async () => {
      const braking = await openScenario({ brakePercent: 10 });
      const held = [];
      for (let i = 0; i < 2; i += 1)
        held.push((await answeredUser(braking, "left")).user.id);
      for (let i = 0; i < 8; i += 1) await answeredUser(braking, "works_here");
      return { held, campaignId: braking.campaign.id };
    });

    const dry = await runCli(database.env, ["--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.report).toMatchObject({
      dryRun: true,
      status: "finished",
      counts: { wouldDowngrade: 2, downgraded: 0 },
      braked: [{ campaignId: seeded.campaignId, wouldDowngrade: 2 }],
    });
    expect(dry.report.changes?.map((c) => c.userId).sort()).toEqual(
      [...seeded.held].sort(),
    );
    await withDatabase(async () => {
      expect(Object.values(await levelsOf(seeded.held))).toEqual([
        "subscriber",
        "subscriber",
      ]);
      expect(await getDb().select().from(accessChanges)).toHaveLength(0);
    });

    const braked = await runCli(database.env);
    expect(braked.code).toBe(2);
    expect(braked.report).toMatchObject({
      status: "braked",
      braked: [{ campaignId: seeded.campaignId, wouldDowngrade: 2 }],
    });

    await withDatabase(async () => {
      const runs = await getDb()
        .select({ trigger: accessRuns.trigger, status: accessRuns.status })
        .from(accessRuns)
        .orderBy(accessRuns.id);
      expect(runs).toEqual([
        { trigger: "cli", status: "finished" },
        { trigger: "cli", status: "braked" },
      ]);
      expect(await getDb().select().from(accessChanges)).toHaveLength(0);
      // An admin raises the campaign's brake share, as its settings form does.
      await getDb()
        .update(campaigns)
        .set({ brakePercent: 100 })
        .where(eq(campaigns.id, seeded.campaignId));
    });

    const ran = await runCli(database.env);
    expect(ran.code).toBe(0);
    expect(ran.report).toMatchObject({
      status: "finished",
      dryRun: false,
      counts: { downgraded: 2, remaining: 0 },
      braked: [],
    });
    expect(ran.report.changes).toBeUndefined();
    await withDatabase(async () => {
      expect(Object.values(await levelsOf(seeded.held))).toEqual([
        "non_subscriber",
        "non_subscriber",
      ]);
      const changes = await getDb()
        .select({ actor: accessChanges.actor, runId: accessChanges.runId })
        .from(accessChanges);
      expect(changes).toEqual([
        { actor: "cli", runId: ran.report.runId },
        { actor: "cli", runId: ran.report.runId },
      ]);
    });
  }, 300_000);
});
