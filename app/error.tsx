"use client";

import Link from "next/link";
import { Button, buttonClassName } from "@/components/ui";

type ErrorPageProps = {
  error: unknown;
  /** Next 16.3+: re-fetches and re-renders the segment. */
  retry: () => void;
};

/**
 * Never renders the error's message: it may carry cluster responses or internals
 * (ARCHITECTURE: never show a raw client exception). The digest matches the server log line.
 */
export default function ErrorPage({ error, retry }: ErrorPageProps) {
  const digest = readDigest(error);
  return (
    <main
      data-testid="error-boundary"
      className="flex min-h-dvh bg-surface flex-col items-center justify-center gap-4 px-4 py-16 text-center"
    >
      <p className="font-mono text-sm font-medium text-danger">Error</p>
      <h1 className="text-2xl font-semibold tracking-tight text-text">Something went wrong</h1>
      <p className="max-w-md text-sm text-text-muted">
        {digest
          ? "The server could not finish this request. If it keeps happening, send this reference to your administrator:"
          : "This page failed in your browser. Trying again or reloading usually helps."}
      </p>
      {digest ? (
        <code
          data-testid="error-digest"
          className="rounded-md border border-border bg-surface-sunken px-3 py-1.5 text-sm select-all text-text"
        >
          {digest}
        </code>
      ) : null}
      <div className="mt-2 flex flex-wrap justify-center gap-2">
        <Button onClick={retry} data-testid="error-retry">
          Try again
        </Button>
        <Link href="/" className={buttonClassName({ variant: "secondary" })}>
          Back to overview
        </Link>
      </div>
    </main>
  );
}

function readDigest(error: unknown): string | null {
  if (typeof error !== "object" || error === null || !("digest" in error)) return null;
  const { digest } = error as { digest: unknown };
  return typeof digest === "string" && digest.length > 0 ? digest : null;
}
