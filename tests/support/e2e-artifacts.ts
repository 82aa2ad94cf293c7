import path from "node:path";

/**
 * Playwright's output directory (playwright.config.ts `outputDir`): traces of failed tests,
 * screenshots, error-context.md, videos. The Secret canary check searches it (docs/security.md §7).
 */
export const E2E_OUTPUT_DIR = path.resolve(import.meta.dirname, "../../test-results");
