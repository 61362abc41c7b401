import { startCloud } from "../../src/cloud/index.ts";
import { runFloor } from "./floor.ts";

describe("runFloor", () => {
  it("reports the rate and CPU of the orders its consumer handled, with pollers to spare", async () => {
    const cloud = await startCloud({ port: 0 });
    try {
      const figures = await runFloor(cloud.endpoint, {
        orders: 10,
        pollers: 2,
        sendConcurrency: 4,
      });
      expect(figures.floorOrdersPerSecond).toBeCloseTo(10 / figures.floorSeconds!);
      // The last send's answer may come back after the consumer has handled it: no order here.
      expect(figures.floorSendOrdersPerSecond).toBeGreaterThan(0);
      expect(figures.floorCpuMsPerOrder).toBeGreaterThan(0);
    } finally {
      await cloud.stop();
    }
  });
});
