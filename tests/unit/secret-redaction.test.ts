import { describe, expect, it } from "vitest";
import { secret } from "@/lib/resources/kinds/secret";
import { projectRow } from "@/lib/resources/project";
import { findKind } from "@/lib/resources/registry";
import { LAST_APPLIED_ANNOTATION, stripForDisplay } from "@/lib/resources/strip";
import type { KubeObject } from "@/lib/resources/types";
import { recorded } from "../support/object-fixtures";

const CANARY = "canary-7f3a9c1e-do-not-leak";
const base64 = (text: string) => Buffer.from(text).toString("base64");

/** Every form the canary could take in output: plain, base64, and base64 of a longer value around it. */
function leaks(output: unknown): boolean {
  const text = JSON.stringify(output);
  return [CANARY, base64(CANARY), base64(`x${CANARY}`).slice(4, 20), "do-not-leak"].some((form) => text.includes(form));
}

const canarySecret: KubeObject = {
  apiVersion: "v1",
  kind: "Secret",
  metadata: {
    name: "db",
    namespace: "payments",
    uid: "u1",
    resourceVersion: "42",
    creationTimestamp: "2026-12-01T10:00:00Z",
    labels: { app: "db" },
    annotations: {
      [LAST_APPLIED_ANNOTATION]: JSON.stringify({ kind: "Secret", stringData: { password: CANARY } }),
      "team.example/owner": "payments",
    },
    managedFields: [{ manager: "kubectl", fieldsV1: { "f:data": { "f:password": {} } } }],
  },
  type: "Opaque",
  data: { password: base64(CANARY), "tls.key": base64(`x${CANARY}`), empty: "" },
  stringData: { token: CANARY },
  somethingNew: { value: CANARY },
};

describe("Secret rows and redacted Secrets", () => {
  it("project key names and sizes, never a value", () => {
    const row = projectRow(secret, canarySecret);
    expect(leaks(row)).toBe(false);
    expect(row.cells).toMatchObject({
      type: "Opaque",
      data: 4,
      keys: ["password", "tls.key", "empty", "+1 more"],
      bytes: CANARY.length * 3 + 1,
    });
    expect(row.cells.keySizes).toBe(
      `password ${CANARY.length} B, tls.key ${CANARY.length + 1} B, empty 0 B, token ${CANARY.length} B`,
    );
  });

  it("redact to an allowlisted object: no data, no stringData, no last-applied annotation, keys with sizes", () => {
    const redacted = secret.redact!(canarySecret);
    expect(leaks(redacted)).toBe(false);
    expect(redacted).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: {
        name: "db",
        namespace: "payments",
        uid: "u1",
        resourceVersion: "42",
        creationTimestamp: "2026-12-01T10:00:00Z",
        labels: { app: "db" },
        annotations: { "team.example/owner": "payments" },
      },
      type: "Opaque",
      keys: [
        { name: "password", bytes: CANARY.length },
        { name: "tls.key", bytes: CANARY.length + 1 },
        { name: "empty", bytes: 0 },
        { name: "token", bytes: CANARY.length },
      ],
    });
  });

  it("go through stripForDisplay redacted, and leave the input untouched", () => {
    const before = structuredClone(canarySecret);
    const shown = stripForDisplay(secret, canarySecret);
    expect(leaks(shown)).toBe(false);
    expect(canarySecret).toEqual(before);
  });

  it("report exact sizes for every base64 padding", () => {
    for (const value of ["", "a", "ab", "abc", "abcd", "ü", "x".repeat(1000)]) {
      const row = projectRow(secret, { metadata: { name: "s" }, data: { k: base64(value) } });
      expect(row.cells.bytes, JSON.stringify(value)).toBe(Buffer.byteLength(value));
    }
  });

  it("redact the recorded TLS and registry Secrets of the test cluster to names and sizes", () => {
    const tls = secret.redact!(recorded("secrets", "web-tls", "shop"));
    expect((tls as { keys: { name: string }[] }).keys.map((key) => key.name)).toEqual(["tls.crt", "tls.key"]);
    expect(tls).not.toHaveProperty("data");
    expect(JSON.stringify(tls)).not.toContain(LAST_APPLIED_ANNOTATION);
  });
});

describe("stripForDisplay on every kind", () => {
  it("removes managedFields and the last-applied annotation, keeping other annotations", () => {
    const deployment = findKind("deployments.apps")!;
    const shown = stripForDisplay(deployment, {
      kind: "Deployment",
      metadata: {
        name: "web",
        managedFields: [{ manager: "kubectl" }],
        annotations: { [LAST_APPLIED_ANNOTATION]: "{}", "deployment.kubernetes.io/revision": "3" },
      },
      spec: { replicas: 3 },
    });
    expect(shown).toEqual({
      kind: "Deployment",
      metadata: { name: "web", annotations: { "deployment.kubernetes.io/revision": "3" } },
      spec: { replicas: 3 },
    });
  });
});
