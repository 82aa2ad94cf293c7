// @ts-check
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

/**
 * Dependency direction (docs/architecture.md): app → components → lib (isomorphic);
 * app and lib/actions → lib/server. A wrong arrow is a lint error, so it fails CI.
 */
const toServer = {
  regex: "(^@/lib/server|(^|/)lib/server|^\\.\\.?/(\\.\\./)*server)(/|$)",
  message: "lib/server is server-only: reach it from app/ or lib/actions.",
};
const toUi = { regex: "^(@/|(\\.\\./)+)(components|app)(/|$)", message: "lib must not depend on components or app." };
const toComponentsFromServer = {
  regex: "^(@/|(\\.\\./)+)(components|app)(/|$)",
  message: "lib/server must not depend on components or app.",
};

const config = [
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      ".data/**",
      "lib/server/db/generated/**",
      "next-env.d.ts",
      "tests/support/realcluster/**",
      "playwright-report/**",
      "test-results/**",
    ],
  },
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: [toServer] }] },
  },
  {
    files: ["lib/**/*.{ts,tsx}"],
    ignores: ["lib/server/**", "lib/actions/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [toServer, toUi] }] },
  },
  {
    files: ["lib/server/**/*.ts", "lib/actions/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [toComponentsFromServer] }] },
  },
  {
    // Browser specs take `test` from tests/e2e/fixtures.ts, which records what every page sees for
    // the Secret canary (docs/security.md §7); a spec importing @playwright/test would escape it.
    files: ["tests/e2e/**/*.ts"],
    ignores: ["tests/e2e/fixtures.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "@playwright/test", message: "Import test, expect and types from ./fixtures instead." }] },
      ],
    },
  },
];

export default config;
