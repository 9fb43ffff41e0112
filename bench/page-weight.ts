/**
 * The JavaScript a browser downloads for the review page, gzipped: the
 * framework's root chunks plus the layout's and the page's own chunks, read
 * from a production build (`next build` first; NEXT_DIST_DIR picks the build).
 * Polyfills are left out: modern browsers never fetch them (nomodule).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const PAGE = "/review/[token]/page";

export async function benchPageWeight(): Promise<Record<string, unknown>> {
  const dist = path.resolve(process.env.NEXT_DIST_DIR ?? ".next");
  const manifestFile = path.join(
    dist,
    "server/app/review/[token]",
    "page_client-reference-manifest.js",
  );
  if (!fs.existsSync(manifestFile)) {
    execFileSync(path.resolve("node_modules/.bin/next"), ["build"], { stdio: "inherit" });
  }

  type Manifest = Record<string, { entryJSFiles: Record<string, string[]> }>;
  const holder = globalThis as { self?: unknown; __RSC_MANIFEST?: Manifest };
  holder.self = globalThis;
  new Function("self", fs.readFileSync(manifestFile, "utf8"))(globalThis);
  const manifest = holder.__RSC_MANIFEST?.[PAGE];
  if (!manifest) throw new Error(`No client manifest for ${PAGE} in ${dist}`);
  const entry = manifest.entryJSFiles;
  const build = JSON.parse(
    fs.readFileSync(path.join(dist, "build-manifest.json"), "utf8"),
  );

  const framework: string[] = build.rootMainFiles;
  const own = [...entry["[project]/app/layout"], ...entry[`[project]/app${PAGE}`]].filter(
    (file) => !framework.includes(file),
  );
  const gzipped = (files: string[]) =>
    files.reduce(
      (sum, file) =>
        sum + gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length,
      0,
    );
  const frameworkBytes = gzipped(framework);
  const ownBytes = gzipped([...new Set(own)]);
  return {
    frameworkKB: round(frameworkBytes / 1024),
    layoutAndPageKB: round(ownBytes / 1024),
    totalKB: round((frameworkBytes + ownBytes) / 1024),
    targetKB: 100,
  };
}

const round = (value: number) => Math.round(value * 10) / 10;

if (process.argv[1]?.endsWith("page-weight.ts")) {
  benchPageWeight().then((result) => console.log(JSON.stringify(result, null, 2)));
}
