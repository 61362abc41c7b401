import { createServer, type Server } from "node:net";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { destroyClients, emulatorClients } from "../aws/clients.ts";
import {
  apiOf,
  type Child,
  cloudOf,
  json,
  placeOrdersUntilStopped,
  runCli,
  onData,
  SLOW,
  stop,
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

// One data directory through both stops. SIGTERM is the clean one: new orders are refused,
// in-flight requests finish. SIGKILL is the stop nobody cleans up after: the queue's SQLite
// file is written before SQS answers, so nothing an accepted order sent is lost, and work cut
// off mid-way comes back after the visibility timeout. Either way, once restarted on the same
// data, every accepted order is PROCESSED, with exactly one invoice.
test(
  "orderflow up runs the whole system, and every accepted order survives a SIGTERM and then a SIGKILL under load",
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

      const terminated = await placeOrdersUntilStopped(first, api, token, 12, () =>
        first.process.kill("SIGTERM"),
      );
      expect(await first.exited).toBe(0);
      expect(first.output()).toContain("orderflow: SIGTERM, stopping");
      expect(first.output()).toContain("orderflow: stopped");
      expect(terminated.refusedWhileRunning).toBeGreaterThan(0);
      expect(terminated.accepted.length).toBeGreaterThanOrEqual(12);

      const second = up();
      const again = await apiOf(second);
      await expectProcessed(second, again, token, terminated.accepted);
      const killed = await placeOrdersUntilStopped(
        second,
        again,
        token,
        16,
        () => second.process.kill("SIGKILL"),
        "kill",
      );
      await second.exited;
      expect(second.process.signalCode).toBe("SIGKILL");

      const third = up();
      const last = await apiOf(third);
      await expectProcessed(third, last, token, killed.accepted);
      expect(await stop(third)).toBe(0);
    }),
  SLOW * 3,
);
