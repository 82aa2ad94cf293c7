"use client";

import Link from "next/link";
import { isAwaitingAnswer } from "@/lib/realtime/live-list";
import { useResource } from "@/lib/realtime/use-resource";
import { useResourceList } from "@/lib/realtime/use-resource-list";
import { objectHref } from "@/lib/resources/links";
import {
  controllerOf,
  referencesOf,
  selectorQueriesOf,
  type ObjectReference,
  type SelectorQuery,
} from "@/lib/resources/related";
import type { KubeObject } from "@/lib/resources/types";
import { StatusChip } from "../status-chip";
import type { DetailContext } from "./detail-context";

/** Owner chains are short (Pod → ReplicaSet → Deployment); a cycle or a hostile chain stops here. */
const MAX_OWNER_DEPTH = 5;
/** Rows one related list shows; the rest are counted. */
const MAX_RELATED_ROWS = 20;
const ENDPOINT_SLICES = "endpointslices.discovery.k8s.io";

/**
 * Everything the object is tied to, as links: its owner chain (each owner followed live), what it
 * names (node, mounts, backends, scale target) and what it gathers by label (ReplicaSets, Pods,
 * EndpointSlices), each list live.
 */
export function RelatedObjects({ clusterId, resource, object }: DetailContext) {
  if (!object) return null;
  const owner = controllerOf(object);
  const references = referencesOf(resource.kind, object);
  const queries = selectorQueriesOf(resource.kind, object, ENDPOINT_SLICES);
  if (!owner && references.length === 0 && queries.length === 0) return null;
  const namespace = object.metadata?.namespace;
  return (
    <section aria-labelledby="related-heading" className="flex flex-col gap-4" data-testid="related-objects">
      <h2 id="related-heading" className="text-sm font-semibold text-text">
        Related objects
      </h2>
      {owner ? <OwnerChain clusterId={clusterId} first={owner} /> : null}
      {references.length > 0 ? (
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          {references.map((reference) => (
            <div key={`${reference.resource}/${reference.name}`} className="contents">
              <dt className="text-text-muted">{reference.relation}</dt>
              <dd className="min-w-0 truncate">
                <ObjectLink clusterId={clusterId} reference={reference} />
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      {queries.map((query) => (
        <RelatedList
          key={`${query.resource}:${query.labelSelector}`}
          clusterId={clusterId}
          namespace={namespace}
          query={query}
        />
      ))}
    </section>
  );
}

function OwnerChain({ clusterId, first }: { clusterId: string; first: ObjectReference }) {
  return (
    <div className="text-sm">
      <span className="text-text-muted">Owned by </span>
      <ol className="inline" data-testid="owner-chain">
        <OwnerStep clusterId={clusterId} reference={first} depth={1} />
      </ol>
    </div>
  );
}

/** One owner, followed live: its own controller (if any) renders next. */
function OwnerStep({ clusterId, reference, depth }: { clusterId: string; reference: ObjectReference; depth: number }) {
  const owner = useResource<KubeObject>({
    clusterId,
    resource: reference.resource,
    ...(reference.namespace !== undefined && { namespace: reference.namespace }),
    name: reference.name,
  });
  const next = owner.object ? controllerOf(owner.object) : undefined;
  return (
    <>
      <li className="inline">
        {depth > 1 ? (
          <span aria-hidden="true" className="px-1 text-text-muted">
            →
          </span>
        ) : null}
        <ObjectLink clusterId={clusterId} reference={reference} />
        {owner.missing ? <span className="ml-1 text-xs text-warning">(deleted)</span> : null}
      </li>
      {next && depth < MAX_OWNER_DEPTH ? <OwnerStep clusterId={clusterId} reference={next} depth={depth + 1} /> : null}
    </>
  );
}

export function ObjectLink({
  clusterId,
  reference,
}: {
  clusterId: string;
  reference: Omit<ObjectReference, "relation">;
}) {
  return (
    <Link
      href={objectHref({ clusterId, ...reference })}
      className="text-accent hover:underline"
      data-testid={`related-link-${reference.kind}-${reference.name}`}
    >
      <span className="text-text-muted">{reference.kind}</span> {reference.name}
    </Link>
  );
}

function RelatedList({ clusterId, namespace, query }: { clusterId: string; namespace?: string; query: SelectorQuery }) {
  const list = useResourceList({
    clusterId,
    resource: query.resource,
    ...(namespace !== undefined && { namespace }),
    labelSelector: query.labelSelector,
  });
  const rows = list.rows.filter((row) => !query.ownerUid || row.owner?.uid === query.ownerUid);
  const shown = [...rows].sort((a, b) => a.name.localeCompare(b.name)).slice(0, MAX_RELATED_ROWS);
  return (
    <div className="text-sm" data-testid={`related-list-${query.kind}`}>
      <h3 className="mb-1 text-text-muted">
        {query.relation} <span className="tabular-nums">({list.error ? "?" : rows.length})</span>
      </h3>
      {list.error ? (
        <p className="text-text-muted">Cannot be listed: {list.error.message}</p>
      ) : rows.length === 0 ? (
        <p className="text-text-muted">{isAwaitingAnswer(list.state) ? "Listing…" : "None"}</p>
      ) : (
        <ul className="flex flex-col gap-1">
          {shown.map((row) => (
            <li key={row.uid} className="flex min-w-0 items-center gap-2">
              <ObjectLink
                clusterId={clusterId}
                reference={{
                  resource: query.resource,
                  kind: query.kind,
                  ...(row.namespace && { namespace: row.namespace }),
                  name: row.name,
                }}
              />
              <StatusChip tone={row.status.tone} label={row.status.label} reason={row.status.reason} />
            </li>
          ))}
          {rows.length > shown.length ? (
            <li className="text-text-muted">and {rows.length - shown.length} more</li>
          ) : null}
        </ul>
      )}
    </div>
  );
}
