import type { FailedStep } from "./failures.ts";

/**
 * Workflow-command escaping as GitHub documents it (and @actions/core does it): in the message
 * `%`, CR and LF; in a property also `:` and `,`, which separate properties.
 */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * `::error file=…,line=…,title=…::…`: GitHub shows it on the feature file's line in the pull
 * request and in the run's annotations.
 */
export function errorAnnotation(failed: FailedStep): string {
  const where = failed.uri ? `file=${escapeProperty(failed.uri)},line=${failed.line},` : "";
  return `::error ${where}title=${escapeProperty(failed.scenarioTitle)}::${escapeData(failed.headline)}`;
}
