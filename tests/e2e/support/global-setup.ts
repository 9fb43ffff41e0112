import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { connectPostgres } from "@/lib/db/client";
import { migrateConnection } from "@/lib/db/migrate";
import { startFakeResend } from "../../support/fake-resend";
import { loadFixture } from "./fixture";
import "./context";

/**
 * Builds the app once, starts `next start` on a throwaway database of the
 * PostgreSQL server with mail going to a fake Resend API, and tears it all
 * down afterwards. Set E2E_SKIP_BUILD=1 to reuse the last build.
 */

const root = path.resolve(__dirname, "../../..");
const distDir = process.env.E2E_DIST_DIR ?? ".next-e2e";
const serverUrl =
  process.env.E2E_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/test";

export default async function setup(project: TestProject) {
  const database = await createDatabase();
  const resend = await startFakeResend();
  const control = await startMailControl(() => resend.messages);
  const port = await freePort();
  const appUrl = `http://localhost:${port}`;
  const cronSecret = randomBytes(16).toString("hex");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production" as const,
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_DIST_DIR: distDir,
    DATABASE_URL: database.url,
    AUTH_SECRET: randomBytes(32).toString("hex"),
    AUTH_URL: appUrl,
    AUTH_TRUST_HOST: "true",
    APP_URL: appUrl,
    CRON_SECRET: cronSecret,
    ADMIN_EMAILS: "admin@example.org",
    RESEND_API_KEY: resend.apiKey,
    RESEND_BASE_URL: resend.url,
    EMAIL_FROM: "Subscriber Review <review@example.org>",
    SUPPORT_EMAIL: "support@example.org",
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
  };

  if (!process.env.E2E_SKIP_BUILD) {
    execFileSync(path.join(root, "node_modules/.bin/next"), ["build"], {
      cwd: root,
      env,
      stdio: "inherit",
    });
  }
  const server = startServer(env, port);
  await waitForServer(appUrl, server);

  project.provide("appUrl", appUrl);
  project.provide("databaseUrl", database.url);
  project.provide("mailControlUrl", control.url);
  project.provide("cronSecret", cronSecret);

  return async () => {
    stopServer(server);
    await control.close();
    await resend.close();
    await database.drop();
  };
}

async function createDatabase() {
  const name = `sr_e2e_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const connection = connectPostgres(url.toString(), 2);
  await migrateConnection(connection);
  await loadFixture(connection.db);
  await connection.close();
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Lets test files, which run in other workers, read what the fake received. */
async function startMailControl(messages: () => unknown[]) {
  const server = http.createServer((_req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(messages()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function startServer(env: NodeJS.ProcessEnv, port: number): ChildProcess {
  // Its own process group, so stopping it also stops next-server (STACK trap 10).
  return spawn(
    path.join(root, "node_modules/.bin/next"),
    ["start", "-p", String(port), "-H", "127.0.0.1"],
    { cwd: root, env, detached: true, stdio: "inherit" },
  );
}

function stopServer(server: ChildProcess) {
  if (server.pid && server.exitCode === null) {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      // Already gone.
    }
  }
}

async function waitForServer(url: string, server: ChildProcess) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error("next start exited early");
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  stopServer(server);
  throw new Error(`The app did not answer at ${url} within 60 s`);
}

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
