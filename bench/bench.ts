// `npm run bench`: the order pipeline's figures on the embedded backend.
// Prints a table, writes bench/results.json and draws bench/latency.svg.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as z from "zod";
import { parseBenchArgs, runBench, selected, type BenchOptions } from "./lib/args.ts";
import { renderLatencyChart } from "./lib/chart.ts";
import { forkForMessage } from "./lib/child.ts";
import {
  dlqPaths,
  loadRun,
  medianCurve,
  npmTestWall,
  wakeUps,
  type StepSummary,
} from "./lib/pipeline.ts";
import { buildResults, writeResults } from "./lib/results.ts";
import { medianFigures, repeat, type Figures } from "./lib/runner.ts";
import { median, round } from "./lib/stats.ts";
import { startSystem } from "./lib/system.ts";
import { formatTable, type Row } from "./lib/table.ts";

const floorChild = fileURLToPath(new URL("./lib/floor-child.ts", import.meta.url));

/**
 * The floor runs on the same embedded cloud (our SQS, its S3) as the pipeline, minus our
 * Lambdas, each run in a fresh process warmed up first, as each pipeline run is.
 */
async function floorOnce(o: BenchOptions): Promise<Figures> {
  const job = {
    orders: o.floorOrders,
    warmupOrders: o.floorWarmup,
    pollers: o.floorPollers,
    sendConcurrency: 16,
  };
  const figures = await forkForMessage(floorChild, [JSON.stringify(job)], []);
  return z.record(z.string(), z.number()).parse(figures);
}

/** Wake-ups and the dead-letter path share one system: each is already a median of many samples. */
async function idleAndPoison(
  o: BenchOptions,
): Promise<{ figures: Figures; samples: Record<string, number[]> }> {
  const system = await startSystem({ prefix: "benchidle-", settings: "test" });
  try {
    const figures: Figures = {};
    const samples: Record<string, number[]> = {};
    if (selected(o, "dlq")) {
      samples.dlq = await dlqPaths(system, o.dlqCount);
      figures.dlqPathMs = median(samples.dlq);
      figures.dlqFloorMs = 2 * system.ready.visibilityTimeoutSeconds * 1000;
      figures.dlqOverFloorMs = figures.dlqPathMs - figures.dlqFloorMs;
    }
    if (selected(o, "wake")) {
      if (o.profile) await system.profileStart();
      samples.wake = await wakeUps(system, o);
      figures.wakeUpMs = median(samples.wake);
      if (o.profile) {
        const files = await system.profileStop(o.profile, "wake-up");
        console.error(JSON.stringify({ bench: "profile", files }));
      }
    }
    return { figures, samples };
  } finally {
    await system.stop();
  }
}

function rows(m: Figures, o: BenchOptions): Row[] {
  const out: Row[] = [];
  const add = (key: string, row: Omit<Row, "value">, digits = 1) => {
    if (m[key] !== undefined) out.push({ ...row, value: round(m[key], digits) });
  };
  add("coldStartMs", {
    name: "cold start: startCloud + deploy + API → first order accepted",
    unit: "ms",
    target: "< 1000",
  });
  if (m.coldStartMs !== undefined) {
    out.push({
      name: "  of which cloud / deploy / API thread (beside deploy) / first POST",
      value: [m.cloudMs, m.deployMs, m.apiMs, m.firstAcceptMs]
        .map((v) => Math.round(v ?? 0))
        .join(" / "),
      unit: "ms",
    });
  }
  add("processToStartMs", { name: "  before it: Node boot + imports", unit: "ms" });
  add("firstInvoiceMs", { name: "first order accepted → invoiced (cold functions)", unit: "ms" });
  const at = `at ${o.rate}/s for ${o.duration} s`;
  add("latencyP50Ms", { name: `latency submit → invoice, p50 ${at}`, unit: "ms" });
  add("latencyP95Ms", { name: `latency submit → invoice, p95 ${at}`, unit: "ms" });
  add("latencyP99Ms", {
    name: `latency submit → invoice, p99 ${at}`,
    unit: "ms",
    target: "< 100",
    ...(m.latencySustained !== undefined && m.latencySustained < 1
      ? { note: "rate NOT sustained in most runs: see details.load[].latency.reasons" }
      : {}),
  });
  add(
    "ceilingOrdersPerSecond",
    {
      name: `throughput ceiling (highest sustained step, ${o.stepDuration} s each)`,
      unit: "orders/s",
      target: "≥ 500",
      ...(m.ceilingOrdersPerSecond === Math.max(...o.steps)
        ? { note: "the highest step offered was sustained: the ceiling is above it" }
        : {}),
    },
    0,
  );
  add(
    "ceilingCompletedPerSecond",
    { name: "  invoiced per second at that step", unit: "orders/s" },
    0,
  );
  add(
    "floorOrdersPerSecond",
    {
      name: "floor: AWS calls alone on the embedded cloud",
      unit: "orders/s",
      note: "send | receive×10, PutObject, SendMessageBatch, DeleteMessageBatch",
    },
    0,
  );
  add(
    "floorCpuMsPerOrder",
    { name: "  floor CPU per order (cloud + producer + consumer)", unit: "ms" },
    2,
  );
  add("ceilingToFloor", { name: "throughput / floor", unit: "ratio", target: "≥ 0.85" }, 2);
  add("wakeUpMs", {
    name: `wake-up after ${o.idle} s idle → invoice (median of ${o.wakeCount})`,
    unit: "ms",
    target: "< 50",
  });
  add(
    "dlqPathMs",
    { name: `poison order → failure record (median of ${o.dlqCount})`, unit: "ms" },
    0,
  );
  add("dlqFloorMs", { name: "  its floor: 2 × visibility timeout", unit: "ms" }, 0);
  add("dlqOverFloorMs", { name: "  above the floor", unit: "ms", target: "≤ 500" }, 0);
  add("npmTestSeconds", {
    name: "npm test wall time (whole suite)",
    unit: "s",
    target: "< 60",
    note: m.npmTestPassed === 1 ? "passed" : "FAILED",
  });
  return out;
}

async function main(): Promise<void> {
  const o = parseBenchArgs(process.argv.slice(2));
  const figures: Figures = {};
  const details: Record<string, unknown> = {};
  let steps: StepSummary[][] = [];

  if (selected(o, "floor")) {
    const floor = await repeat("floor", o.runs, () => floorOnce(o));
    Object.assign(figures, floor.median);
    details.floor = floor.runs;
  }
  const parts = {
    cold: selected(o, "cold"),
    latency: selected(o, "latency"),
    throughput: selected(o, "throughput"),
  };
  if (parts.cold || parts.latency || parts.throughput) {
    const runs = [];
    for (let i = 0; i < o.runs; i++) {
      const run = await loadRun(o, i, parts);
      console.error(
        JSON.stringify({ bench: "load run", run: i + 1, of: o.runs, figures: run.figures }),
      );
      runs.push(run);
    }
    Object.assign(figures, medianFigures(runs.map((r) => r.figures)));
    // The steady-rate measurement is a point on the same curve.
    steps = runs.map((r) => [...(r.latency ? [r.latency] : []), ...r.steps]);
    details.load = runs;
  }
  if (figures.ceilingOrdersPerSecond !== undefined && figures.floorOrdersPerSecond) {
    figures.ceilingToFloor = figures.ceilingOrdersPerSecond / figures.floorOrdersPerSecond;
  }
  if (selected(o, "wake") || selected(o, "dlq")) {
    const idle = await idleAndPoison(o);
    Object.assign(figures, idle.figures);
    details.samples = idle.samples;
  }
  if (o.npmTest || o.only?.has("npmtest")) {
    const t = await npmTestWall();
    Object.assign(figures, t);
  }

  const table = rows(figures, o);
  const curve = medianCurve(steps);
  details.curve = curve;
  const { only, ...settings } = o;
  const results = buildResults({
    benchmark: "pipeline",
    settings: { ...settings, only: only ? [...only] : "all" },
    figures,
    table,
    details,
  });
  writeResults(o.out, results);
  if (curve.length > 0) {
    writeFileSync(
      o.chart,
      renderLatencyChart({
        title: `orderflow on the embedded backend: latency against offered load (${results.machine.cpus} CPUs, Node ${results.node})`,
        points: curve,
        ...(figures.ceilingOrdersPerSecond !== undefined
          ? { ceiling: figures.ceilingOrdersPerSecond }
          : {}),
        ...(figures.floorOrdersPerSecond !== undefined
          ? { floor: figures.floorOrdersPerSecond }
          : {}),
      }),
    );
  }
  console.log(formatTable(table));
  console.log(
    `\nmedians of ${o.runs} runs; ${results.machine.cpus} CPUs, ${results.machine.memoryGiB} GiB, load ${results.machine.loadAverage1m}, Node ${results.node}, ${results.commit.slice(0, 12)}; written to ${o.out}${curve.length > 0 ? ` and ${o.chart}` : ""}`,
  );
}

await runBench(main);
