import { describe, expect, it } from "vitest";
import {
  formatFieldSelector,
  formatLabelSelector,
  matchesLabelSelector,
  parseFieldSelector,
  parseLabelSelector,
} from "@/lib/selectors";
import { refusalOf } from "../support/refusal";

const web = { app: "web", tier: "frontend", "app.kubernetes.io/part-of": "shop" };
const db = { app: "db", tier: "backend", legacy: "" };

describe("label selectors", () => {
  it.each([
    ["", [web, db]],
    ["app=web", [web]],
    ["app==web", [web]],
    ["app!=web", [db]],
    ["app in (web, db)", [web, db]],
    ["app notin (web)", [db]],
    ["legacy", [db]],
    ["!legacy", [web]],
    ["tier=frontend,app=web", [web]],
    ["tier=frontend,app=db", []],
    ["app.kubernetes.io/part-of=shop", [web]],
    ["  app  =  web  ", [web]],
    ["legacy=", [db]],
    ["missing!=x", [web, db]],
    ["missing notin (x)", [web, db]],
    ["missing in (x)", []],
  ])("%j selects the right rows", (text, expected) => {
    const selector = parseLabelSelector(text);
    expect([web, db].filter((labels) => matchesLabelSelector(selector, labels))).toEqual(expected);
  });

  it.each([
    ["app=", "app="],
    ["app==web", "app=web"],
    ["b=2,a=1", "a=1,b=2"],
    ["env in (prod, dev, prod)", "env in (dev,prod)"],
    ["track notin (canary)", "track notin (canary)"],
    ["!legacy, release", "!legacy,release"],
  ])("%j prints canonically as %j", (text, canonical) => {
    expect(formatLabelSelector(parseLabelSelector(text))).toBe(canonical);
    expect(formatLabelSelector(parseLabelSelector(canonical))).toBe(canonical);
  });

  it.each([
    ["a trailing comma", "app=web,", "must follow the last comma"],
    ["a leading comma", ",app=web", "expected a label key"],
    ["a set without parentheses", "app in web", 'expected "("'],
    ["an empty set", "app in ()", "at least one value"],
    ["set values without a comma", "app in (a b)", 'expected "," or ")"'],
    ["an unclosed set", "app in (a,", "expected a value"],
    ["an unsupported operator", "app > 3", "expected =, ==, !=, in or notin"],
    ["a key starting with a dash", "-app=web", "not a valid label key"],
    ["a value with a space", "app=we b", 'expected ","'],
    ["a value with a symbol", "app=we$b", "is not a valid label value"],
    ["an upper-case key prefix", "Example.COM/app=x", "not a valid label key"],
    ["a value over 63 characters", `app=${"x".repeat(64)}`, "not a valid label value"],
    ["text over 4096 characters", "x".repeat(5000), "longer than 4096"],
    ["65 requirements", Array.from({ length: 65 }, (_, i) => `k${i}`).join(","), "at most 64 requirements"],
  ])("refuses %s, naming the field", (_name, text, message) => {
    const error = refusalOf(() => parseLabelSelector(text));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.path).toBe("labelSelector");
    expect(error.message).toContain(message);
  });
});

describe("field selectors", () => {
  it("parses equality and inequality, and prints them sorted", () => {
    const selector = parseFieldSelector("status.phase!=Running, metadata.name==web");
    expect(selector).toEqual([
      { field: "status.phase", operator: "notEquals", value: "Running" },
      { field: "metadata.name", operator: "equals", value: "web" },
    ]);
    expect(formatFieldSelector(selector)).toBe("metadata.name=web,status.phase!=Running");
    expect(parseFieldSelector("  ")).toEqual([]);
  });

  it.each(["metadata.name", "=web", "metadata..name=x", "spec.nodeName=a\\,b", "a in (b)"])(
    "refuses %j at fieldSelector",
    (text) => {
      const error = refusalOf(() => parseFieldSelector(text));
      expect(error.path).toBe("fieldSelector");
    },
  );
});
