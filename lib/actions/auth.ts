"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { AppError } from "@/lib/errors";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { signInSchema, signUpSchema } from "@/lib/validations/accounts";
import { decideSignUp } from "@/lib/server/accounts/sign-up-policy";
import { signUpUser } from "@/lib/server/accounts/users";
import { acceptInvitation } from "@/lib/server/orgs/invitations";
import { signIn } from "@/lib/server/auth/next-auth";
import { addressKey, consumeRateLimit, RATE_LIMITS } from "@/lib/server/auth/rate-limit";
import { getConfig } from "@/lib/server/config/env";
import { clientIpFrom, requestIdFrom } from "@/lib/server/http/request-meta";

/** What the form shows after a failed submit; `values` refill the fields React resets (never the password). */
export type AuthFormState =
  { error?: string; fieldErrors?: Record<string, string>; values?: Record<string, string> } | undefined;

export async function signInAction(_state: AuthFormState, form: FormData): Promise<AuthFormState> {
  const values = keptValues(form, ["email"]);
  const parsed = signInSchema.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error.issues), values };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: callbackOf(form) });
  } catch (error) {
    if (error instanceof AuthError) return { error: signInErrorMessage(error), values };
    throw error; // the success redirect
  }
}

export async function signUpAction(_state: AuthFormState, form: FormData): Promise<AuthFormState> {
  const invite = typeof form.get("invite") === "string" ? String(form.get("invite")) : "";
  const values = keptValues(form, ["name", "email", "orgName"]);
  const parsed = signUpSchema.safeParse({
    name: form.get("name"),
    email: form.get("email"),
    password: form.get("password"),
    orgName: invite ? undefined : (form.get("orgName") ?? ""),
  });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error.issues), values };
  const requestHeaders = await headers();
  const ip = clientIpFrom(requestHeaders);
  const limit = await consumeRateLimit(addressKey("sign-up", ip), RATE_LIMITS.signUp);
  if (!limit.allowed) {
    return { error: `Too many sign-ups from your address. Try again in ${minutes(limit.retryAfterSeconds)}.`, values };
  }
  // PILOTHOUSE_SIGNUP, enforced here whatever the page showed.
  const decision = await decideSignUp({ email: parsed.data.email, invite: invite || undefined });
  if (!decision.allowed) return { error: decision.message, values };
  const scope = { requestId: requestIdFrom(requestHeaders), ip };
  let user: { id: string; email: string };
  try {
    user = (await signUpUser(parsed.data, scope)).user;
  } catch (error) {
    if (error instanceof AppError) {
      return error.path ? { fieldErrors: { [error.path]: error.message }, values } : { error: error.message, values };
    }
    throw error;
  }
  // Signing up through an invitation is accepting it: one step, straight into the org.
  const joined = invite ? await joinOnSignUp(invite, user, scope) : false;
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      // When joining failed (expired, another email), the invitation page says why.
      redirectTo: invite && !joined ? `/invite/${encodeURIComponent(invite)}` : "/",
    });
  } catch (error) {
    // The account exists now; only the sign-in after it was refused (its address is throttled).
    if (error instanceof AuthError) {
      return { error: `Your account is created, but signing in was refused: ${signInErrorMessage(error)}`, values };
    }
    throw error; // Next's redirect into the app
  }
}

async function joinOnSignUp(
  invite: string,
  user: { id: string; email: string },
  scope: { requestId: string; ip: string | null },
) {
  try {
    await acceptInvitation({ token: invite, user, ...scope });
    return true;
  } catch (error) {
    if (error instanceof AppError) return false;
    throw error;
  }
}

export async function signInWithOidcAction(form: FormData) {
  await signIn("oidc", { redirectTo: callbackOf(form) });
}

/** Where to go after signing in: a path on this app, whatever the form says. */
function callbackOf(form: FormData): string {
  return safeRedirectPath(form.get("callbackUrl"), "/", getConfig().appUrl);
}

function signInErrorMessage(error: AuthError): string {
  const wait = /^rate_limited:(\d+)$/.exec((error as { code?: string }).code ?? "");
  if (wait) {
    const seconds = Number(wait[1]);
    const when = seconds < 60 ? `${seconds} seconds` : minutes(seconds);
    return `Too many failed sign-ins for this account from your address. Try again in ${when}.`;
  }
  return "The email or password is incorrect.";
}

function fieldErrorsOf(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  return Object.fromEntries(issues.map((issue) => [String(issue.path[0] ?? "form"), issue.message]));
}

function minutes(seconds: number) {
  const value = Math.ceil(seconds / 60);
  return value === 1 ? "a minute" : `${value} minutes`;
}

function keptValues(form: FormData, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, String(form.get(name) ?? "")]));
}
