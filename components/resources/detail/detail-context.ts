import type { OperationAccess } from "@/lib/operations/types";
import type { LiveRow } from "@/lib/realtime/live-list";
import type { RolloutDiagnosis } from "@/lib/resources/rollout-diagnosis";
import type { KubeObject } from "@/lib/resources/types";

/** What every detail tab and header action is handed: the object as last seen, and where it lives. */
export type DetailContext = {
  clusterId: string;
  resource: { name: string; kind: string; namespaced: boolean; group: string };
  namespace?: string;
  name: string;
  /** The full object (redacted by the server), the last one seen when it is gone. */
  object?: KubeObject;
  /** Its live row (status label and tone), the last one seen when it is gone. */
  row?: LiveRow;
  /** The object was deleted (or was never there): what is shown is its last state. */
  deleted: boolean;
  /** Why a Deployment, StatefulSet or DaemonSet rollout does not progress; absent when it does. */
  rollout?: RolloutDiagnosis;
  /**
   * Which operations the viewer may use on it, and why not: worked out once by the page's server
   * render for every action and tab (each action checks again when it runs).
   */
  operations?: OperationAccess;
};
