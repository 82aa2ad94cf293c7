"use client";

import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useState } from "react";
import { revokeTokenAction } from "@/lib/actions/tokens";
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
};

export function TokenList({ tokens }: { tokens: TokenListItem[] }) {
  const [revoking, setRevoking] = useState<TokenListItem | null>(null);

  if (tokens.length === 0) {
    return (
      <EmptyState
        data-testid="tokens-empty-state"
        title="No API tokens yet"
        description="Create one above for scripts, CI jobs or the REST API. Each token acts as you, with your role."
      />
    );
  }
  return (
    <>
      <Table caption="Your API tokens in this organization" hideCaption data-testid="token-list">
        <THead>
          <tr>
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
            <Tr key={token.id} data-testid={`token-row-${token.name}`}>
              <Td className="max-w-48 font-medium break-words">{token.name}</Td>
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
                  data-testid={`token-revoke-${token.name}`}
                  onClick={() => setRevoking(token)}
                  aria-label={`Revoke token ${token.name}`}
                >
                  Revoke
                </Button>
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      <RevokeDialog token={revoking} onClose={() => setRevoking(null)} />
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

function RevokeDialog({ token, onClose }: { token: TokenListItem | null; onClose: () => void }) {
  return (
    <ConfirmDialog
      open={token !== null}
      onClose={onClose}
      testId="token-revoke-dialog"
      confirmTestId="token-revoke-confirm"
      title={token ? `Revoke the token “${token.name}”?` : "Revoke token"}
      description={
        token
          ? `Anything using ${token.prefix}… stops working at once, including open live connections. This cannot be undone.`
          : undefined
      }
      confirmLabel={`Revoke “${token?.name ?? ""}”`}
      action={() => revokeTokenAction({ id: token!.id })}
      success={{ title: `Token "${token?.name}" revoked` }}
      failureTitle={`Could not revoke "${token?.name}"`}
    />
  );
}
