import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { GeistMono } from "geist/font/mono";
import { GeistSans } from "geist/font/sans";
import { ThemeScript } from "@/components/shell/theme-script";
import { ToastProvider } from "@/components/ui";
import { NONCE_HEADER } from "@/lib/server/http/content-security-policy";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Pilothouse", template: "%s · Pilothouse" },
  description: "A multi-cluster Kubernetes dashboard for on-call engineers.",
  applicationName: "Pilothouse",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f9fafb" },
    { media: "(prefers-color-scheme: dark)", color: "#111419" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request with proxy.ts's CSP nonce; the one inline script carries it.
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    // The init script sets data-theme before React hydrates; the mismatch is expected.
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`} suppressHydrationWarning>
      <head>
        <ThemeScript nonce={nonce} />
      </head>
      <body className="bg-surface font-sans text-text antialiased">
        <ToastProvider>{children}</ToastProvider>
      </body>
    </html>
  );
}
