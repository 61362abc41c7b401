import { fileURLToPath } from "node:url";
import { forkForMessage } from "./child.ts";

const floorChild = fileURLToPath(new URL("./floor-child.ts", import.meta.url));

describe("the floor", () => {
  it("runs in a fresh process, warms up, and reports the measured orders' rate and CPU", async () => {
    const job = { orders: 20, warmupOrders: 5, pollers: 1, sendConcurrency: 4 };
    const figures = (await forkForMessage(floorChild, [JSON.stringify(job)], [])) as Record<
      string,
      number
    >;
    expect(figures.floorOrdersPerSecond).toBeCloseTo(20 / figures.floorSeconds!);
    expect(figures.floorSendOrdersPerSecond).toBeGreaterThanOrEqual(figures.floorOrdersPerSecond!);
    expect(figures.floorCpuMsPerOrder).toBeGreaterThan(0);
  });
});
