// Started fresh by bench.ts for each floor run: a new process like the pipeline's system, so
// that runs do not inherit each other's warm JIT. It starts an embedded cloud, warms it up with
// a short floor run, measures a full one and reports its figures over IPC.
import * as z from "zod";
import { startCloud } from "../../src/cloud/index.ts";
import { runFloor } from "./floor.ts";

const jobSchema = z.object({
  orders: z.number().int().positive(),
  warmupOrders: z.number().int().nonnegative(),
  pollers: z.number().int().positive(),
  sendConcurrency: z.number().int().positive(),
});

const job = jobSchema.parse(JSON.parse(process.argv[2] ?? "{}"));
const cloud = await startCloud({ port: 0 });
try {
  if (job.warmupOrders > 0) await runFloor(cloud.endpoint, { ...job, orders: job.warmupOrders });
  process.send!(await runFloor(cloud.endpoint, job));
} finally {
  await cloud.stop();
  process.disconnect();
}
