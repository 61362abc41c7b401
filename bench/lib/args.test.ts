import { parseBenchArgs, parseCloudArgs, selected } from "./args.ts";

describe("parseBenchArgs", () => {
  it("defaults to the targets' conditions: 30 s at 200 orders/s, 20 wake-ups", () => {
    const o = parseBenchArgs([]);
    expect(o).toMatchObject({ runs: 5, duration: 30, rate: 200, idle: 30, wakeCount: 20 });
    expect(o.steps[0]).toBe(100);
    expect(o.npmTest).toBe(false);
    expect(o.only).toBeUndefined();
  });

  it("takes --quick as a preset that explicit options still override", () => {
    const o = parseBenchArgs(["--quick", "--duration", "5"]);
    expect(o.duration).toBe(5);
    expect(o.idle).toBe(1);
    expect(o.runs).toBe(5);
  });

  it("reads kebab-case options, lists and flags", () => {
    const o = parseBenchArgs([
      "--wake-count",
      "3",
      "--steps",
      "50,150",
      "--npm-test",
      "--only",
      "floor,dlq",
    ]);
    expect(o.wakeCount).toBe(3);
    expect(o.steps).toEqual([50, 150]);
    expect(o.npmTest).toBe(true);
    expect(selected(o, "floor")).toBe(true);
    expect(selected(o, "latency")).toBe(false);
  });

  it("names the option that is wrong", () => {
    expect(() => parseBenchArgs(["--runs", "0"])).toThrow("--runs");
    expect(() => parseBenchArgs(["--steps", "100,x"])).toThrow("--steps");
    expect(() => parseBenchArgs(["--bogus"])).toThrow(
      /^bench: Unknown option '--bogus'.*; the options are .*--runs/,
    );
  });
});

describe("parseCloudArgs", () => {
  it("defaults to 200 idle samples and BatchSize-10 drains of 3000 messages", () => {
    const o = parseCloudArgs([]);
    expect(o).toMatchObject({ runs: 5, idleSamples: 200, mappingMessages: 3000, idleGapMs: 100 });
  });

  it("shortens with --quick and names a bad option in kebab case", () => {
    expect(parseCloudArgs(["--quick"]).idleSamples).toBe(30);
    expect(() => parseCloudArgs(["--idle-samples", "0"])).toThrow("bench:cloud: --idle-samples");
  });
});
