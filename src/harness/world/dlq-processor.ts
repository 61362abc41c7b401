import type { EventSources } from "../event-sources.ts";
import type { Scenario } from "./scenario.ts";

/** dlq_processor_lambda's queue trigger, paused and resumed; resumed after the scenario. */
export class DlqProcessor {
  private readonly scenario: Scenario;
  private readonly triggers: EventSources;
  private paused = false;

  constructor(scenario: Scenario, triggers: EventSources) {
    this.scenario = scenario;
    this.triggers = triggers;
  }

  async pause(): Promise<void> {
    await this.triggers.setEnabled(this.name, false);
    this.paused = true;
    // Only what the scenario left paused: a second resume is a needless update, and on
    // LocalStack an update can race the poller it replaces (see EventSources).
    this.scenario.onCleanup(async () => {
      if (this.paused) await this.resume();
    });
  }

  /** Its trigger is Disabled: nothing takes messages from the dead-letter queue. */
  async expectPaused(): Promise<void> {
    expect(await this.triggers.stateOf(this.name)).toBe("Disabled");
  }

  async resume(): Promise<void> {
    await this.triggers.setEnabled(this.name, true);
    this.paused = false;
  }

  private get name(): string {
    return this.scenario.run.names.functions.dlqProcessor;
  }
}
