/**
 * No open redirects (docs/security.md §3): a callbackUrl resolves against the app's URL and must
 * keep its origin, including the values browsers rewrite into another host.
 */
import { describe, expect, it } from "vitest";
import { safeRedirectPath, safeRedirectUrl } from "@/lib/safe-redirect";

const APP = "https://pilothouse.example.com";

describe("safeRedirectPath", () => {
  it.each([
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "/.//evil.example",
    "/./\\evil.example",
    "https://evil.example",
    "https://evil.example/path",
    "http://pilothouse.example.com/",
    "https://pilothouse.example.com.evil.example/",
    "https://pilothouse.example.com@evil.example/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "\u0000/evil",
    "/\u007f/evil.example",
    "",
    `/${"a".repeat(3000)}`,
  ])("refuses %j", (value) => {
    expect(safeRedirectPath(value, "/fallback", APP)).toBe("/fallback");
  });

  it.each([
    ["/", "/"],
    ["/clusters", "/clusters"],
    ["/clusters?ns=prod#pods", "/clusters?ns=prod#pods"],
    ["/invite/abc", "/invite/abc"],
    // Encoded slashes and tabs stay encoded: a browser asks this host for that path.
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["/%09/evil.example", "/%09/evil.example"],
    ["/%5Cevil.example", "/%5Cevil.example"],
    // The app's own absolute URL is fine, and comes back as a path.
    ["https://pilothouse.example.com/audit?x=1", "/audit?x=1"],
  ])("accepts %j as %j", (value, path) => {
    expect(safeRedirectPath(value, "/fallback", APP)).toBe(path);
  });

  it("refuses what is not a string", () => {
    for (const value of [null, undefined, 42, ["/x"], { href: "/x" }]) {
      expect(safeRedirectPath(value, "/fallback", APP)).toBe("/fallback");
    }
  });

  it("works without the app's URL for relative paths (the browser does not know it)", () => {
    expect(safeRedirectPath("/clusters")).toBe("/clusters");
    expect(safeRedirectPath("//evil.example")).toBe("/");
  });
});

describe("safeRedirectUrl", () => {
  it("is an absolute URL on the app's origin, or the app's root", () => {
    expect(safeRedirectUrl("/clusters", APP)).toBe(`${APP}/clusters`);
    expect(safeRedirectUrl("https://evil.example/x", APP)).toBe(`${APP}/`);
    expect(safeRedirectUrl("/\t/evil.example", APP)).toBe(`${APP}/`);
  });
});
