import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loadFeature } from "jest-cucumber";
// The function jest-cucumber marks skipped scenarios with; its package exports no name for it,
// and judging with anything else could disagree with the run (the version is pinned).
import { applyTagFilters } from "jest-cucumber/dist/src/tag-filtering.js";

/** The feature files under `dir`, as paths jest-cucumber reads. */
function featureFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith(".feature"))
    .toSorted()
    .map((name) => join(dir, name));
}

/**
 * Stops a run whose TAGS expression selects no scenario at all, before any backend starts:
 * otherwise every scenario shows as skipped and the run is green, which reads as a pass. The
 * expression is judged by jest-cucumber itself, so the answer is the run's.
 */
export function requireMatchingScenarios(tags: string | undefined, dir = "features"): void {
  if (tags === undefined || tags.trim() === "") return;
  const known = new Set<string>();
  let matching = 0;
  for (const path of featureFiles(dir)) {
    let feature;
    try {
      feature = applyTagFilters(loadFeature(path, { tagFilter: tags }));
    } catch (error) {
      throw new Error(
        `TAGS="${tags}" is not a tag expression (${(error as Error).message}); write it like TAGS="@smoke and not @slow"`,
        { cause: error },
      );
    }
    const runnable = [
      ...feature.scenarios,
      ...feature.scenarioOutlines.flatMap((outline) => outline.scenarios),
    ];
    for (const tag of [...feature.tags, ...feature.scenarioOutlines.flatMap((o) => o.tags)])
      known.add(tag);
    for (const scenario of runnable) for (const tag of scenario.tags) known.add(tag);
    matching += runnable.filter((scenario) => !scenario.skippedViaTagFilter).length;
  }
  if (matching === 0) {
    throw new Error(
      `TAGS="${tags}" matches no scenario in ${dir}/ (the tags there: ${[...known].sort().join(" ")})`,
    );
  }
}
