import type { Metadata } from "next";
import { formatUtc, formatUtcDate } from "@/components/audit/format-time";
import { SettingsNav } from "@/components/members/settings-nav";
import { PageHeader } from "@/components/shell/page-header";
import { TokenCreateForm } from "@/components/tokens/token-create-form";
import { TokenList, type TokenListItem } from "@/components/tokens/token-list";
import { can, denialReason } from "@/lib/permissions";
import { requireOrgViewer } from "@/lib/server/auth/viewer";
import { listOwnTokens, type TokenSummary } from "@/lib/server/tokens/api-tokens";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const viewer = await requireOrgViewer();
  const tokens = await listOwnTokens({ userId: viewer.user.id, orgId: viewer.org.id });
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
      </div>
    </>
  );
}

function toListItem(token: TokenSummary, now: Date): TokenListItem {
  const stamp = (date: Date) => ({ iso: date.toISOString(), label: formatUtcDate(date) });
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    created: stamp(token.createdAt),
    expires: token.expiresAt && stamp(token.expiresAt),
    lastUsed: token.lastUsedAt && { iso: token.lastUsedAt.toISOString(), label: formatUtc(token.lastUsedAt) },
    expired: token.expiresAt !== null && token.expiresAt <= now,
  };
}
