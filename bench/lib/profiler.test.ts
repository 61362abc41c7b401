import { execFile } from "node:child_process";
import { promisify } from "node:util";

// record() profiles a process from its main thread (the inspector's NodeWorker domain exists
// only there), so the test runs it in a process of its own, as the benchmarks do.
const script = `
import { Worker } from "node:worker_threads";
import { record } from ${JSON.stringify(new URL("./profiler.ts", import.meta.url).href)};
const worker = new Worker(
  "const { parentPort } = process.getBuiltinModule('node:worker_threads'); parentPort.on('message', (n) => { let x = 0; for (let i = 0; i < n; i++) x += Math.sqrt(i); parentPort.postMessage(x); });",
  { eval: true },
);
try {
  await new Promise((resolve) => worker.once("online", resolve));
  const recording = await record();
  worker.postMessage(2_000_000);
  await new Promise((resolve) => worker.once("message", resolve));
  const profiles = await recording.stop();
  console.log(JSON.stringify(profiles.map((p) => ({ label: p.label, nodes: p.profile.nodes.length }))));
} finally {
  await worker.terminate();
}
`;

describe("record", () => {
  it("profiles the main thread and a worker thread for a window", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      "--input-type=module",
      "--eval",
      script,
    ]);
    const profiles = JSON.parse(stdout) as { label: string; nodes: number }[];
    expect(profiles[0]!.label).toBe("main");
    expect(profiles[0]!.nodes).toBeGreaterThan(0);
    expect(profiles.some((p) => p.label.startsWith("worker"))).toBe(true);
  });
});
