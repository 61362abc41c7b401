import { groupBy } from "./group-by.ts";
import { escapeMarkup as xml } from "./markup.ts";
import type { RunInfo, ScenarioResult } from "./scenario-results.ts";

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** JUnit XML as CI systems read it: one testsuite per feature, one testcase per scenario. */
export function toJunitXml(results: ScenarioResult[], run: RunInfo): string {
  const features = groupBy(results, (r) => r.featureTitle);
  const suites = [...features].map(([feature, scenarios]) => {
    const failures = scenarios.filter((s) => s.status === "failed").length;
    const skipped = scenarios.filter((s) => s.status === "skipped").length;
    const time = scenarios.reduce((sum, s) => sum + s.durationMs, 0);
    const cases = scenarios.map((s) => {
      const open = `    <testcase classname="${xml(feature)}" name="${xml(s.scenarioTitle)}" time="${seconds(s.durationMs)}"`;
      if (s.status === "failed") {
        const message = s.failureMessage ?? "failed";
        const first = message.split("\n").find((l) => l.trim() !== "") ?? "failed";
        return `${open}>\n      <failure message="${xml(first)}">${xml(message)}</failure>\n    </testcase>`;
      }
      if (s.status === "skipped") return `${open}>\n      <skipped/>\n    </testcase>`;
      return `${open}/>`;
    });
    return [
      `  <testsuite name="${xml(feature)}" tests="${scenarios.length}" failures="${failures}" skipped="${skipped}" time="${seconds(time)}">`,
      ...cases,
      "  </testsuite>",
    ].join("\n");
  });
  const total = results.length;
  const failed = results.filter((r) => r.status === "failed").length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="orderflow scenarios (${xml(run.backend)} backend)" tests="${total}" failures="${failed}" time="${seconds(run.finishedAt - run.startedAt)}">`,
    ...suites,
    "</testsuites>",
    "",
  ].join("\n");
}
