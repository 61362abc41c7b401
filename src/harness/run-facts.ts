import { settingsInBrief } from "../stack/settings.ts";
import type { BackendChoice } from "./backend-choice.ts";
import type { RunFact } from "./report/scenario-results.ts";
import { clockInBrief, type StackPlan } from "./stack-plan.ts";

/** What is known before the backend starts: which, why, with what settings, which scenarios. */
export function chosenFacts(
  choice: BackendChoice,
  plan: StackPlan,
  env: NodeJS.ProcessEnv,
): RunFact[] {
  return [
    { label: "Backend", value: choice.kind },
    { label: "Why", value: choice.reason },
    { label: "Stack settings", value: `${plan.settingsName}: ${settingsInBrief(plan.settings)}` },
    { label: "Clock", value: clockInBrief(plan) },
    ...(env.TAGS?.trim() ? [{ label: "Scenarios", value: `those tagged ${env.TAGS.trim()}` }] : []),
  ];
}

/** What is known once the stack is deployed. */
export function deployedFacts(endpoint: string | undefined, prefix: string): RunFact[] {
  return [
    { label: "AWS endpoint", value: endpoint ?? "none: real AWS" },
    ...(prefix ? [{ label: "Resource prefix", value: prefix }] : []),
  ];
}

/**
 * The run's first lines: the backend, then every other fact, labelled and aligned.
 *   orderflow scenarios on the embedded backend
 *     why             TEST_BACKEND=embedded
 *     stack settings  test: function timeout 5 s, …
 */
export function factLines(facts: RunFact[]): string[] {
  const backend = facts.find((f) => f.label === "Backend")?.value ?? "unknown";
  const rest = facts.filter((f) => f.label !== "Backend");
  const width = Math.max(0, ...rest.map((f) => f.label.length)) + 2;
  return [
    `orderflow scenarios on the ${backend} backend`,
    ...rest.map((f) => `  ${f.label.toLowerCase().padEnd(width)}${f.value}`),
  ];
}
