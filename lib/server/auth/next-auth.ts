import { randomUUID } from "node:crypto";
import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import type { Adapter } from "next-auth/adapters";
import Credentials from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { z } from "zod";
import { safeRedirectUrl } from "@/lib/safe-redirect";
import { decideSignUp } from "../accounts/sign-up-policy";
import { audited } from "../audit/record";
import { getConfig } from "../config/env";
import { getDb } from "../db/client";
import { clientIpFrom, requestIdFrom } from "../http/request-meta";
import { log } from "../logger";
import { endSession } from "../orgs/sign-out";
import { readOidcSettings, singleSignOnRefusal, type OidcSettings } from "./oidc";
import { createSession, findSession, SESSION_MAX_AGE_SECONDS } from "./sessions";
import { recordSingleSignOn, type RequestMeta, signInWithPassword } from "./sign-in";

/** A refused attempt; `code` carries the wait in seconds to the sign-in form (rate_limited:90). */
export class RateLimitedSignIn extends CredentialsSignin {
  constructor(retryAfterSeconds: number) {
    super();
    this.code = `rate_limited:${retryAfterSeconds}`;
  }
}

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(256),
});

async function authorizeWithPassword(input: unknown, request: Request) {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return null;
  const meta = { ip: clientIpFrom(request.headers), requestId: requestIdFrom(request.headers) };
  const result = await signInWithPassword(parsed.data.email, parsed.data.password, meta);
  if (result.ok) return result.user;
  if (result.reason === "rate_limited") throw new RateLimitedSignIn(result.retryAfterSeconds);
  return null;
}

function providers(oidc: OidcSettings | null): NextAuthConfig["providers"] {
  const list: NextAuthConfig["providers"] = [
    Credentials({ id: "credentials", credentials: { email: {}, password: {} }, authorize: authorizeWithPassword }),
  ];
  if (oidc) {
    list.push({
      id: "oidc",
      name: oidc.name,
      type: "oidc",
      issuer: oidc.issuer,
      clientId: oidc.clientId,
      clientSecret: oidc.clientSecret,
      checks: ["pkce", "state", "nonce"],
      // Pilothouse never calls the IdP's APIs: keep none of its tokens in the accounts table.
      account: () => ({}),
    });
  }
  return list;
}

/** Request id and client address of the request Auth.js is handling (route handler or server action). */
async function requestMeta(): Promise<RequestMeta> {
  const requestHeaders = await headers();
  return { ip: clientIpFrom(requestHeaders), requestId: requestIdFrom(requestHeaders) };
}

/**
 * Auth.js's Prisma adapter with emails compared in lower case (an IdP that says Alice@Example.com
 * is the same person as alice@example.com) and single sign-on's user creation audited as
 * `user.create` before the row exists.
 */
function accountsAdapter(): Adapter {
  const base = PrismaAdapter(getDb() as unknown as Parameters<typeof PrismaAdapter>[0]);
  return {
    ...base,
    getUserByEmail: (email) => base.getUserByEmail!(email.trim().toLowerCase()),
    async createUser(user) {
      const email = user.email.trim().toLowerCase();
      const id = randomUUID();
      const scope = { actor: { type: "session" as const, userId: id, email }, orgId: null, ...(await requestMeta()) };
      const entry = { action: "user.create" as const, kind: "User", name: email, summary: "at first single sign-on" };
      return audited(scope, entry, () =>
        getDb().user.create({
          data: { id, email, name: user.name ?? null, image: user.image ?? null, emailVerified: user.emailVerified },
        }),
      );
    },
  };
}

/** A first sign-in through the IdP creates an account: PILOTHOUSE_SIGNUP applies to it too. */
async function mayUseOidcEmail(email: string) {
  const existing = await getDb().user.findUnique({ where: { email }, select: { id: true } });
  if (existing) return true;
  return (await decideSignUp({ email, emailVerifiedByIdp: true })).allowed;
}

const SIGN_UP_REFUSED = "this Pilothouse does not let this address create an account (PILOTHOUSE_SIGNUP)";

/**
 * Auth.js drives sign-in (password and OIDC); the session itself is a row in `sessions`.
 * Auth.js refuses database sessions with credentials, so its "JWT" is replaced by an opaque
 * random token: encode creates the row, decode looks it up. Sessions stay revocable and listed,
 * and both sign-in paths produce the same kind of session.
 */
export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const config = getConfig();
  const oidc = readOidcSettings();
  return {
    adapter: accountsAdapter(),
    providers: providers(oidc),
    trustHost: true,
    basePath: "/api/auth",
    pages: { signIn: "/sign-in", error: "/sign-in" },
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    // From the configured URL, never from request headers: behind TLS the cookie is always Secure.
    useSecureCookies: config.secureCookies,
    jwt: {
      async encode({ token }) {
        if (typeof token?.sessionToken === "string") return token.sessionToken;
        if (!token?.sub) throw new Error("cannot create a session without a user");
        return createSession(token.sub);
      },
      async decode({ token }) {
        const session = token ? await findSession(token) : null;
        if (!session) return null;
        return { sub: session.userId, sid: session.id, sessionToken: token };
      },
    },
    logger: {
      error(error) {
        // A revoked or expired session cookie is routine (decode returns null), and refused
        // sign-ins are logged readably, with the account and the address, by sign-in.ts.
        // Compare Auth.js's `type`: a production build minifies class names, so `name` is not stable.
        const type = (error as { type?: string }).type ?? error.name;
        if (type === "CredentialsSignin") return;
        log.warn("auth error", { type, message: firstLine(error) || firstLine(causeOf(error)) });
      },
    },
    events: {
      // Every sign-out lands here (the user menu and Auth.js's own endpoint alike): audited first.
      async signOut(message) {
        const sessionId = "token" in message ? message.token?.sid : undefined;
        if (typeof sessionId === "string") await endSession(sessionId, await requestMeta());
      },
    },
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== "oidc" || !oidc) return true;
        const email = typeof profile?.email === "string" ? profile.email.trim().toLowerCase() : "";
        const refusal = singleSignOnRefusal(profile, oidc) ?? ((await mayUseOidcEmail(email)) ? null : SIGN_UP_REFUSED);
        if (await recordSingleSignOn(email, await requestMeta(), refusal, oidc.name)) return true;
        return refusal === SIGN_UP_REFUSED ? "/sign-in?error=SignUpRefused" : false;
      },
      // Only this app's own origin, whatever a callbackUrl says (docs/security.md §3).
      redirect({ url }) {
        return safeRedirectUrl(url, config.appUrl);
      },
      session({ session, token }) {
        // The browser sees ids only; the session token never leaves the cookie.
        return { ...session, user: { ...session.user, id: token.sub! }, sessionId: token.sid as string };
      },
    },
  };
});

/** Auth.js error messages end with a documentation link; the first line is the reason. */
/** Auth.js wraps the error that was thrown (a failed decode, a database error) as `cause.err`. */
function causeOf(error: Error): Error {
  const cause = (error.cause as { err?: unknown } | undefined)?.err;
  return cause instanceof Error ? cause : new Error("");
}

function firstLine(error: Error): string {
  return (error.message.split("\n")[0] ?? "").replace(/\s*Read more at \S+/, "").slice(0, 200);
}
