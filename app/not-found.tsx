import type { Metadata } from "next";
import Link from "next/link";
import { buttonClassName } from "@/components/ui";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <main
      data-testid="not-found"
      className="flex min-h-dvh flex-col items-center justify-center gap-4 bg-surface px-4 text-center"
    >
      <p className="font-mono text-sm font-medium text-accent">404</p>
      <h1 className="text-2xl font-semibold tracking-tight text-text">Page not found</h1>
      <p className="max-w-sm text-sm text-text-muted">
        The page does not exist, or the link that brought you here is out of date.
      </p>
      <Link href="/" className={buttonClassName({ variant: "secondary" })} data-testid="not-found-home">
        Back to overview
      </Link>
    </main>
  );
}
