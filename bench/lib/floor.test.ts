import { startCloud } from "../../src/cloud/index.ts";
import { runFloor } from "./floor.ts";

describe("runFloor", () => {
  it("reports the rate and CPU of the orders its consumer handled, with pollers to spare", async () => {
    const cloud = await startCloud({ port: 0 });
    try {
      const figures = await runFloor(cloud.endpoint, {
        orders: 20,
        pollers: 3,
        sendConcurrency: 4,
      });
      expect(figures.floorOrdersPerSecond).toBeCloseTo(20 / figures.floorSeconds!);
      expect(figures.floorSendOrdersPerSecond).toBeGreaterThanOrEqual(
        figures.floorOrdersPerSecond!,
      );
      expect(figures.floorCpuMsPerOrder).toBeGreaterThan(0);
    } finally {
      await cloud.stop();
    }
  });
});
