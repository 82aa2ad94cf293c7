"use client";

import { useRouter } from "next/navigation";
import { useQueryStates } from "nuqs";
import { useState, useTransition, type FormEvent } from "react";
import { Button, Dialog, Input, useToast } from "@/components/ui";
import { LIST_URL_STATE } from "@/components/resources/resource-list";
import { createViewAction } from "@/lib/actions/views";
import type { ErrorBody } from "@/lib/errors";
import { parseListView, type ListColumn } from "@/lib/resources/list-view";
import { viewHref, viewStateOf } from "@/lib/resources/view-state";
import type { ViewVisibility } from "@/lib/validations/views";

const VISIBILITY_CHOICES: readonly { value: ViewVisibility; label: string }[] = [
  { value: "org", label: "Everyone in the organization" },
  { value: "private", label: "Only me" },
];

type Props = {
  clusterId: string;
  resource: { name: string; columns: ListColumn[] };
  orgName: string;
};

/** "Save view": names the list as it is now (clusters, namespaces, filter, columns, sort), private or shared. */
export function SaveViewButton({ clusterId, resource, orgName }: Props) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)} data-testid="save-view">
        Save view
      </Button>
      {open ? (
        <SaveViewDialog clusterId={clusterId} resource={resource} orgName={orgName} onClose={() => setOpen(false)} />
      ) : null}
    </>
  );
}

function SaveViewDialog({ clusterId, resource, orgName, onClose }: Props & { onClose: () => void }) {
  const router = useRouter();
  const { toast } = useToast();
  const [params] = useQueryStates(LIST_URL_STATE);
  const [name, setName] = useState("");
  const [visibility, setVisibility] = useState<ViewVisibility>("org");
  const [error, setError] = useState<ErrorBody["error"] | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const view = parseListView(params, resource.columns);
    startTransition(async () => {
      const result = await createViewAction({
        name,
        visibility,
        clusterIds: view.clusterIds.length > 0 ? view.clusterIds : [clusterId],
        resource: resource.name,
        state: viewStateOf(view),
      }).catch(() => null);
      if (!result?.ok) {
        setError(result?.error ?? { code: "UNAVAILABLE", message: "Pilothouse could not be reached. Try again." });
        return;
      }
      toast({ tone: "success", title: `Saved “${result.data.name}”` });
      onClose();
      router.push(viewHref(result.data.id));
      router.refresh();
    });
  }

  return (
    <Dialog open onClose={onClose} size="sm" title="Save view" data-testid="save-view-dialog">
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        <Input
          label="Name"
          data-testid="save-view-name"
          maxLength={80}
          autoComplete="off"
          required
          autoFocus
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={error?.path === "name" ? error.message.replace(/^name: /, "") : undefined}
          disabled={pending}
        />
        <fieldset className="flex flex-col gap-2 text-sm">
          <legend className="mb-1 font-medium">Who sees it</legend>
          {VISIBILITY_CHOICES.map((choice) => (
            <label key={choice.value} className="flex items-center gap-2">
              <input
                type="radio"
                name="visibility"
                checked={visibility === choice.value}
                onChange={() => setVisibility(choice.value)}
                data-testid={`save-view-${choice.value === "org" ? "shared" : "private"}`}
                className="accent-accent"
              />
              {choice.value === "org" ? `Everyone in ${orgName} (in their sidebar)` : choice.label}
            </label>
          ))}
        </fieldset>
        {error && error.path !== "name" ? (
          <p role="alert" className="text-sm text-danger" data-testid="save-view-error">
            {error.message}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" data-testid="save-view-submit" loading={pending}>
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
