import fs from "node:fs";

/**
 * PGlite is one process per data folder and has no lock of its own: a second
 * process would silently see stale data. Whoever opens the folder claims it
 * with a pid file beside it, and a live claim by another process is refused.
 */
export function claimDataDir(dir: string): void {
  const pidFile = `${dir}.pid`;
  const holder = readHolder(pidFile);
  if (holder && holder !== process.pid && isAlive(holder)) {
    throw new Error(
      `The embedded database in ${dir} is in use by another process (pid ${holder}). ` +
        "Stop the dev server first, or set DATABASE_URL to use a PostgreSQL server.",
    );
  }
  fs.writeFileSync(pidFile, String(process.pid));
  process.once("exit", () => releaseDataDir(dir));
}

export function releaseDataDir(dir: string): void {
  const pidFile = `${dir}.pid`;
  if (readHolder(pidFile) === process.pid) fs.rmSync(pidFile, { force: true });
}

function readHolder(pidFile: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(pidFile, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
