/**
 * The suite-wide Secret canary check (docs/security.md §7) can fail: a canary planted in a fake
 * server log, a fake database dump, a recorded socket frame, a non-reveal response or a Playwright
 * failure artifact (error-context.md, an entry of a trace zip) is reported by place — file and
 * line, table, test and event, trace entry — and the report never holds the value.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { deflateRawSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkCanary, type CanaryCheckOptions, describeVerdict } from "../support/canary-check";
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

function report(options?: CanaryCheckOptions) {
  const verdict = checkCanary(dir, options);
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

  describe("Playwright's output directory", () => {
    const results = () => path.join(dir, "test-results");
    const failed = (...parts: string[]) => path.join(results(), "ops-reveal-chromium", ...parts);
    const trace = (network: string) =>
      zipOf([
        ["trace.trace", '{"type":"before","method":"click"}\n'],
        ["trace.network", network],
        ["resources/page@1.jpeg", value], // a screenshot: pixels, not searched
      ]);

    beforeEach(() => {
      mkdirSync(failed(), { recursive: true });
      writeFileSync(failed("error-context.md"), '# Page snapshot\n\n- button "Reveal"\n');
      writeFileSync(failed("test-failed-1.png"), value);
    });

    it("passes when its text files and trace entries do not hold the value", () => {
      cleanRun();
      writeFileSync(failed("trace.zip"), trace('{"response":{"status":200}}\n'));
      const { verdict, text } = report({ artifactDirs: [results()] });
      expect(verdict).toMatchObject({ ok: true, leaks: [] });
      expect(verdict.searched.artifacts).toBe(3); // error-context.md, trace.trace, trace.network
      expect(text).toContain("3 Playwright artifacts");
    });

    it("reports a value in error-context.md by file and line", () => {
      cleanRun();
      writeFileSync(failed("error-context.md"), `# Page snapshot\n\n- button "Reveal"\n- code: ${value}\n`);
      const { verdict, text } = report({ artifactDirs: [results()] });
      expect(verdict.ok).toBe(false);
      expect(verdict.leaks).toEqual([
        { place: "artifact", where: "test-results/ops-reveal-chromium/error-context.md line 4", reveal: false },
      ]);
      expect(text).toContain("LEAK artifact: test-results/ops-reveal-chromium/error-context.md line 4");
    });

    it("reports a value, base64 too, inside a trace zip's entries, by entry and line", () => {
      cleanRun();
      writeFileSync(failed("trace.zip"), trace(`{"status":200}\n{"body":"${base64(value)}"}\n`));
      const { verdict } = report({ artifactDirs: [results()] });
      expect(verdict.leaks).toEqual([
        {
          place: "artifact",
          where: "test-results/ops-reveal-chromium/trace.zip › trace.network line 2",
          reveal: false,
        },
      ]);
    });

    it("fails when a trace zip cannot be read, and finds nothing where no test failed", () => {
      cleanRun();
      writeFileSync(failed("trace.zip"), "not a zip");
      expect(report({ artifactDirs: [results()] }).verdict).toMatchObject({
        ok: false,
        problems: [
          "could not search test-results/ops-reveal-chromium/trace.zip: not a zip archive (no end of central directory)",
        ],
      });
      expect(report({ artifactDirs: [path.join(dir, "absent")] }).verdict).toMatchObject({ ok: true });
    });
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

/**
 * A zip as Playwright's trace writer (yazl) lays it out: sizes in a data descriptor after each
 * entry's data, the real ones in the central directory; entries deflated and stored by turns.
 */
function zipOf(files: [name: string, text: string][]): Buffer {
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const [index, [name, text]] of files.entries()) {
    const method = index % 2 === 0 ? 8 : 0;
    const plain = Buffer.from(text);
    const data = method === 8 ? deflateRawSync(plain) : plain;
    const fileName = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(0x0008, 6); // sizes follow the data
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(fileName.length, 26);
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(data.length, 8);
    descriptor.writeUInt32LE(plain.length, 12);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(0x0008, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(plain.length, 24);
    entry.writeUInt16LE(fileName.length, 28);
    entry.writeUInt32LE(offset, 42);
    parts.push(local, fileName, data, descriptor);
    directory.push(entry, fileName);
    offset += local.length + fileName.length + data.length + descriptor.length;
  }
  const central = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, central, end]);
}
