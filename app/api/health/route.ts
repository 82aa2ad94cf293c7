import { getLiveness } from "@/lib/server/health";

export const dynamic = "force-dynamic";

/** Liveness: the process is up and serving. Never touches the database. */
export function GET() {
  return Response.json(getLiveness(), { headers: { "Cache-Control": "no-store" } });
}
