import { apiRoute } from "@/lib/server/api/route";
import { describeEksAssumeRoleSetup } from "@/lib/server/cloud/external-id";

/** The org's ExternalId and the trust policy to attach to a role Pilothouse should assume (EKS connectors). */
export const GET = apiRoute("GET /api/v1/clusters/connectors/eks/external-id", async (context) => ({
  eks: await describeEksAssumeRoleSetup(context.orgId),
}));
