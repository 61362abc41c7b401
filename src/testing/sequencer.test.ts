import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const EstimatedFirst = require("./sequencer.cjs") as new (options: unknown) => {
  sort(tests: unknown[]): { path: string }[];
};

const rootDir = "/repo";
const test = (relative: string) => ({
  path: `${rootDir}/${relative}`,
  context: { config: { rootDir, cacheDirectory: "/nonexistent/jest-cache", name: "unit" } },
});

describe("the test sequencer, with no record of earlier runs", () => {
  it("starts the files known to take longest first, the longest of them first", () => {
    const sequencer = new EstimatedFirst({ contexts: [], globalConfig: {} });
    const order = sequencer
      .sort([
        test("src/domain/money.test.ts"),
        test("src/soak/soak.test.ts"),
        test("steps/orders-that-cannot-be-processed.steps.ts"),
        test("src/cli/up.test.ts"),
      ])
      .map((t) => t.path.slice(rootDir.length + 1));
    expect(order).toEqual([
      "src/cli/up.test.ts",
      "src/soak/soak.test.ts",
      "steps/orders-that-cannot-be-processed.steps.ts",
      "src/domain/money.test.ts",
    ]);
  });
});
