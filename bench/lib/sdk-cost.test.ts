import { sdkCostOnce } from "./sdk-cost.ts";

describe("sdkCostOnce", () => {
  it("times PutObject through the SDK client and through node:http against its own server", async () => {
    const figures = await sdkCostOnce(10);
    expect(figures.sdkPutCpuMicros).toBeGreaterThan(0);
    expect(figures.httpPutCpuMicros).toBeGreaterThan(0);
    expect(figures.sdkOverHttp).toBeCloseTo(figures.sdkPutCpuMicros! / figures.httpPutCpuMicros!);
  });
});
