import { eventually } from "../eventually.ts";
import type { FunctionLogs } from "../function-logs.ts";
import type { Pipeline } from "./pipeline.ts";
import type { Scenario } from "./scenario.ts";

/** task_lambda, as its logs tell: every invocation logs one line naming the order. */
export class TaskFunction {
  private readonly scenario: Scenario;
  private readonly logs: FunctionLogs;
  private readonly pipeline: Pipeline;

  constructor(scenario: Scenario, logs: FunctionLogs, pipeline: Pipeline) {
    this.scenario = scenario;
    this.logs = logs;
    this.pipeline = pipeline;
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

  /**
   * Exactly `count` attempts in all: once no queue holds a message about the order, no further
   * attempt can come, however long a visibility timeout would have let one wait.
   */
  async expectAttemptsInAll(count: number, orderId = this.scenario.orderId) {
    await this.expectAttempts(count, orderId);
    await this.pipeline.drainedOf(orderId);
    expect(await this.attempts(orderId)).toBe(count);
  }
}
