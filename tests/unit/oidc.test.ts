/**
 * Single sign-on identities (docs/oidc.md): an email the IdP marks verified, or the operator's
 * explicit opt-out for an IdP that never sends the claim.
 */
import { describe, expect, it } from "vitest";
import { readOidcSettings, singleSignOnRefusal } from "@/lib/server/auth/oidc";

const STRICT = { requireVerifiedEmail: true };
const RELAXED = { requireVerifiedEmail: false };

describe("singleSignOnRefusal", () => {
  it.each([
    [{ email: "a@example.test", email_verified: true }, null],
    [{ email: "a@example.test", email_verified: "true" }, null],
    [{ email: "a@example.test" }, /has not verified/],
    [{ email: "a@example.test", email_verified: false }, /has not verified/],
    [{ email: "a@example.test", email_verified: "false" }, /has not verified/],
    [{ email: "a@example.test", email_verified: 1 }, /has not verified/],
    [{ email: "" }, /sent no email/],
    [{}, /sent no email/],
  ])("by default, %j → %s", (profile, expected) => {
    const refusal = singleSignOnRefusal(profile, STRICT);
    if (expected === null) expect(refusal).toBeNull();
    else expect(refusal).toMatch(expected);
  });

  it("accepts a missing or false claim only when the operator opted out, and still needs an email", () => {
    expect(singleSignOnRefusal({ email: "a@example.test" }, RELAXED)).toBeNull();
    expect(singleSignOnRefusal({ email: "a@example.test", email_verified: false }, RELAXED)).toBeNull();
    expect(singleSignOnRefusal({}, RELAXED)).toMatch(/sent no email/);
  });
});

describe("readOidcSettings", () => {
  const configured = {
    PILOTHOUSE_OIDC_ISSUER: "https://idp",
    PILOTHOUSE_OIDC_CLIENT_ID: "c",
    PILOTHOUSE_OIDC_CLIENT_SECRET: "s",
  };

  it("requires verified emails unless PILOTHOUSE_OIDC_REQUIRE_VERIFIED_EMAIL is false", () => {
    expect(readOidcSettings(configured)?.requireVerifiedEmail).toBe(true);
    expect(
      readOidcSettings({ ...configured, PILOTHOUSE_OIDC_REQUIRE_VERIFIED_EMAIL: "true" })?.requireVerifiedEmail,
    ).toBe(true);
    expect(
      readOidcSettings({ ...configured, PILOTHOUSE_OIDC_REQUIRE_VERIFIED_EMAIL: "false" })?.requireVerifiedEmail,
    ).toBe(false);
  });
});
