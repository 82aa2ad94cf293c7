/**
 * Which version of each resource a cluster serves, from its discovery documents (docs/kinds.md,
 * "How versions are chosen"). Pure: the server fetches the documents (lib/server/k8s/discovery.ts),
 * tests feed recorded ones (tests/fixtures/discovery/).
 *
 * A known kind gets the first of its preferred versions the cluster serves (HPA: autoscaling/v2 on
 * 1.23+, v2beta2 on 1.20). Every other listable resource (custom resources, aggregated APIs,
 * built-ins without a kind file) gets its group's preferred version, or the first version that
 * serves it.
 */
import { asArray, asRecord, asRecords, asString } from "./cells";
import { KINDS, resourceName } from "./registry";
import type { KindDefinition, ResourceName, ServedResource } from "./types";

export type DiscoveredResource = { name: string; kind: string; namespaced: boolean; verbs: readonly string[] };

export type DiscoveredGroup = {
  /** "" for the core group. */
  group: string;
  preferredVersion: string | null;
  /** In the cluster's order of preference. */
  versions: readonly { version: string; resources: readonly DiscoveredResource[] }[];
};

export type DiscoverySnapshot = {
  groups: readonly DiscoveredGroup[];
  /** "group/version"s whose document did not arrive (an aggregated API that is down). */
  failed: readonly string[];
};

/** Discovery documents by path: "/api/v1", "/apis", "/apis/apps/v1", ... */
export type DiscoveryDocuments = Readonly<Record<string, unknown>>;

export type ServedKind = ServedResource & { definition: KindDefinition };
export type ServedCatalog = { known: readonly ServedKind[]; other: readonly ServedResource[] };

// Bounds on what a cluster's discovery may make us hold.
const MAX_GROUPS = 500;
const MAX_VERSIONS_PER_GROUP = 20;
const MAX_RESOURCES_PER_VERSION = 1_000;

/**
 * Legacy copies of resources that another group serves too: `extensions` (Deployments, Ingresses,
 * NetworkPolicies… moved to apps, networking.k8s.io and policy) and events.k8s.io Events (the same
 * objects as core Events). Listing them would show every object twice.
 */
function isLegacyCopy(group: string, kind: string): boolean {
  return group === "extensions" || (group === "events.k8s.io" && kind === "Event");
}

/** The group-version paths to fetch after "/apis", in the cluster's order. */
export function groupVersionPaths(apis: unknown): string[] {
  return asRecords(asRecord(apis).groups)
    .slice(0, MAX_GROUPS)
    .flatMap((group) =>
      asRecords(group.versions)
        .slice(0, MAX_VERSIONS_PER_GROUP)
        .map((version) => asString(version.groupVersion))
        .filter((groupVersion): groupVersion is string => !!groupVersion && /^[\w.-]+\/[\w.-]+$/.test(groupVersion))
        .map((groupVersion) => `/apis/${groupVersion}`),
    );
}

function readResources(list: unknown): DiscoveredResource[] {
  return asRecords(asRecord(list).resources)
    .slice(0, MAX_RESOURCES_PER_VERSION)
    .filter((resource) => typeof resource.name === "string" && !resource.name.includes("/"))
    .map((resource) => ({
      name: resource.name as string,
      kind: asString(resource.kind) ?? "",
      namespaced: resource.namespaced === true,
      verbs: asArray(resource.verbs).filter((verb): verb is string => typeof verb === "string"),
    }));
}

/** The snapshot the documents describe; a group-version whose document is missing is listed as failed. */
export function snapshotFromDocuments(documents: DiscoveryDocuments): DiscoverySnapshot {
  const groups: DiscoveredGroup[] = [];
  const failed: string[] = [];
  if (documents["/api/v1"]) {
    groups.push({
      group: "",
      preferredVersion: "v1",
      versions: [{ version: "v1", resources: readResources(documents["/api/v1"]) }],
    });
  } else failed.push("v1");
  for (const entry of asRecords(asRecord(documents["/apis"]).groups).slice(0, MAX_GROUPS)) {
    const group = asString(entry.name) ?? "";
    const versions: DiscoveredGroup["versions"][number][] = [];
    for (const version of asRecords(entry.versions).slice(0, MAX_VERSIONS_PER_GROUP)) {
      const document = documents[`/apis/${String(version.groupVersion)}`];
      if (document) versions.push({ version: asString(version.version) ?? "", resources: readResources(document) });
      else failed.push(String(version.groupVersion));
    }
    groups.push({ group, preferredVersion: asString(asRecord(entry.preferredVersion).version) ?? null, versions });
  }
  return { groups, failed };
}

function served(group: string, version: string, resource: DiscoveredResource): ServedResource {
  return {
    name: resourceName(group, resource.name),
    kind: resource.kind,
    group,
    version,
    plural: resource.name,
    namespaced: resource.namespaced,
    verbs: resource.verbs,
  };
}

/** The version of `definition` this cluster serves: the first of the definition's preferences it has. */
function chooseKnown(groups: Map<string, DiscoveredGroup>, definition: KindDefinition): ServedKind | undefined {
  const group = groups.get(definition.group);
  for (const version of definition.versions) {
    const resource = group?.versions
      .find((entry) => entry.version === version)
      ?.resources.find((candidate) => candidate.name === definition.plural && candidate.verbs.includes("list"));
    if (resource) return { ...served(definition.group, version, resource), definition };
  }
  return undefined;
}

/** Every listable resource the cluster serves, known kinds at their chosen versions, the rest by name. */
export function servedCatalog(snapshot: DiscoverySnapshot, kinds: readonly KindDefinition[] = KINDS): ServedCatalog {
  const groups = new Map(snapshot.groups.map((group) => [group.group, group]));
  const known = kinds.flatMap((definition) => chooseKnown(groups, definition) ?? []);
  const knownNames = new Set(kinds.map((definition) => resourceName(definition.group, definition.plural)));
  const other = new Map<ResourceName, ServedResource>();
  for (const group of snapshot.groups) {
    // The preferred version first, then the rest in the cluster's order.
    const ordered = [...group.versions].sort(
      (a, b) => Number(b.version === group.preferredVersion) - Number(a.version === group.preferredVersion),
    );
    for (const { version, resources } of ordered) {
      for (const resource of resources) {
        const name = resourceName(group.group, resource.name);
        if (knownNames.has(name) || other.has(name) || !resource.verbs.includes("list")) continue;
        if (isLegacyCopy(group.group, resource.kind)) continue;
        other.set(name, served(group.group, version, resource));
      }
    }
  }
  return { known, other: [...other.values()].sort((a, b) => a.name.localeCompare(b.name)) };
}

/** One resource of the catalog by name, known or not. */
export function findServed(catalog: ServedCatalog, name: ResourceName): ServedKind | ServedResource | undefined {
  return catalog.known.find((entry) => entry.name === name) ?? catalog.other.find((entry) => entry.name === name);
}
