import type { Metadata } from "next";
import { formatUtc, formatUtcDate } from "@/components/audit/format-time";
import { SettingsNav } from "@/components/members/settings-nav";
import { PageHeader } from "@/components/shell/page-header";
import { TokenCreateForm } from "@/components/tokens/token-create-form";
import { TokenList, type TokenListItem } from "@/components/tokens/token-list";
import { can, denialReason } from "@/lib/permissions";
import { requireOrgViewer } from "@/lib/server/auth/viewer";
import { listOrgTokens, listOwnTokens, type OrgTokenSummary, type TokenSummary } from "@/lib/server/tokens/api-tokens";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const viewer = await requireOrgViewer();
  const mayManageOrg = can(viewer.role, "tokens.manageOrg");
  const [tokens, orgTokens] = await Promise.all([
    listOwnTokens({ userId: viewer.user.id, orgId: viewer.org.id }),
    mayManageOrg ? listOrgTokens(viewer.org.id) : Promise.resolve([]),
  ]);
  const now = new Date();
  return (
    <>
      <PageHeader
        title="API tokens"
        description={`Personal tokens for automation and the REST API in ${viewer.org.name}. They act as you, with your current role (${viewer.role}).`}
      />
      <SettingsNav current="tokens" />
      <div className="flex flex-col gap-6">
        <TokenCreateForm
          disabledReason={can(viewer.role, "tokens.manage") ? undefined : denialReason("tokens.manage")}
        />
        <TokenList tokens={tokens.map((token) => toListItem(token, now))} />
        {mayManageOrg ? (
          <section aria-labelledby="org-tokens-heading">
            <h2 id="org-tokens-heading" className="mb-1 text-base font-semibold text-text">
              Members&apos; tokens
            </h2>
            <p className="mb-3 text-sm text-text-muted">
              Every live token in {viewer.org.name}, whoever owns it. Revoke one that should no longer call the API;
              removing or demoting a member revokes theirs automatically.
            </p>
            <TokenList scope="org" tokens={orgTokens.map((token) => toListItem(token, now))} />
          </section>
        ) : null}
      </div>
    </>
  );
}

function toListItem(token: TokenSummary | OrgTokenSummary, now: Date): TokenListItem {
  const stamp = (date: Date) => ({ iso: date.toISOString(), label: formatUtcDate(date) });
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    created: stamp(token.createdAt),
    expires: token.expiresAt && stamp(token.expiresAt),
    lastUsed: token.lastUsedAt && { iso: token.lastUsedAt.toISOString(), label: formatUtc(token.lastUsedAt) },
    expired: token.expiresAt !== null && token.expiresAt <= now,
    ...("owner" in token && { owner: { email: token.owner.email, name: token.owner.name } }),
  };
}
