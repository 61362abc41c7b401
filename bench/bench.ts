// `npm run bench`: the order pipeline's figures on the embedded backend (issue 7).
// Prints a table, writes bench/results.json and draws bench/latency.svg.
import { startFauxqs } from "fauxqs";
import { parseBenchArgs, selected, type BenchOptions } from "./lib/args.ts";
import { runFloor } from "./lib/floor.ts";
import { buildResults, writeResults } from "./lib/results.ts";
import { repeat, type Repeated } from "./lib/runner.ts";
import { round } from "./lib/stats.ts";
import { formatTable, type Row } from "./lib/table.ts";

async function floorOnce(options: BenchOptions) {
  const server = await startFauxqs({ port: 0, logger: false });
  try {
    return await runFloor(`http://127.0.0.1:${server.port}`, {
      orders: options.floorOrders,
      pollers: options.floorPollers,
      sendConcurrency: 16,
    });
  } finally {
    await server.stop();
  }
}

function floorRows(r: Repeated): Row[] {
  return [
    {
      name: "floor: AWS calls alone (fauxqs)",
      value: round(r.median.floorOrdersPerSecond!, 0),
      unit: "orders/s",
      note: "send | receive×10, PutObject, SendMessageBatch, DeleteMessageBatch",
    },
  ];
}

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  const figures: Record<string, number> = {};
  const record = (name: string, r: Repeated, toRows: (r: Repeated) => Row[]) => {
    details[name] = r.runs;
    Object.assign(figures, r.median);
    rows.push(...toRows(r));
  };

  if (selected(options, "floor")) {
    record("floor", await repeat("floor", options.runs, () => floorOnce(options)), floorRows);
  }

  const { only, ...settings } = options;
  const results = buildResults({
    benchmark: "pipeline",
    settings: { ...settings, only: only ? [...only] : "all" },
    figures,
    table: rows,
    details,
  });
  writeResults(options.out, results);
  console.log(formatTable(rows));
  console.log(
    `\n${results.machine.cpus} CPUs, ${results.machine.memoryGiB} GiB, Node ${results.node}, ${results.commit.slice(0, 12)}; written to ${options.out}`,
  );
}

await main();
