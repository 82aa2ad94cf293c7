/**
 * The suite-wide Secret canary check (docs/security.md §7) can fail: a canary planted in a fake
 * server log, a fake database dump, a recorded socket frame or a non-reveal response is reported
 * by place — file and line, table, test and event — and the report never holds the value.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkCanary, describeVerdict } from "../support/canary-check";
import { CanaryRecorder, canaryForms, createCanaryValue, isCanaryRevealPath } from "../support/secret-canary";

let dir: string;
let value: string;
const base64 = (text: string) => Buffer.from(text).toString("base64");

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "canary-check-"));
  value = createCanaryValue(dir);
  mkdirSync(path.join(dir, "logs"));
  mkdirSync(path.join(dir, "dumps"));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** What a clean run leaves: logs and dumps without the value, one recorded reveal answer. */
function cleanRun(recorder = new CanaryRecorder(dir, value, "fake")) {
  writeFileSync(
    path.join(dir, "logs", "e2e.log"),
    "[WebServer] [pilothouse] info ready\nsecret shop/db key token revealed\n",
  );
  writeFileSync(path.join(dir, "dumps", "e2e-pilothouse.jsonl"), 'public.audit_events\t{"summary":"revealed"}\n');
  recorder.scan(JSON.stringify({ key: "token", value }), {
    place: "response",
    where: "t › reveal: POST /api/v1/clusters/c1/secrets/shop/pilothouse-canary/reveal",
    reveal: true,
  });
  return recorder;
}

function report() {
  const verdict = checkCanary(dir);
  const text = describeVerdict(verdict).join("\n");
  for (const form of canaryForms(value)) expect(text.includes(form)).toBe(false);
  return { verdict, text };
}

describe("the Secret canary check", () => {
  it("passes when the value appeared only in a reveal answer", () => {
    cleanRun();
    const { verdict, text } = report();
    expect(verdict).toMatchObject({ ok: true, leaks: [], reveals: 1 });
    expect(text).toContain("the canary appeared only in reveal answers");
  });

  it("reports a server log line by file and line number", () => {
    cleanRun();
    writeFileSync(path.join(dir, "logs", "integration.log"), `one\ntwo\n[pilothouse] debug body=${value}\n`);
    const { verdict, text } = report();
    expect(verdict.ok).toBe(false);
    expect(verdict.leaks).toEqual([{ place: "log", where: "logs/integration.log line 3", reveal: false }]);
    expect(text).toContain("LEAK log: logs/integration.log line 3");
  });

  it("reports a database row holding the base64 form, by dump and table", () => {
    cleanRun();
    const row = `public.audit_outcomes\t{"detail":"data: ${base64(value)}"}\n`;
    writeFileSync(path.join(dir, "dumps", "integration-test_1.jsonl"), `public.users\t{}\n${row}`);
    const { verdict } = report();
    expect(verdict.leaks).toEqual([
      { place: "database", where: "integration-test_1.jsonl: table public.audit_outcomes, row 2", reveal: false },
    ]);
  });

  it("reports a socket frame and a non-reveal response the recorders saw, and a value inside longer base64", () => {
    const recorder = cleanRun();
    recorder.scan(`42["watch:delta",{"row":{"data":"${base64(value)}"}}]`, {
      place: "frame",
      where: "tests/e2e/x.spec.ts › lists: websocket received watch:delta",
    });
    recorder.scan(Buffer.from(`{"yaml":"${base64(`apiVersion: v1\ndata: ${value}`)}"}`), {
      place: "response",
      where: "tests/e2e/x.spec.ts › yaml: GET http://localhost:3234/clusters/c1/secrets/shop/pilothouse-canary",
    });
    recorder.scan("nothing here", { place: "frame", where: "quiet" });
    const { verdict, text } = report();
    expect(verdict.leaks.map((leak) => leak.where)).toEqual([
      "tests/e2e/x.spec.ts › lists: websocket received watch:delta",
      "tests/e2e/x.spec.ts › yaml: GET http://localhost:3234/clusters/c1/secrets/shop/pilothouse-canary",
    ]);
    expect(text).toContain("LEAK frame: tests/e2e/x.spec.ts › lists: websocket received watch:delta");
    expect(recorder.scanned).toBe(4);
  });

  it("fails when no reveal answer was recorded (the recorders saw nothing), or nothing was planted", () => {
    writeFileSync(path.join(dir, "logs", "e2e.log"), "quiet\n");
    expect(report().verdict).toMatchObject({
      ok: false,
      problems: ["no reveal answer carried the canary: the recorders saw nothing"],
    });
    rmSync(path.join(dir, "value"));
    expect(checkCanary(dir)).toMatchObject({ ok: false, problems: ["the canary Secret was never planted"] });
  });

  it("allows only the canary Secret's reveal route", () => {
    expect(isCanaryRevealPath("/api/v1/clusters/c1/secrets/shop/pilothouse-canary/reveal")).toBe(true);
    expect(isCanaryRevealPath("/api/v1/clusters/c1/secrets/shop/pilothouse-canary")).toBe(false);
    expect(isCanaryRevealPath("/api/v1/clusters/c1/secrets/shop/other/reveal")).toBe(false);
    expect(isCanaryRevealPath("/api/v1/clusters/c1/resources/secrets/shop/pilothouse-canary/reveal")).toBe(false);
  });
});
