import { Worker } from "node:worker_threads";
import { record } from "./profiler.ts";

describe("record", () => {
  it("profiles the main thread and a worker thread for a window", async () => {
    const worker = new Worker(
      "const { parentPort } = require('node:worker_threads'); parentPort.on('message', (n) => { let x = 0; for (let i = 0; i < n; i++) x += Math.sqrt(i); parentPort.postMessage(x); });",
      { eval: true },
    );
    try {
      await new Promise<void>((resolve) => worker.once("online", () => resolve()));
      const recording = await record();
      worker.postMessage(2_000_000);
      await new Promise((resolve) => worker.once("message", resolve));
      const profiles = await recording.stop();
      expect(profiles[0]!.label).toBe("main");
      expect(profiles[0]!.profile.nodes.length).toBeGreaterThan(0);
      expect(profiles.some((p) => p.label.startsWith("worker"))).toBe(true);
    } finally {
      await worker.terminate();
    }
  });
});
