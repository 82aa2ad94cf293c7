import { describe, expect, it } from "vitest";
import { contentSecurityPolicy } from "@/lib/server/http/content-security-policy";

const directive = (policy: string, name: string) => new RegExp(`${name} ([^;]*)`).exec(policy)?.[1];

describe("contentSecurityPolicy", () => {
  it("lets pages connect to the app's own origin only, over wss: behind https", () => {
    const policy = contentSecurityPolicy("n0nce", { dev: false, appUrl: "https://pilothouse.example.com" });
    expect(directive(policy, "connect-src")).toBe("'self' wss://pilothouse.example.com");
    expect(policy).not.toMatch(/ws: |wss:;|wss: /);
  });

  it("keeps the port and uses ws: for a plain-http install", () => {
    const policy = contentSecurityPolicy("n0nce", { dev: true, appUrl: "http://localhost:3000" });
    expect(directive(policy, "connect-src")).toBe("'self' ws://localhost:3000");
    expect(directive(policy, "script-src")).toBe("'self' 'nonce-n0nce' 'strict-dynamic' 'unsafe-eval'");
  });
});
