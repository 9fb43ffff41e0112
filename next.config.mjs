/** @type {import('next').NextConfig} */
const nextConfig = {
  // Helpers and tests may build side by side in one checkout.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // PGlite breaks when bundled; pino and postgres are plain Node libraries.
  serverExternalPackages: ["@electric-sql/pglite", "pino", "postgres"],
  poweredByHeader: false,
  agentRules: false,
  experimental: {
    agentUpgrade: false,
    agentFeedback: false,
    // CSV uploads on /admin/import: files up to 10 MB (lib/csv/import-schemas.ts).
    serverActions: { bodySizeLimit: "12mb" },
  },
  async headers() {
    return [
      {
        source: "/review/:path*",
        headers: [
          // The token is in the URL: it must never travel in a Referer header.
          // (proxy.ts explains how the page's own form posts still pass.)
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "Cache-Control", value: "no-store" },
          { key: "X-Robots-Tag", value: "noindex" },
        ],
      },
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
