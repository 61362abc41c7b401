import { groupBy } from "./group-by.ts";
import type { ScenarioResult, StepOutcome } from "./scenario-results.ts";
import type { StepRecord } from "./step-log.ts";

/** The part of Jest's per-test result the report needs. */
export interface JestTestOutcome {
  testPath: string;
  ancestorTitles: string[];
  title: string;
  fullName: string;
  status: string;
  duration?: number | null;
  startedAt?: number | null;
  failureMessages: string[];
}

/**
 * Joins Jest's scenario outcomes with the step records. A step that left no record either was
 * never reached (skipped) or was cut off by Jest itself, e.g. a timeout: the first such step of
 * a failed scenario carries Jest's failure message, so the report points at the right line.
 */
export function toScenarioResults(
  tests: JestTestOutcome[],
  records: StepRecord[],
  stepCounts: (featureTitle: string, scenarioTitle: string) => number,
  fallbackStart: number,
): ScenarioResult[] {
  const byTest = groupBy(records, (r) => `${r.testPath}\u0000${r.testName}`);
  return tests.map((t) => {
    const featureTitle = t.ancestorTitles[0] ?? "";
    const status = t.status === "passed" ? "passed" : t.status === "failed" ? "failed" : "skipped";
    const mine = (byTest.get(`${t.testPath}\u0000${t.fullName}`) ?? []).toSorted(
      (a, b) => a.index - b.index,
    );
    const startedAt = mine[0]?.startedAt ?? t.startedAt ?? fallbackStart;
    const durationMs = t.duration ?? mine.reduce((sum, r) => sum + r.durationMs, 0);
    const failureMessage = t.failureMessages.join("\n\n") || undefined;
    const total = Math.max(stepCounts(featureTitle, t.title), (mine.at(-1)?.index ?? -1) + 1);
    let blamed = mine.some((r) => r.status === "failed");
    const steps: StepOutcome[] = [];
    let clock = startedAt;
    for (let index = 0; index < total; index++) {
      const record = mine.find((r) => r.index === index);
      if (record) {
        steps.push({
          status: record.status,
          startedAt: record.startedAt,
          durationMs: record.durationMs,
          ...(record.message ? { message: record.message } : {}),
          ...(record.headline ? { headline: record.headline } : {}),
          ...(record.attachments ? { attachments: record.attachments } : {}),
        });
        clock = record.startedAt + record.durationMs;
      } else if (status === "failed" && !blamed) {
        blamed = true;
        const end = startedAt + durationMs;
        steps.push({
          status: "failed",
          startedAt: clock,
          durationMs: Math.max(0, end - clock),
          ...(failureMessage ? { message: failureMessage } : {}),
        });
        clock = end;
      } else {
        steps.push({ status: "skipped", startedAt: clock, durationMs: 0 });
      }
    }
    return {
      featureTitle,
      scenarioTitle: t.title,
      status,
      startedAt,
      durationMs,
      ...(failureMessage ? { failureMessage } : {}),
      steps,
    };
  });
}
