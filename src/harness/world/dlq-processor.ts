import type { EventSources } from "../event-sources.ts";
import type { Scenario } from "./scenario.ts";

/** dlq_processor_lambda's queue trigger, paused and resumed; resumed after the scenario. */
export class DlqProcessor {
  private readonly scenario: Scenario;
  private readonly triggers: EventSources;

  constructor(scenario: Scenario, triggers: EventSources) {
    this.scenario = scenario;
    this.triggers = triggers;
  }

  async pause(): Promise<void> {
    await this.triggers.setEnabled(this.name, false);
    this.scenario.onCleanup(() => this.resume());
  }

  resume(): Promise<void> {
    return this.triggers.setEnabled(this.name, true);
  }

  private get name(): string {
    return this.scenario.run.names.functions.dlqProcessor;
  }
}
