import { createServer, type Server } from "node:net";
import {
  apiOf,
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

  test(
    "for the cloud is a clear error naming --cloud-port",
    async () => {
      const up = runCli(["up", "--cloud-port", String(port), "--port", "0"]);
      expect(await up.exited).toBe(1);
      expect(up.output()).toContain(`port ${port} is already in use`);
      expect(up.output()).toContain("choose another with --cloud-port");
    },
    SLOW,
  );

  test(
    "for the API is a clear error naming --port",
    async () => {
      const up = runCli(["up", "--cloud-port", "0", "--port", String(port)]);
      expect(await up.exited).toBe(1);
      expect(up.output()).toContain(`port ${port} is already in use`);
      expect(up.output()).toContain("choose another with --port");
    },
    SLOW,
  );
});

test(
  "orderflow up runs the whole system: an order placed over HTTP is PROCESSED; SIGTERM while orders are in flight: the API refuses new ones, the process exits 0, and after a restart on the same data every accepted order is PROCESSED",
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

      const { accepted, refusedWhileRunning } = await placeOrdersUntilStopped(
        first,
        api,
        token,
        12,
        () => first.process.kill("SIGTERM"),
      );
      expect(await first.exited).toBe(0);
      expect(first.output()).toContain("orderflow: SIGTERM, stopping");
      expect(first.output()).toContain("orderflow: stopped");
      expect(refusedWhileRunning).toBeGreaterThan(0);
      expect(accepted.length).toBeGreaterThanOrEqual(12);

      const second = up();
      const again = await apiOf(second);
      for (const id of accepted) {
        const status = await untilProcessed(again, token, id);
        expect(status).toMatchObject({ order_id: id, total: "19.98" });
      }
      expect(await stop(second)).toBe(0);
    }),
  SLOW * 2,
);
