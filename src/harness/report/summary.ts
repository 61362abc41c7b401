import { groupBy } from "./group-by.ts";
import type { FailedStep } from "./failures.ts";
import type { RunInfo, ScenarioResult } from "./scenario-results.ts";

const icon = { passed: "✅", failed: "❌", skipped: "⏭️" } as const;

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** Text shown as code, whatever backticks it holds. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return `${fence} ${text} ${fence}`;
}

const seconds = (ms: number, digits = 1) => `${(ms / 1000).toFixed(digits)} s`;

function heading(results: ScenarioResult[], run: RunInfo): string {
  const count = (s: string) => results.filter((r) => r.status === s).length;
  const failed = count("failed");
  return `## ${failed > 0 ? "❌" : "✅"} orderflow scenarios on the ${run.backend} backend: ${count("passed")} passed, ${failed} failed, ${count("skipped")} skipped in ${seconds(run.finishedAt - run.startedAt)}`;
}

function failuresSection(failed: FailedStep[]): string[] {
  if (failed.length === 0) return [];
  return [
    "### Failed",
    "",
    ...failed.flatMap((f) => [
      `- **${f.featureTitle}** › ${f.scenarioTitle}  `,
      `  ${code(f.step)}${f.uri ? ` (${f.uri}:${f.line})` : ""}  `,
      `  ${code(f.headline)}`,
    ]),
    "",
  ];
}

function featureTable(results: ScenarioResult[]): string[] {
  const rows = [...groupBy(results, (r) => r.featureTitle)].map(([feature, scenarios]) => {
    const count = (s: string) => scenarios.filter((r) => r.status === s).length;
    const time = scenarios.reduce((sum, s) => sum + s.durationMs, 0);
    const mark =
      count("failed") > 0 ? icon.failed : count("passed") > 0 ? icon.passed : icon.skipped;
    return `| ${mark} | ${cell(feature)} | ${count("passed")} | ${count("failed")} | ${count("skipped")} | ${seconds(time)} |`;
  });
  return [
    "### By feature",
    "",
    "| | Feature | Passed | Failed | Skipped | Time |",
    "|---|---|---:|---:|---:|---:|",
    ...rows,
    "",
  ];
}

function runSection(run: RunInfo): string[] {
  return ["### The run", "", ...run.facts.map((f) => `- **${f.label}:** ${f.value}`), ""];
}

function everyScenario(results: ScenarioResult[]): string[] {
  return [
    "<details><summary>Every scenario</summary>",
    "",
    "| | Feature | Scenario | Duration |",
    "|---|---|---|---:|",
    ...results.map(
      (r) =>
        `| ${icon[r.status]} | ${cell(r.featureTitle)} | ${cell(r.scenarioTitle)} | ${seconds(r.durationMs, 2)} |`,
    ),
    "",
    "</details>",
  ];
}

/**
 * GitHub's job summary (and a page to glance at in a terminal): it opens with what failed, the
 * feature, the step and the first line of the error, then a table per feature, then the run's
 * facts (backend, why, settings, …), then every scenario.
 */
export function toMarkdownSummary(
  results: ScenarioResult[],
  failed: FailedStep[],
  run: RunInfo,
): string {
  const lines = [
    heading(results, run),
    "",
    ...failuresSection(failed),
    ...featureTable(results),
    ...runSection(run),
    ...everyScenario(results),
  ];
  return `${lines.join("\n")}\n`;
}
