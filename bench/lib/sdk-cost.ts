import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { awsConfigFor } from "../../src/aws/config.ts";
import { createDataClients, destroyDataClients } from "../../src/aws/data-clients.ts";
import { boundedEach } from "./floor.ts";
import type { Figures } from "./runner.ts";
import { startServerProcess } from "./server-process.ts";

const serverPath = fileURLToPath(new URL("./answer-server-child.ts", import.meta.url));
const IN_FLIGHT = 8;

/** An invoice-sized JSON body, the size the pipeline writes. */
const BODY = JSON.stringify({
  order_id: "ord-0000000000000000",
  user_id: "user-1",
  items: [{ sku: "SKU-1", quantity: 1, unit_price: "19.99" }],
  subtotal: "19.99",
  discount: "0.00",
  total: "19.99",
  currency: "USD",
  created_at: "2026-01-01T00:00:00.000Z",
});

/** Microseconds of this process's CPU per call, `calls` calls with IN_FLIGHT at a time. */
async function cpuPerCall(calls: number, call: (i: number) => Promise<void>): Promise<number> {
  await boundedEach(Math.min(500, calls), IN_FLIGHT, call); // warm the JIT and the connections
  const before = process.cpuUsage();
  await boundedEach(calls, IN_FLIGHT, call);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / calls;
}

function rawPut(agent: Agent, endpoint: string, i: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(`${endpoint}/bucket/invoices/ord-${i}.json`, {
      agent,
      method: "PUT",
      headers: { "content-type": "application/json", "if-none-match": "*" },
    });
    req.on("response", (res) => {
      res.resume();
      res.on("end", resolve);
    });
    req.on("error", reject);
    req.end(BODY);
  });
}

/**
 * What one PutObject costs the caller's CPU through the SDK v3 client the API and the handlers
 * use, against the same request written with node:http (no signing, no middleware), both
 * against a server that answers at once. The pipeline makes three of these per order.
 */
export async function sdkCostOnce(calls: number): Promise<Figures> {
  const server = await startServerProcess(serverPath, [], "the answering server");
  const { endpoint } = server;
  try {
    const clients = createDataClients(awsConfigFor("us-east-1", endpoint));
    const agent = new Agent({ keepAlive: true });
    try {
      const sdk = await cpuPerCall(calls, async (i) => {
        await clients.s3.send(
          new PutObjectCommand({
            Bucket: "bucket",
            Key: `invoices/ord-${i}.json`,
            Body: BODY,
            ContentType: "application/json",
            IfNoneMatch: "*",
          }),
        );
      });
      const http = await cpuPerCall(calls, (i) => rawPut(agent, endpoint, i));
      return { sdkPutCpuMicros: sdk, httpPutCpuMicros: http, sdkOverHttp: sdk / http };
    } finally {
      agent.destroy();
      destroyDataClients(clients);
    }
  } finally {
    await server.stop();
  }
}
