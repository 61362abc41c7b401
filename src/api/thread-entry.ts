// The API thread's entry: builds the AWS-backed deps from plain data and serves until told
// to close. Started by thread.ts.
import { parentPort, workerData } from "node:worker_threads";
import { createDataClients, destroyDataClients } from "../aws/data-clients.ts";
import { createAwsApiDeps } from "./aws-deps.ts";
import { startApi } from "./server.ts";
import type { ApiThreadOptions, ApiThreadReport } from "./thread.ts";
import { jsonLineLogger } from "./types.ts";

const options = workerData as ApiThreadOptions;
const port = parentPort!;
const report = (message: ApiThreadReport) => port.postMessage(message);

async function main(): Promise<void> {
  const clients = createDataClients(options.aws);
  const api = await startApi({
    port: options.port ?? 3000,
    ...(options.host ? { host: options.host } : {}),
    deps: {
      ...createAwsApiDeps({
        clients,
        bucket: options.bucket,
        taskQueue: options.taskQueue,
        dlq: options.dlq,
      }),
      auth: options.auth,
      rateLimit: options.rateLimit,
      log: options.log === "none" ? () => {} : jsonLineLogger,
    },
  }).catch((error: unknown) => {
    destroyDataClients(clients);
    throw error;
  });
  port.once("message", () => {
    void api.close().finally(() => {
      destroyDataClients(clients);
      port.close();
    });
  });
  report({ type: "listening", url: api.url });
}

main().catch((error: unknown) => {
  const e = error as Error & { code?: string };
  report({ type: "failed", message: e.message, ...(e.code ? { code: e.code } : {}) });
  port.close();
});
