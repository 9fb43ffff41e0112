import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DrainResult } from "@/lib/mail/worker";
import { type FakeResend, startFakeResend } from "@/tests/support/fake-resend";
import { withThrowawayDatabase } from "@/tests/support/throwaway";
import { clearOutbox, outboxRows, queueFor, sentCounts } from "./support";

/**
 * Issue #4: a real worker process, killed with SIGKILL at a known point of a
 * run, and a second one started after it, on a database of their own (see
 * tests/support/throwaway.ts). The fake Resend runs here and holds chosen
 * requests open, so the kill lands while a batch is on its way. On PGlite the
 * folder is opened again after each kill, which also proves that it recovers
 * from a process killed while holding it.
 *
 * The worker runs as `node --import tsx`, one process: the tsx command runs the
 * script in a child of its own, which would outlive a SIGKILL sent to tsx.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const WORKER = path.join(ROOT, "tests/mail/drain-worker.ts");
/**
 * The killed worker's lease: long enough that, before the kill, its second
 * lane cannot take over a batch the first still holds, even on a loaded
 * machine; short enough that the restarted worker soon may.
 */
const LEASE_SECONDS = 5;
/** A restarted worker that has not finished by then is stuck: kill it and say so. */
const FINISH_WITHIN_MS = 60_000;

const database = withThrowawayDatabase("mail_kill");
const { withDatabase } = database;
const started = new Set<ChildProcess>();
let fake: FakeResend;

beforeAll(async () => {
  fake = await startFakeResend({ apiKey: "re_test_kill" });
});

afterAll(async () => {
  await fake.close();
});

beforeEach(async () => {
  fake.reset();
  await withDatabase(clearOutbox);
});

afterEach(() => {
  // A test that failed part-way may leave its worker running.
  for (const child of started) child.kill("SIGKILL");
  started.clear();
});

interface WorkerProcess {
  /** Resolves as `event` does, or rejects if the worker exits first. */
  until<T>(event: Promise<T>): Promise<T>;
  kill(): Promise<void>;
  /** Waits for a clean exit and returns the counts of each drainOutbox run. */
  finished(): Promise<DrainResult[]>;
}

type Exit = { code: number | null; signal: string | null };

function startWorker(leaseSeconds?: number): WorkerProcess {
  const args = ["--import", "tsx", WORKER];
  if (leaseSeconds) args.push("--lease-seconds", String(leaseSeconds));
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      ...database.env,
      RESEND_API_KEY: fake.apiKey,
      RESEND_BASE_URL: fake.url,
      EMAIL_FROM: "Subscriber Review <review@example.org>",
      RESEND_RATE_LIMIT: "1000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.add(child);
  const output = { stdout: "", stderr: "" };
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    output.stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    output.stderr += chunk;
  });
  const exited = new Promise<Exit>((resolve) => {
    child.once("close", (code, signal) => {
      started.delete(child);
      resolve({ code, signal });
    });
  });
  const describeExit = ({ code, signal }: Exit) =>
    `the worker exited (${signal ?? `code ${code}`}): ${output.stdout}\n${output.stderr}`;

  return {
    until(event) {
      const early = exited.then((exit) => Promise.reject(new Error(describeExit(exit))));
      return Promise.race([event, early]);
    },
    async kill() {
      child.kill("SIGKILL");
      expect((await exited).signal).toBe("SIGKILL");
    },
    async finished() {
      const timer = setTimeout(() => child.kill("SIGKILL"), FINISH_WITHIN_MS);
      const exit = await exited.finally(() => clearTimeout(timer));
      if (exit.code !== 0) throw new Error(describeExit(exit));
      return output.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as DrainResult);
    },
  };
}

function total(runs: DrainResult[]): DrainResult {
  const sum = { claimed: 0, sent: 0, failed: 0, retried: 0 };
  for (const run of runs) {
    sum.claimed += run.claimed;
    sum.sent += run.sent;
    sum.failed += run.failed;
    sum.retried += run.retried;
  }
  return sum;
}

/** The id the fake gave the one email it accepted for `to`. */
function providerIdOf(to: string): string | undefined {
  return fake.messages.find((message) => message.to.includes(to))?.id;
}

/** How many rows are in each state, their batch named by `batchName`. */
function tally(
  rows: Awaited<ReturnType<typeof outboxRows>>,
  batchName: (key: string | null) => string,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) {
    const state = `${row.status}, attempt ${row.attempts}, ${batchName(row.batchKey)}`;
    counts[state] = (counts[state] ?? 0) + 1;
  }
  return counts;
}

describe("a worker process killed with SIGKILL mid-run, then restarted", () => {
  it("killed after Resend took its batch, before recording it: the restart resends under the same key and Resend does not send again", async () => {
    const addresses = ["taken.1@nhs.net", "taken.2@nhs.net", "taken.3@nhs.net"];
    const ids = await withDatabase(() => queueFor(addresses, "taken"));
    const held = fake.hold({ accept: true });

    const killed = startWorker(LEASE_SECONDS);
    const [request] = await killed.until(held.arrived());
    await killed.kill();

    // Resend has the emails; the outbox still has them as being sent.
    expect(fake.messages.map((message) => message.to[0])).toEqual(addresses);
    const key = request.idempotencyKey;
    await withDatabase(async () => {
      const rows = await outboxRows(ids);
      expect(rows.map((row) => [row.status, row.attempts, row.batchKey])).toEqual(
        addresses.map(() => ["sending", 1, key]),
      );
    });

    const runs = await startWorker().finished();

    expect(total(runs)).toEqual({ claimed: 3, sent: 3, failed: 0, retried: 0 });
    expect(fake.messages).toHaveLength(3);
    expect(fake.duplicates()).toEqual([]);
    expect(fake.requests.map((r) => [r.path, r.idempotencyKey, r.status])).toEqual([
      ["/emails/batch", key, 0],
      ["/emails/batch", key, 200],
    ]);
    await withDatabase(async () => {
      const rows = await outboxRows(ids);
      expect(rows.map((row) => [row.to, row.status, row.attempts])).toEqual(
        addresses.map((to) => [to, "sent", 2]),
      );
      for (const row of rows) {
        expect(row.providerMessageId).toBe(providerIdOf(row.to));
        expect([row.html, row.text]).toEqual(["", ""]);
      }
    });
  }, 120_000);

  it("killed with one batch recorded, two on their way and one not yet claimed: the restart sends the rest, each email once", async () => {
    const addresses = Array.from({ length: 350 }, (_, i) => `rest.${i}@nhs.net`);
    const ids = await withDatabase(() => queueFor(addresses, "rest"));
    // The worker's two lanes each send a batch of 100. The first answer lets its
    // lane record that batch and claim a third, and then both lanes wait on
    // requests held on arrival, before the fake took anything from them.
    const held = fake.hold({ pass: 1, count: 2 });

    const killed = startWorker(LEASE_SECONDS);
    const onTheirWay = await killed.until(held.arrived(2));
    await killed.kill();

    expect(fake.messages).toHaveLength(100);
    const recordedKey = fake.messages[0].idempotencyKey;
    const heldKeys = onTheirWay.map((request) => request.idempotencyKey);
    expect(new Set([recordedKey, ...heldKeys]).size).toBe(3);
    const batchName = (key: string | null) =>
      key === null
        ? "no batch"
        : key === recordedKey
          ? "recorded batch"
          : heldKeys.includes(key)
            ? "held batch"
            : "new batch";
    await withDatabase(async () => {
      expect(tally(await outboxRows(ids), batchName)).toEqual({
        "sent, attempt 1, recorded batch": 100,
        "sending, attempt 1, held batch": 200,
        "pending, attempt 0, no batch": 50,
      });
    });

    const runs = await startWorker().finished();

    expect(total(runs)).toEqual({ claimed: 250, sent: 250, failed: 0, retried: 0 });
    expect(fake.messages).toHaveLength(350);
    expect(fake.duplicates()).toEqual([]);
    expect([...sentCounts(fake).keys()].sort()).toEqual([...addresses].sort());
    const answeredKeys = fake.requests
      .filter((request) => request.status === 200)
      .map((request) => request.idempotencyKey);
    expect(answeredKeys).toHaveLength(4);
    expect(answeredKeys).toEqual(expect.arrayContaining([recordedKey, ...heldKeys]));
    await withDatabase(async () => {
      const rows = await outboxRows(ids);
      expect(tally(rows, batchName)).toEqual({
        "sent, attempt 1, recorded batch": 100,
        "sent, attempt 2, held batch": 200,
        "sent, attempt 1, new batch": 50,
      });
      for (const row of rows) expect(row.providerMessageId).toBe(providerIdOf(row.to));
    });
  }, 120_000);
});
