import { describe, expect, it } from "vitest";
import { ratioValue, timeValue } from "@/lib/resources/columns";
import { parseQuantity } from "@/lib/resources/quantity";

describe("Kubernetes quantities", () => {
  it.each([
    ["250m", 0.25],
    ["2", 2],
    ["1.5", 1.5],
    ["1Ki", 1024],
    ["512Mi", 512 * 2 ** 20],
    ["31Gi", 31 * 2 ** 30],
    ["1k", 1000],
    ["5G", 5e9],
    ["2e3", 2000],
    ["100n", 1e-7],
    [".5", 0.5],
    [7, 7],
  ])("%s is %d", (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value);
  });

  it.each(["", "abc", "1Gb", "1.2.3", "Mi", null, "9".repeat(100)])("%j is not a quantity", (text) => {
    expect(parseQuantity(text)).toBeNull();
  });
});

describe("sort values of cells", () => {
  it("sorts ratios by their fraction, with nothing wanted as complete", () => {
    expect(ratioValue("1/4")).toBe(0.25);
    expect(ratioValue("0/0")).toBe(1);
    expect(ratioValue("0/1 of 3")).toBe(0);
    expect(ratioValue("n/a")).toBeNull();
  });

  it("sorts times as epoch milliseconds", () => {
    expect(timeValue("2026-12-01T10:00:00Z")).toBe(Date.UTC(2026, 11, 1, 10));
    expect(timeValue("yesterday")).toBeNull();
    expect(timeValue(null)).toBeNull();
  });
});
