"use client";

import { useTransition } from "react";
import { Button, type ButtonProps, useToast } from "@/components/ui";
import { switchOrgAction } from "@/lib/actions/orgs";

/** Start working in one of the viewer's orgs (used where the shell's switcher is not around). */
export function OpenOrgButton({ org, ...rest }: { org: { id: string; name: string } } & Omit<ButtonProps, "onClick">) {
  const { toast } = useToast();
  const [pending, startTransition] = useTransition();

  function open() {
    startTransition(async () => {
      // Success redirects to the org's overview; only failures return.
      const result = await switchOrgAction({ orgId: org.id });
      if (!result.ok) toast({ tone: "danger", title: `Could not open ${org.name}`, description: result.error.message });
    });
  }

  return <Button loading={pending} onClick={open} {...rest} />;
}
