import type { ClusterConnection } from "./connection";
import { callCluster, type Impersonation } from "./request";

/** The attributes of one SelfSubjectAccessReview: may this identity `verb` this resource? */
export type AccessAttributes = {
  verb: string;
  resource: string;
  group?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
};

type AccessReview = { status?: { allowed?: boolean } };

/** A review's answer is a few hundred bytes; anything near this cap is not an apiserver. */
const REVIEW_MAX_BYTES = 64 * 1024;

/**
 * Ask the cluster whether the identity that would act (the stored credential, or the impersonated
 * person) may do this. The one place Pilothouse asks; every caller gets a plain yes or no.
 */
export async function reviewAccess(
  connection: ClusterConnection,
  attributes: AccessAttributes,
  impersonate?: Impersonation,
): Promise<boolean> {
  const review = await callCluster<AccessReview>(connection, {
    path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
    method: "POST",
    body: {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectAccessReview",
      spec: { resourceAttributes: attributes },
    },
    impersonate,
    maxBytes: REVIEW_MAX_BYTES,
  });
  return review.status?.allowed === true;
}
