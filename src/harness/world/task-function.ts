import type { DurationLike } from "../duration.ts";
import { eventually, staysAbsent } from "../eventually.ts";
import type { FunctionLogs } from "../function-logs.ts";
import type { Scenario } from "./scenario.ts";

/** task_lambda, as its logs tell: every invocation logs one line naming the order. */
export class TaskFunction {
  private readonly scenario: Scenario;
  private readonly logs: FunctionLogs;

  constructor(scenario: Scenario, logs: FunctionLogs) {
    this.scenario = scenario;
    this.logs = logs;
  }

  async attempts(orderId = this.scenario.orderId): Promise<number> {
    const lines = await this.logs.linesAbout(this.scenario.run.names.functions.task, orderId);
    return lines.length;
  }

  expectAttempts(count: number, orderId = this.scenario.orderId) {
    return eventually(
      async () => {
        expect(await this.attempts(orderId)).toBe(count);
        return count;
      },
      {
        timeout: this.scenario.patience.deadLetter,
        interval: "100ms",
        what: `task_lambda to have tried ${orderId} ${count} times`,
      },
    );
  }

  /** The count holds for the whole window: no further attempt comes. */
  async expectAttemptsStay(count: number, options: { for: DurationLike; orderId?: string }) {
    const orderId = options.orderId ?? this.scenario.orderId;
    await this.expectAttempts(count, orderId);
    await staysAbsent(
      async () => {
        const attempts = await this.attempts(orderId);
        return attempts === count ? undefined : attempts;
      },
      { for: options.for, what: `an attempt count other than ${count} for ${orderId}` },
    );
  }
}
