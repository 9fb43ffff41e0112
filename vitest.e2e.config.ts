import path from "node:path";
import { defineConfig } from "vitest/config";

/** Browser journeys: real Chromium against `next build && next start`. */
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    environment: "node",
    include: ["tests/e2e/**/*.e2e.test.ts", "tests/e2e/**/*.spec.ts"],
    globalSetup: ["tests/e2e/support/global-setup.ts"],
    // One app and one Chromium at a time on a 2-core machine.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
