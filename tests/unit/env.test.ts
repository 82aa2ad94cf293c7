import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, type Environment, parseConfig } from "@/lib/server/config/env";

const key = Buffer.alloc(32, 7).toString("base64");
const productionEnvironment = {
  PILOTHOUSE_MODE: "production",
  DATABASE_URL: "postgresql://app:pw@db.internal:5432/pilothouse",
  AUTH_SECRET: "x".repeat(40),
  PILOTHOUSE_MASTER_KEY: key,
  PILOTHOUSE_URL: "https://pilothouse.example.test",
};

function problemsOf(environment: Environment) {
  try {
    parseConfig(environment);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("defaults to local mode on port 3000 with the embedded database and .data", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ PILOTHOUSE_MODE: "local", PORT: 3000, HOST: "127.0.0.1", embeddedDatabase: true });
    expect(config.dataDir).toBe(path.resolve(".data"));
    expect(config.appUrl).toBe("http://localhost:3000");
  });

  it("lets anyone sign up locally, only invitees in production, unless PILOTHOUSE_SIGNUP says otherwise", () => {
    expect(parseConfig({}).signUpPolicy).toBe("open");
    expect(parseConfig(productionEnvironment).signUpPolicy).toBe("invite-only");
    expect(parseConfig({ ...productionEnvironment, PILOTHOUSE_SIGNUP: "open" }).signUpPolicy).toBe("open");
    expect(parseConfig({ PILOTHOUSE_SIGNUP: "closed" }).signUpPolicy).toBe("closed");
    expect(problemsOf({ PILOTHOUSE_SIGNUP: "everyone" })).toEqual([
      { variable: "PILOTHOUSE_SIGNUP", message: "must be open, invite-only or closed" },
    ]);
  });

  it("uses DATABASE_URL, PORT and PILOTHOUSE_DATA_DIR when set", () => {
    const config = parseConfig({
      DATABASE_URL: "postgres://u:p@127.0.0.1:5432/db",
      PORT: "4100",
      PILOTHOUSE_DATA_DIR: "/tmp/x",
    });
    expect(config).toMatchObject({
      embeddedDatabase: false,
      PORT: 4100,
      dataDir: "/tmp/x",
      appUrl: "http://localhost:4100",
    });
  });

  it.each([
    ["DATABASE_URL", "mysql://root@localhost/db"],
    ["DATABASE_URL", "not a url"],
    ["PORT", "70000"],
    ["PORT", "http"],
    ["PILOTHOUSE_MODE", "prod"],
    ["PILOTHOUSE_MASTER_KEY", "c2hvcnQ="],
    ["AUTH_SECRET", "too-short"],
    ["PILOTHOUSE_URL", "ftp://example.test"],
    ["PILOTHOUSE_TRUSTED_PROXIES", "10.0.0.0/8,proxy.internal"],
    ["PILOTHOUSE_MAX_CLUSTERS_PER_ORG", "0"],
    ["PILOTHOUSE_MAX_CLUSTERS_PER_ORG", "many"],
    ["PILOTHOUSE_OIDC_REQUIRE_VERIFIED_EMAIL", "no"],
  ])("names %s when it is %j", (variable, value) => {
    const problems = problemsOf({ [variable]: value });
    expect(problems.map((problem) => problem.variable)).toEqual([variable]);
  });

  it("trusts no proxy and allows 100 clusters per org unless told otherwise", () => {
    expect(parseConfig({})).toMatchObject({ trustedProxies: [], PILOTHOUSE_MAX_CLUSTERS_PER_ORG: 100 });
    const config = parseConfig({ PILOTHOUSE_TRUSTED_PROXIES: "10.0.0.0/8, ::1", PILOTHOUSE_MAX_CLUSTERS_PER_ORG: "7" });
    expect(config.trustedProxies).toHaveLength(2);
    expect(config.PILOTHOUSE_MAX_CLUSTERS_PER_ORG).toBe(7);
  });

  it("makes session cookies Secure exactly when PILOTHOUSE_URL is https", () => {
    expect(parseConfig({}).secureCookies).toBe(false);
    expect(parseConfig({ PILOTHOUSE_URL: "http://pilothouse.lan:3000" }).secureCookies).toBe(false);
    expect(parseConfig({ PILOTHOUSE_URL: "https://pilothouse.example.test" }).secureCookies).toBe(true);
  });

  it("accepts a complete production configuration", () => {
    expect(parseConfig(productionEnvironment)).toMatchObject({
      PILOTHOUSE_MODE: "production",
      embeddedDatabase: false,
    });
  });

  it.each(["AUTH_SECRET", "PILOTHOUSE_MASTER_KEY", "DATABASE_URL", "PILOTHOUSE_URL"])(
    "refuses production without %s and says so",
    (variable) => {
      const environment: Environment = { ...productionEnvironment, [variable]: undefined };
      const problems = problemsOf(environment);
      expect(problems).toHaveLength(1);
      expect(problems[0]?.variable).toBe(variable);
      expect(problems[0]?.message).toMatch(/required when PILOTHOUSE_MODE=production/);
    },
  );
});
