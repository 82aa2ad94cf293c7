/**
 * A loopback stand-in for AWS STS (and eks:DescribeCluster): no cloud is reachable here. It
 * verifies every SigV4 signature itself (sigv4.ts), knows a few IAM users and roles, answers
 * GetCallerIdentity (XML for the SDK, JSON for the token authenticator, as STS does) and
 * AssumeRole with trust policies and ExternalIds, and records who called what.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { amzDateToMs, signatureMatches, signatureParts, type SignatureParts } from "./sigv4";
import { formOf, startStandIn, type StandIn, type StandInReply, type StandInRequest } from "./stand-in-server";

export type AwsUser = { accessKeyId: string; secretAccessKey: string; arn: string };
export type AwsRole = { arn: string; trusted: string[]; externalId?: string };
export type StsCall = { action: string; principal?: string; presigned: boolean; ok: boolean; code?: string };
export type EksCluster = { endpoint: string; caData?: string; describers: string[] };

type Session = AwsUser & { sessionToken: string; expiresAt: number; role: string };

export type StsStandIn = StandIn & {
  addUser(user: AwsUser): void;
  revoke(accessKeyId: string): void;
  addRole(role: AwsRole): void;
  /** Temporary credentials for `roleArn`, as AssumeRole would issue, expiring at `expiresAt`. */
  issueSession(
    roleArn: string,
    expiresAt: number,
  ): { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  eksClusters: Map<string, EksCluster>;
  calls: StsCall[];
  /** STS honours a presigned GetCallerIdentity this long after X-Amz-Date (15 min in AWS). */
  presignedLifetimeMs: number;
};

const CLOCK_SKEW_MS = 5 * 60_000;
const XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";

export async function startStsStandIn({ port }: { port?: number } = {}): Promise<StsStandIn> {
  const users = new Map<string, AwsUser>();
  const revoked = new Set<string>();
  const roles = new Map<string, AwsRole>();
  const sessions = new Map<string, Session>();
  const state = { presignedLifetimeMs: 15 * 60_000 };
  const eksClusters = new Map<string, EksCluster>();
  const calls: StsCall[] = [];

  function newSession(roleArn: string, sessionName: string, expiresAt: number): Session {
    const account = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(roleArn);
    const session: Session = {
      accessKeyId: `ASIA${randomBytes(8).toString("hex").toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString("base64"),
      sessionToken: `stand-in-session-${randomBytes(24).toString("base64url")}`,
      arn: `arn:aws:sts::${account?.[1]}:assumed-role/${account?.[2]?.split("/").pop()}/${sessionName}`,
      expiresAt,
      role: roleArn,
    };
    sessions.set(session.accessKeyId, session);
    return session;
  }

  /** Who signed, if the signature holds; otherwise the AWS error code. */
  function authenticate(
    request: StandInRequest,
    parts: SignatureParts,
  ): { principal: AwsUser | Session } | { code: string } {
    const session = sessions.get(parts.accessKeyId);
    const user = users.get(parts.accessKeyId);
    const principal = session ?? user;
    if (!principal || revoked.has(parts.accessKeyId)) return { code: "InvalidClientTokenId" };
    if (session && parts.securityToken !== session.sessionToken) return { code: "InvalidClientTokenId" };
    if (!session && parts.securityToken !== undefined) return { code: "InvalidClientTokenId" };
    if (session && Date.now() > session.expiresAt) return { code: "ExpiredToken" };
    if (!signatureMatches(request, parts, principal.secretAccessKey)) return { code: "SignatureDoesNotMatch" };
    const signedAt = amzDateToMs(parts.amzDate);
    const age = Date.now() - signedAt;
    const lifetime = parts.presigned ? state.presignedLifetimeMs : CLOCK_SKEW_MS;
    if (!Number.isFinite(signedAt) || age > lifetime || age < -CLOCK_SKEW_MS) return { code: "RequestExpired" };
    return { principal };
  }

  function handle(request: StandInRequest): StandInReply {
    const parts = signatureParts(request);
    const url = new URL(request.url, "https://stand-in");
    if (parts?.service === "eks") return describeCluster(request, parts, url);
    const action = parts?.presigned ? url.searchParams.get("Action") : formOf(request.body).get("Action");
    const record = (entry: Omit<StsCall, "action" | "presigned">) =>
      calls.push({ action: action ?? "?", presigned: parts?.presigned ?? false, ...entry });
    if (!parts) {
      record({ ok: false, code: "MissingAuthenticationToken" });
      return stsError(403, "MissingAuthenticationToken");
    }
    const verdict = authenticate(request, parts);
    if ("code" in verdict) {
      record({ ok: false, code: verdict.code });
      return stsError(403, verdict.code);
    }
    const principal = verdict.principal;
    const json = String(request.headers.accept ?? "").includes("application/json");
    if (action === "GetCallerIdentity") {
      record({ principal: principal.arn, ok: true });
      return callerIdentity(principal, json);
    }
    if (action === "AssumeRole" && !parts.presigned) {
      const form = formOf(request.body);
      const role = roles.get(form.get("RoleArn") ?? "");
      const caller = canonicalArn(principal.arn);
      const externalIdOk = role?.externalId === undefined || role.externalId === form.get("ExternalId");
      if (!role || !role.trusted.includes(caller) || !externalIdOk) {
        record({ principal: principal.arn, ok: false, code: "AccessDenied" });
        return stsError(403, "AccessDenied");
      }
      const session = newSession(role.arn, form.get("RoleSessionName") ?? "session", Date.now() + 3_600_000);
      record({ principal: principal.arn, ok: true });
      return assumeRoleReply(session);
    }
    record({ principal: principal.arn, ok: false, code: "InvalidAction" });
    return stsError(400, "InvalidAction");
  }

  function describeCluster(request: StandInRequest, parts: SignatureParts, url: URL): StandInReply {
    const verdict = authenticate(request, parts);
    const name = decodeURIComponent(url.pathname.replace(/^\/clusters\//, ""));
    if ("code" in verdict) {
      calls.push({ action: "DescribeCluster", presigned: false, ok: false, code: verdict.code });
      return restError(403, verdict.code);
    }
    const cluster = eksClusters.get(name);
    const caller = canonicalArn(verdict.principal.arn);
    if (cluster && !cluster.describers.includes(caller)) {
      calls.push({
        action: "DescribeCluster",
        principal: caller,
        presigned: false,
        ok: false,
        code: "AccessDeniedException",
      });
      return restError(403, "AccessDeniedException");
    }
    if (!cluster) return restError(404, "ResourceNotFoundException");
    calls.push({ action: "DescribeCluster", principal: caller, presigned: false, ok: true });
    return {
      status: 200,
      body: JSON.stringify({
        cluster: {
          name,
          arn: `arn:aws:eks:${parts.region}:111122223333:cluster/${name}`,
          endpoint: cluster.endpoint,
          ...(cluster.caData && { certificateAuthority: { data: cluster.caData } }),
          status: "ACTIVE",
        },
      }),
    };
  }

  const server = await startStandIn(handle, port);
  return Object.assign(server, {
    addUser: (user: AwsUser) => void users.set(user.accessKeyId, user),
    revoke: (accessKeyId: string) => void revoked.add(accessKeyId),
    addRole: (role: AwsRole) => void roles.set(role.arn, role),
    issueSession: (roleArn: string, expiresAt: number) => newSession(roleArn, "handed-out", expiresAt),
    eksClusters,
    calls,
    get presignedLifetimeMs() {
      return state.presignedLifetimeMs;
    },
    set presignedLifetimeMs(value: number) {
      state.presignedLifetimeMs = value;
    },
  });
}

/** arn:aws:sts::1:assumed-role/R/s → arn:aws:iam::1:role/R, as IAM trust policies and EKS read it. */
export function canonicalArn(arn: string): string {
  const match = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(arn);
  return match ? `arn:aws:iam::${match[1]}:role/${match[2]}` : arn;
}

function callerIdentity(principal: AwsUser, json: boolean): StandInReply {
  const account = /::(\d{12}):/.exec(principal.arn)?.[1] ?? "000000000000";
  const result = { Account: account, Arn: principal.arn, UserId: principal.accessKeyId };
  if (json) {
    return {
      status: 200,
      body: JSON.stringify({
        GetCallerIdentityResponse: {
          GetCallerIdentityResult: result,
          ResponseMetadata: { RequestId: randomUUID() },
        },
      }),
    };
  }
  return xml(
    `<GetCallerIdentityResponse xmlns="${XMLNS}"><GetCallerIdentityResult><Arn>${result.Arn}</Arn><UserId>${result.UserId}</UserId><Account>${result.Account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
  );
}

function assumeRoleReply(session: Session): StandInReply {
  return xml(
    `<AssumeRoleResponse xmlns="${XMLNS}"><AssumeRoleResult><Credentials><AccessKeyId>${session.accessKeyId}</AccessKeyId><SecretAccessKey>${session.secretAccessKey}</SecretAccessKey><SessionToken>${session.sessionToken}</SessionToken><Expiration>${new Date(session.expiresAt).toISOString()}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROASTANDIN:${session.arn.split("/").pop()}</AssumedRoleId><Arn>${session.arn}</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
  );
}

function xml(body: string, status = 200): StandInReply {
  return { status, headers: { "content-type": "text/xml" }, body };
}

function stsError(status: number, code: string): StandInReply {
  return xml(
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>stand-in: ${code}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
    status,
  );
}

function restError(status: number, code: string): StandInReply {
  return {
    status,
    headers: { "x-amzn-errortype": code, "content-type": "application/json" },
    body: JSON.stringify({ message: `stand-in: ${code}` }),
  };
}
