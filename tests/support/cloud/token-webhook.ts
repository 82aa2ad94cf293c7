/**
 * The stand-in authenticator a test cluster's kube-apiserver consults (webhook token
 * authentication, see tests/support/realcluster/cluster-env.sh) for tokens it does not know:
 *
 * - EKS (`k8s-aws-v1.…`): what aws-iam-authenticator does. Decode the presigned URL, check its
 *   host, action, date and that x-k8s-aws-id is signed, replay it to STS (the stand-in) with this
 *   cluster's id, and map the returned ARN (canonicalized) like an access entry; unmapped → 401.
 * - GKE (`ya29.…`): ask the Google stand-in's tokeninfo whose token it is; the email is the user.
 * - AKS (a JWT): verify it with the Entra stand-in's key and the AKS server app audience; the
 *   service principal's object id is the user.
 *
 * RBAC in the cluster then decides what each identity may do.
 */
import { createServer, type Server } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Socket } from "node:net";
import { canonicalArn } from "./sts-stand-in";
import { decodeJwt, nowSeconds, verifyJwt } from "./jwt";
import { STAND_IN_CA } from "./stand-in-server";

export type Identity = { username: string; groups: string[] };
export type Review = {
  kind: "eks" | "gke" | "aks" | "unknown";
  authenticated: boolean;
  username?: string;
  reason?: string;
};

export type TokenWebhookOptions = {
  port: number;
  /** The EKS cluster name this apiserver stands for (x-k8s-aws-id). */
  eksClusterName: string;
  /** host:port of the STS endpoints a token may name (like aws-iam-authenticator's region list). */
  stsHosts: string[];
  /** Canonical IAM ARN → Kubernetes identity (EKS access entries / aws-auth). */
  awsIdentities: Record<string, Identity>;
  /** STS honours a presigned URL this long after X-Amz-Date. */
  eksTokenLifetimeMs?: number;
  googleTokenInfoUrl?: string;
  entra?: { publicKeyPem: string; issuerPrefix: string; audience: string };
};

export type TokenWebhook = { reviews: Review[]; close: () => Promise<void> };

const ALLOWED_QUERY = new Set([
  "action",
  "version",
  "x-amz-algorithm",
  "x-amz-credential",
  "x-amz-date",
  "x-amz-expires",
  "x-amz-security-token",
  "x-amz-signature",
  "x-amz-signedheaders",
]);

export async function startTokenWebhook(options: TokenWebhookOptions): Promise<TokenWebhook> {
  const reviews: Review[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        const review = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
          apiVersion: string;
          spec?: { token?: string };
        };
        const verdict = await judge(review.spec?.token ?? "", options);
        reviews.push(verdict.review);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            apiVersion: review.apiVersion,
            kind: "TokenReview",
            status: verdict.identity
              ? { authenticated: true, user: { username: verdict.identity.username, groups: verdict.identity.groups } }
              : { authenticated: false, error: verdict.review.reason },
          }),
        );
      })().catch(() => {
        res.writeHead(500);
        res.end();
      });
    });
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`port ${options.port} is taken: another test already runs this cluster's token webhook`)
          : error,
      ),
    );
    server.listen(options.port, "127.0.0.1", resolve);
  });
  return {
    reviews,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

type Verdict = { review: Review; identity?: Identity };

async function judge(token: string, options: TokenWebhookOptions): Promise<Verdict> {
  if (token.startsWith("k8s-aws-v1.")) return judgeEks(token, options);
  if (token.startsWith("ya29.")) return judgeGke(token, options);
  if (decodeJwt(token)) return judgeAks(token, options);
  return { review: { kind: "unknown", authenticated: false, reason: "not a cloud token" } };
}

async function judgeEks(token: string, options: TokenWebhookOptions): Promise<Verdict> {
  const refuse = (reason: string): Verdict => ({ review: { kind: "eks", authenticated: false, reason } });
  let url: URL;
  try {
    url = new URL(Buffer.from(token.slice("k8s-aws-v1.".length), "base64url").toString("utf8"));
  } catch {
    return refuse("not a URL");
  }
  if (url.protocol !== "https:" || !options.stsHosts.includes(url.host)) return refuse(`unexpected host ${url.host}`);
  if (url.pathname !== "/") return refuse("unexpected path");
  const query = url.searchParams;
  if ([...query.keys()].some((key) => !ALLOWED_QUERY.has(key.toLowerCase()))) return refuse("unexpected parameter");
  if (query.get("Action") !== "GetCallerIdentity") return refuse("not GetCallerIdentity");
  if (!(query.get("X-Amz-SignedHeaders") ?? "").split(";").includes("x-k8s-aws-id")) {
    return refuse("x-k8s-aws-id is not signed");
  }
  const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(query.get("X-Amz-Date") ?? "");
  const signedAt = date ? Date.UTC(+date[1]!, +date[2]! - 1, +date[3]!, +date[4]!, +date[5]!, +date[6]!) : NaN;
  if (!(Date.now() - signedAt <= (options.eksTokenLifetimeMs ?? 15 * 60_000))) return refuse("expired");
  const answer = await getJson(url, { "x-k8s-aws-id": options.eksClusterName, accept: "application/json" });
  const arn = (answer.body as { GetCallerIdentityResponse?: { GetCallerIdentityResult?: { Arn?: string } } })
    ?.GetCallerIdentityResponse?.GetCallerIdentityResult?.Arn;
  if (answer.status !== 200 || !arn) return refuse(`STS refused (${answer.status})`);
  const identity = options.awsIdentities[canonicalArn(arn)];
  if (!identity) return refuse(`${canonicalArn(arn)} is not mapped`);
  return { review: { kind: "eks", authenticated: true, username: identity.username }, identity };
}

async function judgeGke(token: string, options: TokenWebhookOptions): Promise<Verdict> {
  if (!options.googleTokenInfoUrl) return { review: { kind: "gke", authenticated: false, reason: "no Google" } };
  const url = new URL(options.googleTokenInfoUrl);
  url.searchParams.set("access_token", token);
  const answer = await getJson(url, {});
  const email = (answer.body as { email?: string } | null)?.email;
  if (answer.status !== 200 || !email)
    return { review: { kind: "gke", authenticated: false, reason: "invalid token" } };
  const identity = { username: email, groups: ["system:authenticated"] };
  return { review: { kind: "gke", authenticated: true, username: email }, identity };
}

function judgeAks(token: string, options: TokenWebhookOptions): Verdict {
  const jwt = decodeJwt(token)!;
  const entra = options.entra;
  const ok =
    entra !== undefined &&
    verifyJwt(jwt, entra.publicKeyPem) &&
    jwt.payload.aud === entra.audience &&
    String(jwt.payload.iss).startsWith(entra.issuerPrefix) &&
    Number(jwt.payload.exp) > nowSeconds();
  const oid = jwt.payload.oid;
  if (!ok || typeof oid !== "string") return { review: { kind: "aks", authenticated: false, reason: "invalid token" } };
  return { review: { kind: "aks", authenticated: true, username: oid }, identity: { username: oid, groups: [] } };
}

function getJson(url: URL, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve) => {
    const req = httpsRequest(url, { method: "GET", headers, ca: STAND_IN_CA, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        let body: unknown = null;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          // not JSON: leave null
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on("error", () => resolve({ status: 0, body: null }));
    req.on("timeout", () => req.destroy());
    req.end();
  });
}
