import { getReadiness } from "@/lib/server/health";

export const dynamic = "force-dynamic";

/** Readiness: the database is reachable and every committed migration is applied. */
export async function GET() {
  const readiness = await getReadiness();
  return Response.json(readiness, { status: readiness.ready ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
