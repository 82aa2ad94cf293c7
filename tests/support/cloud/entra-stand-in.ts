/**
 * A loopback stand-in for Microsoft Entra ID (login.microsoftonline.com): tenant metadata, and the
 * client-credentials grant with a client secret or a certificate-signed client assertion. It
 * issues RS256 access tokens for the requested resource (the AKS server app), which the token
 * webhook verifies with this stand-in's public key, as AKS does with Entra's keys.
 */
import { createHash, generateKeyPairSync, randomBytes, randomUUID, X509Certificate } from "node:crypto";
import { decodeJwt, nowSeconds, signJwt, verifyJwt } from "./jwt";
import { formOf, startStandIn, type StandIn, type StandInReply } from "./stand-in-server";

export type EntraApp = {
  tenantId: string;
  clientId: string;
  /** The service principal's object id: AKS's username for it. */
  objectId: string;
  secrets: string[];
  expiredSecrets?: string[];
  certificatePem?: string;
};

export type EntraStandIn = StandIn & {
  addApp(app: EntraApp): void;
  /** Remove a client secret: the app keeps working only with its other credentials. */
  revokeSecret(clientId: string, secret: string): void;
  publicKeyPem: string;
  tokenLifetimeSeconds: number;
  issued: { clientId: string; via: "secret" | "certificate"; resource: string }[];
};

export async function startEntraStandIn(): Promise<EntraStandIn> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const apps = new Map<string, EntraApp>();
  const issued: EntraStandIn["issued"] = [];
  const state = { tokenLifetimeSeconds: 3600, base: "" };

  function metadata(tenant: string): StandInReply {
    const root = `${state.base}/${tenant}`;
    return {
      status: 200,
      body: JSON.stringify({
        token_endpoint: `${root}/oauth2/v2.0/token`,
        authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${root}/oauth2/v2.0/logout`,
        device_authorization_endpoint: `${root}/oauth2/v2.0/devicecode`,
        jwks_uri: `${root}/discovery/v2.0/keys`,
        issuer: `${root}/v2.0`,
        token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt"],
        response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
        scopes_supported: ["openid", "profile", "email", "offline_access"],
        subject_types_supported: ["pairwise"],
        id_token_signing_alg_values_supported: ["RS256"],
        tenant_region_scope: "EU",
      }),
    };
  }

  function token(tenant: string, form: URLSearchParams): StandInReply {
    const app = apps.get(form.get("client_id") ?? "");
    if (!app || app.tenantId !== tenant) return entraError(400, "unauthorized_client", 700016);
    if (form.get("grant_type") !== "client_credentials") return entraError(400, "unsupported_grant_type", 70003);
    const via = clientAuthentication(app, tenant, form);
    if (typeof via === "number") return entraError(401, "invalid_client", via);
    const scope = form.get("scope") ?? "";
    const resource = scope.split(" ")[0]?.replace(/\/\.default$/, "");
    const now = nowSeconds();
    const accessToken = signJwt(
      {
        aud: resource,
        iss: `${state.base}/${tenant}/v2.0`,
        tid: tenant,
        oid: app.objectId,
        appid: app.clientId,
        sub: app.objectId,
        iat: now,
        nbf: now,
        exp: now + state.tokenLifetimeSeconds,
        ver: "2.0",
      },
      privateKey,
      { kid: "stand-in" },
    );
    issued.push({ clientId: app.clientId, via, resource: resource ?? "" });
    return {
      status: 200,
      body: JSON.stringify({
        token_type: "Bearer",
        expires_in: state.tokenLifetimeSeconds,
        ext_expires_in: state.tokenLifetimeSeconds,
        access_token: accessToken,
      }),
    };
  }

  /** How the client proved itself, or the AADSTS code that says why not. */
  function clientAuthentication(
    app: EntraApp,
    tenant: string,
    form: URLSearchParams,
  ): "secret" | "certificate" | number {
    const secret = form.get("client_secret");
    if (secret !== null) {
      if (app.expiredSecrets?.includes(secret)) return 7000222;
      return app.secrets.includes(secret) ? "secret" : 7000215;
    }
    const assertion = decodeJwt(form.get("client_assertion") ?? "");
    if (!assertion || !app.certificatePem) return 700027;
    const certificate = new X509Certificate(app.certificatePem);
    const audienceOk = assertion.payload.aud === `${state.base}/${tenant}/oauth2/v2.0/token`;
    const subjectOk = assertion.payload.iss === app.clientId && assertion.payload.sub === app.clientId;
    const fresh = Number(assertion.payload.exp) > nowSeconds();
    const thumbprint = assertion.header["x5t#S256"] ?? assertion.header.x5t;
    const expected = [
      createHash("sha256").update(certificate.raw).digest("base64url"),
      createHash("sha1").update(certificate.raw).digest("base64url"),
    ];
    if (!audienceOk || !subjectOk || !fresh || !expected.includes(String(thumbprint))) return 700027;
    return verifyJwt(assertion, certificate.publicKey) ? "certificate" : 700027;
  }

  const server = await startStandIn((request) => {
    const url = new URL(request.url, "https://stand-in");
    const [, tenant, ...rest] = url.pathname.split("/");
    const route = rest.join("/");
    if (request.method === "GET" && /^(v2\.0\/)?\.well-known\/openid-configuration$/.test(route))
      return metadata(tenant!);
    if (request.method === "POST" && route === "oauth2/v2.0/token") return token(tenant!, formOf(request.body));
    return { status: 404, body: "{}" };
  });
  state.base = server.url;
  return Object.assign(server, {
    addApp: (app: EntraApp) => void apps.set(app.clientId, { ...app, secrets: [...app.secrets] }),
    revokeSecret(clientId: string, secret: string) {
      const app = apps.get(clientId);
      if (app) app.secrets = app.secrets.filter((value) => value !== secret);
    },
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    issued,
    get tokenLifetimeSeconds() {
      return state.tokenLifetimeSeconds;
    },
    set tokenLifetimeSeconds(value: number) {
      state.tokenLifetimeSeconds = value;
    },
  });
}

function entraError(status: number, error: string, code: number): StandInReply {
  return {
    status,
    body: JSON.stringify({
      error,
      error_description: `AADSTS${code}: stand-in refusal. Trace ID: ${randomUUID()}`,
      error_codes: [code],
      timestamp: new Date().toISOString(),
      trace_id: randomUUID(),
      correlation_id: randomUUID(),
    }),
  };
}

/** A random client secret shaped like Entra's. */
export function newClientSecret(): string {
  return `${randomBytes(3).toString("hex")}~${randomBytes(27).toString("base64url")}`;
}
