import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth, { CredentialsSignin, type NextAuthConfig, type Profile } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { decideSignUp } from "../accounts/sign-up-policy";
import { getDb } from "../db/client";
import { log } from "../logger";
import { clientIpFrom } from "../http/request-meta";
import { readOidcSettings } from "./oidc";
import { verifyPassword } from "./password";
import { consumeRateLimits, RATE_LIMITS, resetRateLimit } from "./rate-limit";
import { createSession, findSession, revokeSession, SESSION_MAX_AGE_SECONDS } from "./sessions";

export class RateLimitedSignIn extends CredentialsSignin {
  override code = "rate_limited";
}

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(256),
});

async function authorizeWithPassword(input: unknown, request: Request) {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const ip = clientIpFrom(request.headers) ?? "unknown";
  const emailKey = `sign-in:email:${email}`;
  const limit = await consumeRateLimits([
    [emailKey, RATE_LIMITS.signInPerEmail],
    [`sign-in:ip:${ip}`, RATE_LIMITS.signInPerIp],
  ]);
  if (!limit.allowed) throw new RateLimitedSignIn();
  const user = await getDb().user.findUnique({ where: { email } });
  if (!user || !(await verifyPassword(password, user.passwordHash))) {
    if (!user) await verifyPassword(password, null); // same cost whether or not the account exists
    return null;
  }
  await resetRateLimit(emailKey);
  return { id: user.id, email: user.email, name: user.name };
}

function providers(): NextAuthConfig["providers"] {
  const list: NextAuthConfig["providers"] = [
    Credentials({ id: "credentials", credentials: { email: {}, password: {} }, authorize: authorizeWithPassword }),
  ];
  const oidc = readOidcSettings();
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

/**
 * An IdP identity needs an email (users are keyed by it, invitations are addressed to it) that
 * the IdP has not marked unverified. Some IdPs never send `email_verified`; absent means trusted.
 */
function hasVerifiedEmail(profile: Profile | undefined): boolean {
  const verified = profile?.email_verified as unknown;
  return typeof profile?.email === "string" && profile.email !== "" && verified !== false && verified !== "false";
}

async function mayUseOidcEmail(email: string) {
  const existing = await getDb().user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true },
  });
  if (existing) return true;
  return (await decideSignUp({ email, emailVerifiedByIdp: true })).allowed;
}

/**
 * Auth.js drives sign-in (password and OIDC); the session itself is a row in `sessions`.
 * Auth.js refuses database sessions with credentials, so its "JWT" is replaced by an opaque
 * random token: encode creates the row, decode looks it up. Sessions stay revocable and listed,
 * and both sign-in paths produce the same kind of session.
 */
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  adapter: PrismaAdapter(getDb() as unknown as Parameters<typeof PrismaAdapter>[0]),
  providers: providers(),
  trustHost: true,
  basePath: "/api/auth",
  pages: { signIn: "/sign-in", error: "/sign-in" },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
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
    // A revoked or expired session cookie is routine (decode returns null); everything else is worth a line.
    error(error) {
      if (error.name === "JWTSessionError") return;
      log.warn("auth error", { name: error.name, message: error.message });
    },
  },
  events: {
    // Auth.js only clears the cookie on sign-out; deleting the row makes a copied cookie worthless too.
    async signOut(message) {
      const token = "token" in message ? message.token?.sessionToken : undefined;
      if (typeof token === "string") await revokeSession(token);
    },
  },
  callbacks: {
    async signIn({ account, profile }) {
      if (account?.provider !== "oidc") return true;
      if (!hasVerifiedEmail(profile)) return false;
      // A first sign-in through the IdP creates an account: PILOTHOUSE_SIGNUP applies to it too.
      return (await mayUseOidcEmail(String(profile!.email))) ? true : "/sign-in?error=SignUpRefused";
    },
    session({ session, token }) {
      // The browser sees ids only; the session token never leaves the cookie.
      return { ...session, user: { ...session.user, id: token.sub! }, sessionId: token.sid as string };
    },
  },
}));
