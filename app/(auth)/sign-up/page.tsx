import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getViewer } from "@/lib/server/auth/viewer";

export const metadata: Metadata = { title: "Create your account" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ invite?: string; email?: string }> };

export default async function SignUpPage({ searchParams }: Props) {
  const { invite, email } = await searchParams;
  if (await getViewer()) redirect(invite ? `/invite/${encodeURIComponent(invite)}` : "/");
  return (
    <AuthCard
      title="Create your Pilothouse account"
      subtitle={invite ? "You were invited to an organization." : "Start an organization for your team."}
    >
      <SignUpForm invite={invite} defaultEmail={email} />
    </AuthCard>
  );
}
