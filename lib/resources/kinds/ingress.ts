import { asArray, asRecord, asRecords, asString, capList, capText, MAX_WORD } from "../cells";
import { column } from "../columns";
import { defineKind } from "../define-kind";
import type { ResourceStatus } from "../types";

export const ingress = defineKind({
  kind: "Ingress",
  group: "networking.k8s.io",
  versions: ["v1", "v1beta1"],
  plural: "ingresses",
  category: "network",
  columns: [
    column.text("class", "Class"),
    column.list("hosts", "Hosts"),
    column.list("address", "Address"),
    column.text("ports", "Ports"),
    column.status(),
  ],
  toCells: (object) => {
    const spec = asRecord(object.spec);
    const annotations = asRecord(asRecord(object.metadata).annotations);
    const hosts = asRecords(spec.rules)
      .map((rule) => asString(rule.host) ?? "")
      .filter(Boolean);
    const addresses = asRecords(asRecord(asRecord(object.status).loadBalancer).ingress)
      .map((entry) => asString(entry.ip) ?? asString(entry.hostname) ?? "")
      .filter(Boolean);
    return {
      // Before IngressClass (and still common), the class was an annotation.
      class: capText(asString(spec.ingressClassName) ?? asString(annotations["kubernetes.io/ingress.class"]), MAX_WORD),
      hosts: hosts.length > 0 ? capList(hosts) : ["*"],
      address: capList(addresses),
      ports: asArray(spec.tls).length > 0 ? "80, 443" : "80",
    };
  },
  status: (row): ResourceStatus => {
    if (row.deleting) return { label: "Terminating", tone: "warn" };
    const address = row.cells.address;
    return Array.isArray(address) && address.length > 0
      ? { label: "Active", tone: "ok" }
      : { label: "Pending", tone: "warn", reason: "no load balancer address yet" };
  },
});
