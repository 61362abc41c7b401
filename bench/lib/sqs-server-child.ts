// Started by sqs-compare.ts: one SQS server in its own process, so the bench's SDK client does
// not share a thread with it and the server's own CPU time per call can be read. Argument: which
// server (orderflow, fauxqs, memory, NORMAL, FULL). IPC: it sends { endpoint } when listening;
// "mark" answers { cpuMicros } since the previous mark; "stop" stops the server and exits.
import { startFauxqs } from "fauxqs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCloud } from "../../src/cloud/index.ts";
import { startSqsServer } from "../../src/cloud/sqs/testing/sqs-server.ts";

interface Running {
  endpoint: string;
  stop(): Promise<void>;
}

async function start(which: string): Promise<Running> {
  if (which === "orderflow") {
    const cloud = await startCloud({ port: 0 });
    return { endpoint: cloud.endpoint, stop: () => cloud.stop() };
  }
  if (which === "fauxqs") {
    const fauxqs = await startFauxqs({ port: 0, host: "127.0.0.1", logger: false });
    return { endpoint: `http://127.0.0.1:${fauxqs.port}`, stop: () => fauxqs.stop() };
  }
  if (which === "memory") return startSqsServer();
  if (which !== "NORMAL" && which !== "FULL") throw new Error(`unknown server ${which}`);
  const dataDir = mkdtempSync(join(tmpdir(), "orderflow-sqs-bench-"));
  const server = await startSqsServer({ dataDir, durability: which });
  return {
    endpoint: server.endpoint,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const running = await start(process.argv[2] ?? "");
let since = process.cpuUsage();
process.on("message", (message) => {
  if (message === "mark") {
    const used = process.cpuUsage(since);
    since = process.cpuUsage();
    process.send!({ cpuMicros: used.user + used.system });
  } else if (message === "stop") {
    void running.stop().then(() => process.disconnect());
  }
});
process.send!({ endpoint: running.endpoint });
