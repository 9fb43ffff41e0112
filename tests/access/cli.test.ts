import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  type Connection,
  connectPglite,
  connectPostgres,
  setConnection,
} from "@/lib/db/client";
import { accessChanges, accessRuns, campaigns } from "@/lib/db/schema";
import { getDb } from "../support/db";
import { answeredUser, levelsOf, openScenario } from "./helpers";

/**
 * `npm run cron:downgrade` as a shell runs it: a child process (tsx) on a
 * database of its own, a clone of the migrated template. On a server that
 * is a throwaway database named by DATABASE_URL; on PGlite a data folder
 * loaded from the template's dump, named by PGLITE_DATA_DIR. PGlite is one
 * process per folder, so this file closes its own handle while the child
 * runs and opens it again to look.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const SCRIPT = path.join(ROOT, "scripts/cron-downgrade.ts");

interface Throwaway {
  env: Record<string, string>;
  open(): Connection;
  drop(): Promise<void>;
}

async function serverDatabase(serverUrl: string, template: string): Promise<Throwaway> {
  const name = `sr_cli_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${template}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    open: () => connectPostgres(url.toString(), 2),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

async function pgliteFolder(template: string): Promise<Throwaway> {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), "sr-cli-"));
  const dir = path.join(parent, "pglite");
  const loaded = connectPglite(dir, new Blob([fs.readFileSync(template)]));
  await loaded.close();
  return {
    env: { DATABASE_URL: "", PGLITE_DATA_DIR: dir },
    open: () => connectPglite(dir),
    async drop() {
      fs.rmSync(parent, { recursive: true, force: true });
    },
  };
}

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

const db = {} as { throwaway: Throwaway; connection?: Connection };

/** Runs `work` with this file's own handle on the throwaway database, then closes it. */
async function withDatabase<T>(work: () => Promise<T>): Promise<T> {
  const connection = db.throwaway.open();
  setConnection(connection);
  try {
    return await work();
  } finally {
    setConnection(undefined);
    await connection.close();
  }
}

beforeAll(async () => {
  const template = inject("databaseTemplate");
  const serverUrl = process.env.TEST_DATABASE_URL;
  db.throwaway = serverUrl
    ? await serverDatabase(serverUrl, template)
    : await pgliteFolder(template);
}, 120_000);
afterAll(async () => {
  await db.throwaway?.drop();
});

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

    const dry = await runCli(db.throwaway.env, ["--dry-run"]);
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

    const braked = await runCli(db.throwaway.env);
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

    const ran = await runCli(db.throwaway.env);
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
