/**
 * Kubeconfigs of up to 64 KiB shaped to make a parser slow: many keys, many tiny entries, long
 * flow sequences, deep nesting, runs of anchors, many contexts and many problems. Shared by
 * tests/unit/kubeconfig-limits.test.ts (what each one gets: accepted, or refused and why) and
 * bench/kubeconfig-parse.ts (how long each takes).
 */
import { readFileSync } from "node:fs";
import path from "node:path";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/kubeconfig");
const base64Of = (name: string) => Buffer.from(readFileSync(path.join(FIXTURES, name), "utf8")).toString("base64");

export const ADVERSARIAL_LIMIT_BYTES = 64 * 1024;
/** Room left for a closing line, so every input stays under the limit. */
const BUDGET = ADVERSARIAL_LIMIT_BYTES - 256;

export type AdversarialKubeconfig = {
  readonly name: string;
  readonly text: string;
  /** What Pilothouse must do: list the contexts (and how many are usable), or refuse with this message. */
  readonly expect: { accepted: { contexts: number; usable: number } } | { refused: RegExp };
};

const HEADER = "apiVersion: v1\nkind: Config\n";

/** `prefix`, then `unit` repeated while it fits (or until it returns ""), then `suffix`. */
function fill(prefix: string, unit: (index: number) => string, suffix = "") {
  let text = prefix;
  for (let index = 0; ; index += 1) {
    const next = unit(index);
    if (next === "" || text.length + next.length + suffix.length > BUDGET) break;
    text += next;
  }
  return text + suffix;
}

/** A valid kubeconfig with one cluster, one client-certificate user and as many contexts as fit. */
function manyContexts(limit = Infinity): string {
  const head = [
    HEADER.trimEnd(),
    "clusters:",
    "- name: prod",
    "  cluster:",
    "    server: https://cluster.example.com:6443",
    `    certificate-authority-data: ${base64Of("ca.crt")}`,
    "users:",
    "- name: admin",
    "  user:",
    `    client-certificate-data: ${base64Of("client.crt")}`,
    `    client-key-data: ${base64Of("client.key")}`,
    "current-context: c0",
    "contexts:",
    "",
  ].join("\n");
  return fill(head, (index) =>
    index < limit ? `- name: c${index}\n  context:\n    cluster: prod\n    user: admin\n    namespace: shop\n` : "",
  );
}

function countContexts(text: string) {
  return text.split("\n- name: c").length - 1;
}

export function adversarialKubeconfigs(): AdversarialKubeconfig[] {
  // As many as fit in the budgets (2048 lines, commas and brackets; 12,000 YAML tokens): the worst valid files.
  const contexts = manyContexts(290);
  const cloudContexts = fill(
    `${HEADER}clusters:\n- name: c\n  cluster:\n    server: https://cluster.example.com\ncurrent-context: x0\ncontexts:\n`,
    (index) => (index < 370 ? `- name: x${index}\n  context: {cluster: c, user: u}\n` : ""),
    "users:\n- name: u\n  user:\n    exec:\n      command: aws\n      args: [eks, get-token, --cluster-name, prod, --region, eu-west-1]\n",
  );
  return [
    {
      name: "many keys (64 KiB of one mapping)",
      text: fill(`${HEADER}preferences:\n`, (index) => `  k${index}: 1\n`),
      expect: { refused: /has more lines, list items and brackets \(\d+\) than a kubeconfig needs/ },
    },
    {
      name: "many keys within the line budget",
      text: fill(`${HEADER}preferences:\n`, (index) =>
        index < 1100 ? `  key-${String(index).padStart(5, "0")}: ${"x".repeat(40)}\n` : "",
      ),
      expect: { refused: /has a list or mapping with more than 1000 entries \(line \d+, column \d+\)/ },
    },
    {
      name: "many tiny entries",
      text: fill(`${HEADER}preferences:\n`, () => "- a\n"),
      expect: { refused: /has more lines, list items and brackets/ },
    },
    {
      name: "long flow sequence",
      text: fill(`${HEADER}preferences: {a: [`, () => "1,", "1]}\n"),
      expect: { refused: /has more lines, list items and brackets/ },
    },
    {
      name: "long flow sequence within the bracket budget",
      text: fill(`${HEADER}preferences: {a: [`, (index) => (index < 1900 ? `"${"x".repeat(20)}",` : ""), "1]}\n"),
      expect: { refused: /has a line with more YAML tokens than a kubeconfig needs \(over 1024/ },
    },
    {
      name: "deep flow nesting",
      text: `${HEADER}preferences: ${"[".repeat(2000)}${"]".repeat(2000)}\n`,
      expect: { refused: /is nested deeper than 20 levels/ },
    },
    {
      name: "deep block nesting",
      text: `${HEADER}preferences:\n${Array.from({ length: 200 }, (_, i) => `${"  ".repeat(i + 1)}k:`).join("\n")} 1\n`,
      expect: { refused: /is nested deeper than 20 levels/ },
    },
    {
      name: "a run of anchors on one line",
      text: fill(`${HEADER}preferences: `, () => "&a ", "x\n"),
      expect: { refused: /uses YAML anchors, aliases or tags|a line with more YAML tokens/ },
    },
    {
      name: "a run of sequence indicators on one line",
      text: fill(`${HEADER}preferences: `, () => "- ", "x\n"),
      expect: { refused: /has a line with more YAML tokens/ },
    },
    {
      name: "many contexts of one cluster and user",
      text: contexts,
      expect: { accepted: { contexts: countContexts(contexts), usable: countContexts(contexts) } },
    },
    {
      name: "many contexts of a refused cloud user",
      text: cloudContexts,
      expect: { accepted: { contexts: cloudContexts.split("\n- name: x").length - 1, usable: 0 } },
    },
    {
      name: "more YAML tokens than any kubeconfig has",
      // ~10 tokens a line (indent, key, colon, space, value, space, comment) within the line budget.
      text: fill(`${HEADER}preferences:\n`, (index) =>
        index < 1900 ? `${index % 50 === 0 ? `  g${index}:\n` : ""}    k${index}: v # c\n` : "",
      ),
      expect: { refused: /has more YAML tokens than a kubeconfig needs \(over 12000, line \d+, column \d+\)/ },
    },
    {
      name: "one entry with many problems",
      text: fill(
        `${HEADER}clusters:\n- name: c\n  cluster:\n    server: https://cluster.example.com\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\nusers:\n- name: u\n  user:\n`,
        (index) => (index < 990 ? `    as-${index}: x\n` : ""),
      ),
      expect: { accepted: { contexts: 1, usable: 0 } },
    },
    {
      name: "a 60 KiB certificate that is not one",
      text: `${HEADER}clusters:\n- name: c\n  cluster:\n    server: https://cluster.example.com\n    certificate-authority-data: ${"QUFB".repeat(15_000)}\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\nusers:\n- name: u\n  user: {token: abc}\n`,
      expect: { accepted: { contexts: 1, usable: 0 } },
    },
  ];
}
