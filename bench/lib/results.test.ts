import { readFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { buildResults, gitCommit, machineInfo, writeResults } from "./results.ts";
import { useTempDirs } from "../../src/testing/temp-dirs.ts";

const tempDir = useTempDirs();
describe("machineInfo", () => {
  it("describes this machine from node:os", () => {
    const m = machineInfo();
    expect(m.cpus).toBe(os.cpus().length);
    expect(m.memoryGiB).toBeGreaterThan(0);
    expect(m.platform).toBe(os.platform());
  });
});

describe("gitCommit", () => {
  it("names HEAD of this repository", () => {
    expect(gitCommit()).toMatch(/^[0-9a-f]{40}(\+dirty)?$/);
  });

  it("says unknown outside a repository", () => {
    expect(gitCommit(tempDir("bench-"))).toBe("unknown");
  });
});

describe("buildResults and writeResults", () => {
  it("stamps figures with date, Node version, commit and machine, and writes JSON", () => {
    const results = buildResults(
      {
        benchmark: "demo",
        settings: { runs: 5 },
        figures: { coldStartMs: 400 },
        table: [{ name: "cold start", value: 400, unit: "ms" }],
        details: {},
      },
      new Date("2026-01-02T03:04:05.000Z"),
    );
    expect(results.date).toBe("2026-01-02T03:04:05.000Z");
    expect(results.node).toBe(process.version);
    const path = join(tempDir("bench-"), "results.json");
    writeResults(path, results);
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(results);
  });
});
