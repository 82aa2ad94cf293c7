import path from "node:path";

/**
 * The browser suite's AWS STS stand-in: its fixed port is handed to the server as
 * PILOTHOUSE_AWS_STS_ENDPOINT before it starts; a spec starts the stand-in itself on that port
 * (tests/support/cloud/sts-stand-in.ts), with the identities it needs. Derived from the app's
 * port, but far from it: runs side by side put their apps and test IdPs (app + 90) at 3xxx.
 */
export function e2eStsPort(appPort: number): number {
  return Number(process.env.PILOTHOUSE_E2E_STS_PORT ?? appPort + 5091);
}

/** The server's environment for connectors: token endpoints on loopback, the stand-ins' CA trusted. */
export function e2eCloudEnv(appPort: number): Record<string, string> {
  return {
    PILOTHOUSE_AWS_STS_ENDPOINT: `https://127.0.0.1:${e2eStsPort(appPort)}`,
    PILOTHOUSE_CLOUD_CA_FILE: path.resolve(import.meta.dirname, "../fixtures/kubeconfig/ca.crt"),
    // No SDK may fall back to a metadata service or the machine's own cloud credentials.
    AWS_EC2_METADATA_DISABLED: "true",
    METADATA_SERVER_DETECTION: "none",
  };
}
