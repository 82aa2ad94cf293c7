"use client";

import { useRouter } from "next/navigation";
import { useQueryStates } from "nuqs";
import { useState, useTransition } from "react";
import { Button, ConfirmDialog, useToast } from "@/components/ui";
import { LIST_URL_STATE } from "@/components/resources/resource-list";
import { deleteViewAction, updateViewAction } from "@/lib/actions/views";
import { parseListView, type ListColumn } from "@/lib/resources/list-view";
import { viewHref, viewStateOf } from "@/lib/resources/view-state";

type Props = {
  view: { id: string; name: string; shared: boolean };
  columns: ListColumn[];
  mayEdit: boolean;
  mayDelete: boolean;
};

/** On a saved view: copy its link, save the list's current state into it (owner), delete it (owner, or admin if shared). */
export function ViewActions({ view, columns, mayEdit, mayDelete }: Props) {
  const router = useRouter();
  const { toast } = useToast();
  const [params] = useQueryStates(LIST_URL_STATE);
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();

  async function copyLink() {
    const url = new URL(viewHref(view.id), window.location.origin).toString();
    try {
      await navigator.clipboard.writeText(url);
      toast({
        tone: "success",
        title: "Link copied",
        description: view.shared ? undefined : "This view is private: only you can open it.",
      });
    } catch {
      // Clipboard access can be refused (permissions, insecure origin): show the link to copy by hand.
      toast({ tone: "info", title: "Copy this link", description: url, duration: 0 });
    }
  }

  function saveChanges() {
    const state = viewStateOf(parseListView(params, columns));
    startTransition(async () => {
      const result = await updateViewAction({ id: view.id, changes: { state } }).catch(() => null);
      if (result?.ok) toast({ tone: "success", title: `Saved “${view.name}”` });
      else
        toast({ tone: "danger", title: "The view was not saved", description: result?.error.message ?? "Try again." });
    });
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button variant="secondary" onClick={() => void copyLink()} data-testid="copy-view-link">
        Copy link
      </Button>
      {mayEdit ? (
        <Button variant="secondary" onClick={saveChanges} loading={pending} data-testid="update-view">
          Save changes
        </Button>
      ) : null}
      {mayDelete ? (
        <Button variant="ghost" onClick={() => setConfirming(true)} data-testid="delete-view">
          Delete
        </Button>
      ) : null}
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Delete the view “${view.name}”?`}
        description={
          view.shared
            ? "It disappears from every member's sidebar. The clusters are not touched."
            : "The clusters are not touched."
        }
        confirmLabel="Delete view"
        testId="delete-view-dialog"
        confirmTestId="delete-view-confirm"
        action={() => deleteViewAction({ id: view.id })}
        success={{ title: `Deleted “${view.name}”` }}
        failureTitle="The view was not deleted"
        onSuccess={() => {
          router.push("/");
          router.refresh();
        }}
      />
    </div>
  );
}
