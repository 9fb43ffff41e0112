/**
 * `npm run bench`: runs each part's benchmark in a process of its own (so each
 * peak-memory figure is its own) and prints one JSON report.
 * Pick parts with `npm run bench -- review access`.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

type Bench = () => Promise<Record<string, unknown>>;

const parts: Record<string, () => Promise<Bench>> = {
  review: async () => (await import("./review")).benchReview,
  mail: async () => (await import("./mail")).benchMail,
  export: async () => (await import("./export")).benchExport,
  access: async () => (await import("./access")).benchAccess,
  weight: async () => (await import("./page-weight")).benchPageWeight,
};

async function runOne(name: string) {
  const result = await (await parts[name]())();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runAll(names: string[]) {
  const report: Record<string, unknown> = {};
  const tsx = path.resolve("node_modules/.bin/tsx");
  for (const name of names) {
    console.error(`bench: ${name}…`);
    const started = Date.now();
    const output = execFileSync(tsx, [fileURLToPath(import.meta.url), "--only", name], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 64 * 1024 * 1024,
    });
    const last = output.trim().split("\n").at(-1) ?? "{}";
    report[name] = { ...JSON.parse(last), wallSeconds: (Date.now() - started) / 1000 };
  }
  console.log(JSON.stringify(report, null, 2));
}

const only = process.argv.indexOf("--only");
if (only >= 0) {
  runOne(process.argv[only + 1]).then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  const chosen = process.argv.slice(2).filter((arg) => arg in parts);
  runAll(chosen.length > 0 ? chosen : Object.keys(parts));
}
