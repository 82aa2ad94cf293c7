/**
 * Pilothouse's one process: one HTTP server on one port serving Next.js and socket.io.
 * Start-up and shutdown order live here; everything else lives in lib/server.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server as HttpServer } from "node:http";
import next from "next";
import { ConfigError } from "./lib/server/config/env";
import { startHealthMonitor, stopHealthMonitor } from "./lib/server/clusters/health";
import { disconnectDb, getDb } from "./lib/server/db/client";
import { startEventHistory, stopEventHistory } from "./lib/server/events/event-history";
import { getLogHub } from "./lib/server/logs/log-hub";
import { recordInstanceStart } from "./lib/server/db/instance";
import { clientAddress, type TrustedProxies } from "./lib/server/http/client-address";
import { serveMetrics } from "./lib/server/http/metrics-endpoint";
import { CLIENT_IP_HEADER, REQUEST_ID_HEADER } from "./lib/server/http/request-meta";
import { log } from "./lib/server/logger";
import { attachRealtime } from "./lib/server/realtime/server";
import { prepareRuntime, type Runtime } from "./lib/server/runtime";
import { PILOTHOUSE_VERSION } from "./lib/server/version";

const SHUTDOWN_DEADLINE_MS = 10_000;

// Nothing leaves the machine: Next's anonymous telemetry included.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

async function main() {
  const runtime = await prepareRuntime();
  try {
    await serve(runtime);
  } catch (error) {
    await runtime.stop();
    throw error;
  }
}

async function serve(runtime: Runtime) {
  const { config } = runtime;
  await recordInstanceStart(getDb(), PILOTHOUSE_VERSION);
  const dev = process.env.PILOTHOUSE_DEV === "1";
  const app = next({ dev, hostname: "localhost", port: config.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const httpServer = createServer((request, response) => {
    if (serveMetrics(request, response, config.PILOTHOUSE_METRICS_TOKEN)) return;
    stampRequest(request, config.trustedProxies);
    void handle(request, response);
  });
  const io = attachRealtime(httpServer, config.appUrl, { dev, trustedProxies: config.trustedProxies });
  await listen(httpServer, config.PORT, config.HOST);
  startHealthMonitor();
  startEventHistory();
  log.info(`Pilothouse is ready: open ${config.appUrl}`, { listen: `${config.HOST}:${config.PORT}`, dev });
  onShutdownSignal(async () => {
    stopHealthMonitor();
    await stopEventHistory(); // writes the events still waiting
    await getLogHub().close();
    await io.close(); // sockets get a disconnect and reconnect to the next process
    await closeHttp(httpServer);
    await disconnectDb();
    await runtime.stop();
    log.info("stopped");
  });
}

/**
 * Tell code inside Next who is calling; a client-sent value is overwritten, never trusted.
 * X-Forwarded-For counts only from the operator's trusted proxies (docs/decisions/0060).
 */
function stampRequest(request: IncomingMessage, trustedProxies: TrustedProxies) {
  request.headers[CLIENT_IP_HEADER] =
    clientAddress(request.socket.remoteAddress, request.headers["x-forwarded-for"], trustedProxies) ?? "unknown";
  request.headers[REQUEST_ID_HEADER] = randomUUID();
}

function listen(server: HttpServer, port: number, host: string) {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
}

function closeHttp(server: HttpServer) {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

function onShutdownSignal(shutdown: () => Promise<void>) {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    const deadline = setTimeout(() => {
      log.warn("shutdown deadline passed; exiting");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    shutdown()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error("shutdown failed", { error: String(error) });
        process.exit(1);
      });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

function reportStartupFailure(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error("Pilothouse cannot start: invalid configuration");
    for (const problem of error.problems) console.error(`  ${problem.variable}: ${problem.message}`);
    console.error("See .env.example for every variable.");
  } else {
    console.error(`Pilothouse cannot start: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.LOG_LEVEL === "debug" && error instanceof Error) console.error(error.stack);
  }
  process.exit(1);
}

main().catch(reportStartupFailure);
