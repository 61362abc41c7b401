import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parityTable, readColumn } from "./parity.ts";
import type { ResultsFile } from "./results-file.ts";
import { useTempDirs } from "../../testing/temp-dirs.ts";

const tempDir = useTempDirs();
function resultsOf(
  backend: string,
  statuses: Record<string, "passed" | "failed" | "skipped">,
): ResultsFile {
  return {
    backend,
    facts: [{ label: "Backend", value: backend }],
    startedAt: "2026-01-01T00:00:00.000Z",
    finishedAt: "2026-01-01T00:01:00.000Z",
    scenarios: Object.entries(statuses).map(([scenario, status]) => ({
      feature: "Promo codes",
      scenario,
      uri: "features/promo-codes.feature",
      status,
      durationMs: 100,
    })),
  };
}

describe("the parity table", () => {
  test("shows every scenario on every backend, and marks those that ended differently", () => {
    const table = parityTable([
      { label: "embedded", results: resultsOf("embedded", { SAVE10: "passed", SAVE20: "passed" }) },
      {
        label: "LocalStack",
        results: resultsOf("localstack", { SAVE10: "failed", SAVE30: "skipped" }),
      },
    ]);
    expect(table.split("\n")).toEqual([
      "## Backend parity",
      "",
      "⚠️ 1 scenario ended differently on different backends.",
      "",
      "| Feature | Scenario | embedded | LocalStack |",
      "|---|---|---|---|",
      "| Promo codes | SAVE10 ⚠️ | ✅ passed | ❌ failed |",
      "| Promo codes | SAVE20 | ✅ passed | — not run |",
      "| Promo codes | SAVE30 | — not run | ⏭️ skipped |",
      "",
    ]);
  });

  test("a backend that published nothing is a column of scenarios not run, with the reason", async () => {
    const dir = tempDir("orderflow-parity-");
    const present = join(dir, "embedded.json");
    await writeFile(present, JSON.stringify(resultsOf("embedded", { SAVE10: "passed" })));
    await writeFile(join(dir, "broken.json"), '{"backend":1}');
    const columns = await Promise.all([
      readColumn(`embedded=${present}`),
      readColumn(`LocalStack=${join(dir, "absent.json")}`),
      readColumn(`other=${join(dir, "broken.json")}`),
    ]);
    const table = parityTable(columns);
    expect(table).toContain(`- **LocalStack**: no results (no ${join(dir, "absent.json")})`);
    expect(table).toContain(
      `- **other**: no results (${join(dir, "broken.json")} is not a results file`,
    );
    expect(table).toContain("| Promo codes | SAVE10 | ✅ passed | — not run | — not run |");
    expect(table).toContain("Every scenario that ran on more than one backend ended the same way");
  });

  test("an argument without a label is refused", async () => {
    await expect(readColumn("results.json")).rejects.toThrow(
      'expected LABEL=PATH, not "results.json"',
    );
  });
});
