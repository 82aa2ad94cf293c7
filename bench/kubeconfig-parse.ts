/**
 * How long parsing a hostile kubeconfig blocks the event loop: every adversarial input of up to
 * 64 KiB (tests/support/adversarial-kubeconfigs.ts: many keys, tiny entries, long flow sequences,
 * deep nesting, anchor runs, many contexts, many problems) through what the add-cluster dialog
 * does with it: parseKubeconfig, then listContexts. Target: the worst input under 50 ms.
 *
 * Run: `npx tsx bench/kubeconfig-parse.ts` (ROUNDS=N to change the 30 warm rounds per input).
 * Prints wall and CPU time per input (median and worst of the warm rounds; the machine is shared,
 * so CPU time is the steadier figure) and, last, one summary line. Asserts nothing.
 */
import { performance } from "node:perf_hooks";
import { listContexts, parseKubeconfig } from "../lib/server/k8s/kubeconfig";
import { adversarialKubeconfigs } from "../tests/support/adversarial-kubeconfigs";

const ROUNDS = Number(process.env.ROUNDS ?? 30);
const WARM_UP = 5;

function cpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** One parse as a request does it; refusals are outcomes too, and cost what they cost. */
function parseOnce(text: string): { wall: number; cpu: number; outcome: string } {
  const wallStart = performance.now();
  const cpuStart = cpuMs();
  let outcome: string;
  try {
    const choices = listContexts(parseKubeconfig(text));
    outcome = `${choices.length} contexts, ${choices.filter((choice) => !choice.problems).length} usable`;
  } catch (error) {
    outcome = `refused: ${(error as Error).message.slice(0, 60)}`;
  }
  return { wall: performance.now() - wallStart, cpu: cpuMs() - cpuStart, outcome };
}

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const rows: { name: string; bytes: number; wall: number[]; cpu: number[]; outcome: string }[] = [];
for (const { name, text } of adversarialKubeconfigs()) {
  for (let round = 0; round < WARM_UP; round += 1) parseOnce(text);
  const samples = Array.from({ length: ROUNDS }, () => parseOnce(text));
  rows.push({
    name,
    bytes: Buffer.byteLength(text),
    wall: samples.map((sample) => sample.wall),
    cpu: samples.map((sample) => sample.cpu),
    outcome: samples[0]!.outcome,
  });
}

const ms = (value: number) => value.toFixed(1).padStart(6);
console.log(`${"input".padEnd(48)} ${"bytes".padStart(6)}  wall p50  wall max  cpu p50  cpu max  outcome`);
for (const row of rows) {
  console.log(
    `${row.name.padEnd(48)} ${String(row.bytes).padStart(6)}  ${ms(percentile(row.wall, 50))}  ${ms(Math.max(...row.wall))}    ${ms(percentile(row.cpu, 50))}  ${ms(Math.max(...row.cpu))}  ${row.outcome}`,
  );
}
const worstByMedian = rows.reduce((worst, row) =>
  percentile(row.wall, 50) > percentile(worst.wall, 50) ? row : worst,
);
const worstMax = Math.max(...rows.flatMap((row) => row.wall));
console.log(
  `kubeconfig-parse: worst input "${worstByMedian.name}" p50 ${percentile(worstByMedian.wall, 50).toFixed(1)} ms wall (${percentile(worstByMedian.cpu, 50).toFixed(1)} ms CPU), worst single parse ${worstMax.toFixed(1)} ms; target < 50 ms`,
);
