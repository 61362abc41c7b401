import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  apiOf,
  json,
  runCli,
  SLOW,
  tokenFrom,
  waitFor,
  type Child,
} from "./testing/cli-process.ts";

test(
  "orderflow up runs the whole system: an order placed over HTTP is PROCESSED; SIGTERM stops it cleanly",
  async () => {
    const up = runCli(["up", "--port", "0", "--cloud-port", "0"]);
    try {
      const api = await apiOf(up);
      expect(up.output()).toMatch(/API docs +http:\/\/\S+\/docs/);
      expect(up.output()).toMatch(/cloud +http:\/\/127\.0\.0\.1:\d+/);
      expect(up.output()).toContain("TOKEN=$(curl");
      const token = await tokenFrom(api);
      const order = {
        order_id: `ORD-cli-${process.pid}`,
        items: [{ name: "Keyboard", price: 349.99, quantity: 3 }],
        promo_code: "SAVE10",
      };
      expect((await json("POST", `${api}/orders`, order, token)).status).toBe(202);
      const done = await waitFor("the order to be PROCESSED", async () => {
        const status = await json("GET", `${api}/orders/${order.order_id}`, undefined, token);
        return status.body.status === "PROCESSED" ? status.body : undefined;
      });
      expect(done).toMatchObject({ total: "944.97" });

      up.process.kill("SIGTERM");
      expect(await up.exited).toBe(0);
      expect(up.output()).toContain("orderflow: stopped");
    } finally {
      up.process.kill("SIGKILL");
    }
  },
  SLOW,
);

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

const stopOrder = (id: string) => ({
  order_id: id,
  items: [{ name: "Cable", price: 9.99, quantity: 2 }],
});

test(
  "SIGTERM while orders are in flight: the API refuses new ones, the process exits 0, and after a restart on the same data every accepted order is PROCESSED",
  async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "orderflow-up-data-"));
    // Test settings: a message cut off by the stop comes back after 5 s, not 30.
    const args = [
      "up",
      "--port",
      "0",
      "--cloud-port",
      "0",
      "--data-dir",
      dataDir,
      "--settings",
      "test",
    ];
    // The limiter is not under test: 30 orders in a burst must not meet it.
    const env = { RATE_LIMIT_CAPACITY: "10000", RATE_LIMIT_REFILL_PER_SECOND: "10000" };
    const first = runCli(args, env);
    let second: Child | undefined;
    try {
      const api = await apiOf(first);
      expect(first.output()).toContain(`data       ${dataDir}`);
      const token = await tokenFrom(api);

      const accepted: string[] = [];
      let refusedWhileRunning = 0;
      let sigtermSent = false;
      let next = 0;
      // Senders keep orders coming; SIGTERM goes out once some are accepted, and each sender
      // stops at its first refused request.
      const sender = async () => {
        for (;;) {
          const id = `ORD-stop-${process.pid}-${next++}`;
          let status: number;
          try {
            status = (await json("POST", `${api}/orders`, stopOrder(id), token)).status;
          } catch (error) {
            if (!sigtermSent) throw error;
            if (first.process.exitCode === null && first.process.signalCode === null) {
              refusedWhileRunning += 1;
            }
            return;
          }
          expect(status).toBe(202);
          accepted.push(id);
          if (accepted.length >= 30 && !sigtermSent) {
            sigtermSent = true;
            first.process.kill("SIGTERM");
          }
        }
      };
      await Promise.all(Array.from({ length: 4 }, sender));
      expect(await first.exited).toBe(0);
      expect(first.output()).toContain("orderflow: SIGTERM, stopping");
      expect(first.output()).toContain("orderflow: stopped");
      expect(refusedWhileRunning).toBeGreaterThan(0);
      expect(accepted.length).toBeGreaterThanOrEqual(30);

      second = runCli(args, env);
      const again = await apiOf(second);
      for (const id of accepted) {
        const status = await waitFor(`${id} to be PROCESSED after the restart`, async () => {
          const answer = await json("GET", `${again}/orders/${id}`, undefined, token);
          return answer.body.status === "PROCESSED" ? answer.body : undefined;
        });
        expect(status).toMatchObject({ order_id: id, total: "19.98" });
      }
      second.process.kill("SIGTERM");
      expect(await second.exited).toBe(0);
    } finally {
      first.process.kill("SIGKILL");
      second?.process.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
  SLOW * 2,
);
