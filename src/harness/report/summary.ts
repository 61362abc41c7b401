import { stripVTControlCharacters } from "node:util";
import type { RunInfo, ScenarioResult } from "./scenario-results.ts";

const icon = { passed: "✅", failed: "❌", skipped: "⏭️" } as const;

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** A Markdown page for humans: GitHub's job summary, or a glance in a terminal. */
export function toMarkdownSummary(results: ScenarioResult[], run: RunInfo): string {
  const count = (s: string) => results.filter((r) => r.status === s).length;
  const lines = [
    "## orderflow scenarios",
    "",
    `Backend: **${run.backend}** (${run.reason}).`,
    "",
    `${count("passed")} passed, ${count("failed")} failed, ${count("skipped")} skipped in ${((run.finishedAt - run.startedAt) / 1000).toFixed(1)} s.`,
    "",
    "| | Feature | Scenario | Duration |",
    "|---|---|---|---:|",
    ...results.map(
      (r) =>
        `| ${icon[r.status]} | ${cell(r.featureTitle)} | ${cell(r.scenarioTitle)} | ${(r.durationMs / 1000).toFixed(2)} s |`,
    ),
  ];
  const failed = results.filter((r) => r.status === "failed");
  if (failed.length > 0) {
    lines.push("", "### Failures", "");
    for (const r of failed) {
      const message = stripVTControlCharacters(r.failureMessage ?? "")
        .split("\n")
        .slice(0, 12)
        .join("\n");
      lines.push(`**${r.featureTitle}: ${r.scenarioTitle}**`, "", "```", message, "```", "");
    }
  }
  return `${lines.join("\n")}\n`;
}
