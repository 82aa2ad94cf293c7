/**
 * `npm run cli -- ...` without npm, for tests: tsx on the project's pinned Node, in local mode,
 * with stdin piped and both output streams captured.
 */
import { spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

export type CliRun = { code: number | null; stdout: string; stderr: string };

export function runCli(args: string[], env: Record<string, string>, stdin = ""): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ["cli/index.ts", ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        // The shebang's `env node` must find the pinned Node 24, not the system one.
        PATH: `${path.join(ROOT, "node_modules/.bin")}${path.delimiter}${process.env.PATH}`,
        PILOTHOUSE_MODE: "local",
        NODE_ENV: "production",
        LOG_LEVEL: "info",
        ...env,
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
