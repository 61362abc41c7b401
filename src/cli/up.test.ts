import { createServer, type Server } from "node:net";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { destroyClients, emulatorClients } from "../aws/clients.ts";
import { startCloud } from "../cloud/index.ts";
import {
  apiOf,
  type Child,
  cloudOf,
  json,
  placeOrdersUntilStopped,
  runCli,
  onData,
  SLOW,
  tokenFrom,
  untilProcessed,
} from "./testing/cli-process.ts";

describe("a port already taken", () => {
  let taken: Server;
  let port: number;
  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    port = (taken.address() as { port: number }).port;
  });
  afterAll(() => new Promise((resolve) => taken.close(resolve)));

  // Found before anything starts: the first line `up` prints otherwise is the cloud's.
  test(
    "for the cloud is a clear error naming --cloud-port, before anything starts",
    async () => {
      const up = runCli(["up", "--cloud-port", String(port), "--port", "0"]);
      expect(await up.exited).toBe(1);
      expect(up.output()).toBe(
        `orderflow up: port ${port} is already in use (another orderflow, or LocalStack?): choose another with --cloud-port (0 picks a free one)\n`,
      );
    },
    SLOW,
  );

  test(
    "for the API is a clear error naming --port, before the cloud starts and the stack deploys",
    async () => {
      const up = runCli(["up", "--cloud-port", "0", "--port", String(port)]);
      expect(await up.exited).toBe(1);
      expect(up.output()).toBe(
        `orderflow up: port ${port} is already in use (another orderflow, or LocalStack?): choose another with --port (0 picks a free one)\n`,
      );
    },
    SLOW,
  );
});

/** Waits until each order is PROCESSED on `up`, with a cable order's total and one invoice. */
async function expectProcessed(up: Child, api: string, token: string, ids: string[]) {
  const aws = emulatorClients(cloudOf(up));
  try {
    for (const id of ids) {
      expect(await untilProcessed(api, token, id)).toMatchObject({ order_id: id, total: "19.98" });
      const invoices = await aws.s3.send(
        new ListObjectsV2Command({ Bucket: "results-bucket", Prefix: `invoices/${id}.` }),
      );
      expect(invoices.Contents?.map((o) => o.Key)).toEqual([`invoices/${id}.json`]);
    }
  } finally {
    destroyClients(aws);
  }
}

/**
 * What a stopped `up` left in `dataDir`, read by a cloud started on it in this process (no
 * stack, so nothing consumes): each order is invoiced, or its message is still on task-queue
 * (ready, delayed or in flight).
 */
async function expectKept(dataDir: string, ids: string[]) {
  const cloud = await startCloud({ port: 0, dataDir });
  const aws = emulatorClients(cloud.endpoint, cloud.region);
  try {
    const listed = await aws.s3.send(
      new ListObjectsV2Command({ Bucket: "results-bucket", Prefix: "invoices/" }),
    );
    const invoiced = new Set(listed.Contents?.map((o) => o.Key));
    const queue = cloud.inspectQueue("task-queue")!;
    const waiting = [...queue.ready, ...queue.delayed, ...queue.inflight].map(
      (m) => (JSON.parse(m.body) as { order_id: string }).order_id,
    );
    const lost = ids.filter((id) => !invoiced.has(`invoices/${id}.json`) && !waiting.includes(id));
    expect(lost).toEqual([]);
  } finally {
    destroyClients(aws);
    await cloud.stop();
  }
}

// One data directory through both stops. SIGKILL is the stop nobody cleans up after: the
// queue's SQLite file is written before SQS answers, so nothing an accepted order sent is lost,
// and work cut off mid-way comes back after the visibility timeout; once restarted on the same
// data, every accepted order is PROCESSED, with exactly one invoice. SIGTERM is the clean one:
// new orders are refused, in-flight requests finish, and every accepted order is on disk,
// invoiced or still queued (processing after a restart is what the SIGKILL leg proves).
test(
  "orderflow up runs the whole system, and every accepted order survives a SIGKILL and then a SIGTERM under load",
  () =>
    onData(async (up, dataDir) => {
      const first = up();
      const api = await apiOf(first);
      expect(first.output()).toMatch(/API docs +http:\/\/\S+\/docs/);
      expect(first.output()).toMatch(/cloud +http:\/\/127\.0\.0\.1:\d+/);
      expect(first.output()).toContain("TOKEN=$(curl");
      expect(first.output()).toContain(`data       ${dataDir}`);
      const token = await tokenFrom(api);
      const order = {
        order_id: `ORD-cli-${process.pid}`,
        items: [{ name: "Keyboard", price: 349.99, quantity: 3 }],
        promo_code: "SAVE10",
      };
      expect((await json("POST", `${api}/orders`, order, token)).status).toBe(202);
      expect(await untilProcessed(api, token, order.order_id)).toMatchObject({ total: "944.97" });

      const killed = await placeOrdersUntilStopped(
        first,
        api,
        token,
        16,
        () => first.process.kill("SIGKILL"),
        "kill",
      );
      await first.exited;
      expect(first.process.signalCode).toBe("SIGKILL");

      const second = up();
      const again = await apiOf(second);
      await expectProcessed(second, again, token, killed.accepted);
      const terminated = await placeOrdersUntilStopped(second, again, token, 12, () =>
        second.process.kill("SIGTERM"),
      );
      expect(await second.exited).toBe(0);
      expect(second.output()).toContain("orderflow: SIGTERM, stopping");
      expect(second.output()).toContain("orderflow: stopped");
      expect(terminated.refusedWhileRunning).toBeGreaterThan(0);
      expect(terminated.accepted.length).toBeGreaterThanOrEqual(12);
      await expectKept(dataDir, terminated.accepted);
    }),
  SLOW * 2,
);
