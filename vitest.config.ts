import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    environment: "node",
    include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { NODE_ENV: "test", TZ: "America/New_York" },
    // next-auth imports "next/server" without ".js", which Node's own loader
    // cannot resolve; letting Vite load it also lets tests mock next/headers.
    server: { deps: { inline: ["next-auth"] } },
  },
});
