"use client";

import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { cn } from "@/lib/cn";
import { useState } from "react";
import { revokeMemberTokenAction, revokeTokenAction } from "@/lib/actions/tokens";
import { Badge, Button, EmptyState, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";

/** A token as the list shows it; dates are formatted by the page so server and browser agree. */
export type TokenListItem = {
  id: string;
  name: string;
  prefix: string;
  created: { iso: string; label: string };
  expires: { iso: string; label: string } | null;
  lastUsed: { iso: string; label: string } | null;
  expired: boolean;
  /** In the admins' list of every member's tokens: whose token it is. */
  owner?: { email: string; name: string | null };
};

/**
 * `own`: the viewer's tokens. `org`: every member's (admins), with an owner column; revoking one
 * of those goes through the admins' action and says whose token stops working.
 */
type Scope = "own" | "org";

const SCOPES = {
  own: { testId: "token", caption: "Your API tokens in this organization", revoke: revokeTokenAction },
  org: {
    testId: "org-token",
    caption: "Every member's API tokens in this organization",
    revoke: revokeMemberTokenAction,
  },
} as const;

export function TokenList({ tokens, scope = "own" }: { tokens: TokenListItem[]; scope?: Scope }) {
  const [revoking, setRevoking] = useState<TokenListItem | null>(null);
  const { testId, caption } = SCOPES[scope];

  if (tokens.length === 0) {
    return scope === "own" ? (
      <EmptyState
        data-testid="tokens-empty-state"
        title="No API tokens yet"
        description="Create one above for scripts, CI jobs or the REST API. Each token acts as you, with your role."
      />
    ) : (
      <p
        data-testid="org-tokens-empty"
        className="rounded-lg border border-dashed border-border-strong px-4 py-6 text-center text-sm text-text-muted"
      >
        No member has a live API token in this organization.
      </p>
    );
  }
  return (
    <>
      <Table caption={caption} hideCaption data-testid={`${testId}-list`}>
        <THead>
          <tr>
            {scope === "org" ? <Th>Owner</Th> : null}
            <Th>Name</Th>
            <Th>Token</Th>
            <Th>Created</Th>
            <Th>Expires</Th>
            <Th>Last used</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </THead>
        <TBody>
          {tokens.map((token) => (
            <Tr key={token.id} data-testid={`${testId}-row-${token.name}`}>
              {token.owner ? (
                <Td className="max-w-64 min-w-44 break-all" title={token.owner.name ?? undefined}>
                  {token.owner.email}
                </Td>
              ) : null}
              <Td className={cn("max-w-48 font-medium break-words", token.owner && "min-w-32")}>{token.name}</Td>
              <Td className="font-mono text-xs whitespace-nowrap text-text-muted">{token.prefix}…</Td>
              <Td className="whitespace-nowrap">
                <DateCell value={token.created} />
              </Td>
              <Td className="whitespace-nowrap">
                {token.expires ? <DateCell value={token.expires} /> : <span className="text-text-muted">Never</span>}
                {token.expired ? (
                  <Badge tone="warning" dot className="ml-2">
                    expired
                  </Badge>
                ) : null}
              </Td>
              <Td className="whitespace-nowrap">
                {token.lastUsed ? (
                  <DateCell value={token.lastUsed} />
                ) : (
                  <span className="text-text-muted">Never used</span>
                )}
              </Td>
              <Td className="text-right">
                <Button
                  variant="secondary"
                  size="sm"
                  data-testid={`${testId}-revoke-${token.name}`}
                  onClick={() => setRevoking(token)}
                  aria-label={`Revoke token ${token.name}${token.owner ? ` of ${token.owner.email}` : ""}`}
                >
                  Revoke
                </Button>
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      <RevokeDialog token={revoking} scope={scope} onClose={() => setRevoking(null)} />
    </>
  );
}

function DateCell({ value }: { value: { iso: string; label: string } }) {
  return (
    <time dateTime={value.iso} title={value.iso}>
      {value.label}
    </time>
  );
}

function RevokeDialog({ token, scope, onClose }: { token: TokenListItem | null; scope: Scope; onClose: () => void }) {
  const { testId, revoke } = SCOPES[scope];
  const whose = token?.owner ? ` (${token.owner.email}'s)` : "";
  return (
    <ConfirmDialog
      open={token !== null}
      onClose={onClose}
      testId={`${testId}-revoke-dialog`}
      confirmTestId={`${testId}-revoke-confirm`}
      title={token ? `Revoke the token “${token.name}”${whose}?` : "Revoke token"}
      description={
        token
          ? `Anything using ${token.prefix}… stops working at once, including open live connections. This cannot be undone.`
          : undefined
      }
      confirmLabel={`Revoke “${token?.name ?? ""}”`}
      action={() => revoke({ id: token!.id })}
      success={{ title: `Token "${token?.name}" revoked` }}
      failureTitle={`Could not revoke "${token?.name}"`}
    />
  );
}
