/**
 * B5 (docs/performance.md): log streaming through real sockets. One viewer, and 100 viewers of one
 * container, following a fast log source (the fake kubelet's `realk8s.dev/log-rate` annotation)
 * through the real apiserver. Targets: ≥ 50k lines/s end to end; 1 upstream stream for the 100;
 * ≤ 100 ns of server CPU per line delivered. Also: server RSS while one reader is stalled.
 *
 *   npx tsx bench/logs.ts [rate=50000] [seconds=10] [fanoutRate=1000]
 *
 * One viewer follows a pod logging `rate` lines/s; the 100 viewers follow a second pod logging
 * `fanoutRate` lines/s (100 × 50k lines/s would measure this process's 100 socket clients, not the
 * server: they cannot parse 5M lines/s on a shared machine).
 *
 * The server (socket.io + the log hub) runs in a child process so its CPU and RSS are its own;
 * this process starts an embedded PostgreSQL, registers the cluster, and plays the browsers.
 * Leaves namespace bench-logs behind (one Deployment); delete it with kubectl when done.
 */
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import type { Socket } from "socket.io-client";

const NAMESPACE = "bench-logs";
const DEPLOYMENT = "firehose";

type ServerReport = { cpuMicros: number; rss: number; streams: number; linesOut: number };

// --- child: the server ---------------------------------------------------------------------------

async function serve() {
  const { attachRealtime } = await import("../lib/server/realtime/server");
  const { getMetrics } = await import("../lib/server/metrics");
  const { APP_URL } = await import("../tests/support/log-fixtures");
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  attachRealtime(server, APP_URL);
  process.on("message", (message: string) => {
    if (message !== "report") return;
    void (async () => {
      const cpu = process.cpuUsage();
      const streams = (await getMetrics().upstreamLogStreams.get()).values.reduce((sum, v) => sum + v.value, 0);
      const out = (await getMetrics().logLines.get()).values.find((v) => v.labels.direction === "out")?.value ?? 0;
      const report: ServerReport = {
        cpuMicros: cpu.user + cpu.system,
        rss: process.memoryUsage().rss,
        streams,
        linesOut: out,
      };
      process.send!(report);
    })();
  });
  // The parent is the only reason to run: if it goes, so does the server.
  process.on("disconnect", () => process.exit(0));
  process.send!({ port: (server.address() as AddressInfo).port });
}

// --- parent: database, cluster, browsers -----------------------------------------------------------

async function main() {
  const rate = Number(process.argv[2] ?? 50_000);
  const seconds = Number(process.argv[3] ?? 10);
  const fanoutRate = Number(process.argv[4] ?? 1000);
  process.env.PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS ??= "127.0.0.1/32";
  process.env.PILOTHOUSE_MASTER_KEY ??= randomBytes(32).toString("base64");
  const database = await import("../tests/support/database");
  const { benchCluster } = await import("./scale-pods");
  const { memberWithCluster, openSocket, LogViewer } = await import("../tests/support/log-fixtures");
  const cluster = benchCluster();
  const postgres = await database.startTestPostgres();
  const fresh = await database.useFreshDatabase();
  const member = await memberWithCluster(fresh.db, cluster);
  const pod = deployFirehose(cluster.kubeconfigPaths.admin, DEPLOYMENT, rate);
  const fanoutPod = deployFirehose(cluster.kubeconfigPaths.admin, "fanout", fanoutRate);
  console.log(
    `pods ${NAMESPACE}/${pod} at ${rate} lines/s, ${fanoutPod} at ${fanoutRate} lines/s; ${seconds} s per scenario`,
  );

  const child = fork(import.meta.filename, ["--serve"], {
    execArgv: ["--import", "tsx"],
    env: process.env,
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const { port } = await nextMessage<{ port: number }>(child);
  const url = `http://127.0.0.1:${port}`;
  const report = () => {
    child.send("report");
    return nextMessage<ServerReport>(child);
  };
  const request = { clusterId: member.clusterId, namespace: NAMESPACE, pod, tailLines: 0 };
  const sockets: Socket[] = [];
  const open = async () => {
    const socket = await openSocket(url, member.cookie);
    sockets.push(socket);
    return new LogViewer(socket);
  };

  const results: string[] = [];
  for (const viewers of [1, 100]) {
    const group = await Promise.all(Array.from({ length: viewers }, open));
    const view = viewers === 1 ? request : { ...request, pod: fanoutPod };
    // All at once, as 100 browsers opening a shared link would: the first opens the view.
    const acks = await Promise.all(group.map((viewer) => viewer.subscribe(view)));
    const refused = acks.find((ack) => !ack.ok);
    if (refused && !refused.ok) throw new Error(`subscribe refused: ${refused.error.message}`);
    await sleep(2_000); // warm: the stream is open and flowing
    const before = await report();
    const received = group.map((viewer) => viewer.lines.length);
    await sleep(seconds * 1000);
    const after = await report();
    const delivered = group.reduce((sum, viewer, i) => sum + viewer.lines.length - received[i]!, 0);
    const perViewer = delivered / viewers / seconds;
    const cpuNsPerLine = ((after.cpuMicros - before.cpuMicros) * 1000) / Math.max(1, delivered);
    const line =
      `${viewers} viewer(s): ${Math.round(perViewer)} lines/s per viewer, ${Math.round(delivered / seconds)} lines/s delivered in all, ` +
      `upstream streams ${after.streams}, server CPU ${cpuNsPerLine.toFixed(0)} ns per delivered line, server RSS ${mib(after.rss)}`;
    console.log(line);
    // What the server said besides lines (an error names why a stream ended before the window did).
    const said = [
      ...new Set(
        group.flatMap((viewer) => viewer.statuses.map((s) => `${s.kind}${s.message ? `: ${s.message}` : ""}`)),
      ),
    ];
    if (said.length > 0) console.log(`  statuses: ${said.slice(0, 5).join(" | ")}`);
    results.push(line);
    for (const viewer of group) viewer.socket.close(); // a disconnect leaves every room
    await sleep(12_000); // past the view's linger: the next scenario starts from a quiet server
  }

  // A stalled reader beside a live one: server RSS over time.
  const live = await open();
  const stalled = await open();
  await live.subscribe(request);
  await stalled.subscribe(request);
  await sleep(2_000);
  const raw = (
    stalled.socket.io.engine as unknown as { transport: { ws: { _socket: { pause(): void; resume(): void } } } }
  ).transport.ws._socket;
  raw.pause();
  const rss: number[] = [];
  for (let i = 0; i < seconds * 2; i++) {
    await sleep(1_000);
    rss.push((await report()).rss);
  }
  raw.resume();
  await sleep(10_000); // it drains what the kernel held, then hears how much it skipped
  const skipped = stalled.statuses
    .filter((status) => status.kind === "skipped")
    .reduce((sum, s) => sum + (s.count ?? 0), 0);
  const stallLine =
    `stalled reader for ${seconds * 2} s: server RSS first ${mib(rss[0]!)}, max ${mib(Math.max(...rss))}, last ${mib(rss.at(-1)!)}; ` +
    `lines skipped for it ${skipped}; the live viewer got ${live.lines.length}`;
  console.log(stallLine);

  for (const socket of sockets) socket.close();
  child.kill();
  await fresh.drop();
  await postgres.stop();
  console.log(
    `B5 summary (targets: ≥ 50000 lines/s, 1 upstream stream for 100 viewers, ≤ 100 ns CPU/line): ${results.join(" | ")} | ${stallLine}`,
  );
}

function deployFirehose(kubeconfig: string, name: string, rate: number): string {
  const kubectl = (args: string[], input?: string) =>
    execFileSync("kubectl", ["--kubeconfig", kubeconfig, ...args], { encoding: "utf8", input });
  kubectl(["apply", "-f", "-"], JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE } }));
  const manifest = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: NAMESPACE },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, annotations: { "realk8s.dev/log-rate": String(rate) } },
        spec: { containers: [{ name: "app", image: "example.test/firehose:1.0.0" }] },
      },
    },
  };
  kubectl(["apply", "-f", "-"], JSON.stringify(manifest));
  kubectl(["rollout", "status", `deployment/${name}`, "-n", NAMESPACE, "--timeout=120s"]);
  for (let i = 0; i < 60; i++) {
    const podName = kubectl([
      "get",
      "pods",
      "-n",
      NAMESPACE,
      "-l",
      `app=${name}`,
      "--field-selector=status.phase=Running",
      "-o",
      "jsonpath={.items[0].metadata.name}",
    ]).trim();
    if (podName) return podName;
    execFileSync("sleep", ["1"]);
  }
  throw new Error(`the ${name} pod did not start`);
}

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve) => child.once("message", (message) => resolve(message as T)));
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

if (process.argv.includes("--serve")) void serve();
else
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
