import type { ApiClient } from "../api-client.ts";
import { eventually } from "../eventually.ts";
import type { PeekedMessage, QueuePeek } from "../queue-peek.ts";
import type { CustomerTokens } from "./customer-tokens.ts";
import { Remembered } from "./remembered.ts";
import type { Scenario } from "./scenario.ts";

/** GET /dlq/stats, as the API reports the dead-letter queue. */
export interface DeadLetterStats {
  waiting: number;
  in_flight: number;
  recorded_for_review: number;
}

/** The dead-letter queue, looked at without receiving, and the API's statistics of it. */
export class DeadLetter {
  private readonly scenario: Scenario;
  private readonly peek: QueuePeek;
  private readonly api: ApiClient;
  private readonly tokens: CustomerTokens;
  // The statistics are global: a scenario compares with what they said before its order.
  private readonly statsBefore = new Remembered<DeadLetterStats>(
    "the dead-letter statistics from before its order was queued",
  );

  constructor(scenario: Scenario, peek: QueuePeek, api: ApiClient, tokens: CustomerTokens) {
    this.scenario = scenario;
    this.peek = peek;
    this.api = api;
    this.tokens = tokens;
  }

  /** Waits until the dead-letter queue holds the order's message, and returns it. */
  expectHolding(orderId = this.scenario.orderId) {
    return eventually(async () => (await this.messagesAbout(orderId))[0], {
      timeout: this.scenario.patience.deadLetter,
      interval: "100ms",
      what: `the dead-letter queue to hold ${orderId}`,
    });
  }

  expectNotHolding(orderId = this.scenario.orderId) {
    return eventually(
      async () => ((await this.messagesAbout(orderId)).length === 0 ? true : undefined),
      {
        timeout: this.scenario.patience.settle,
        what: `the dead-letter queue to let go of ${orderId}`,
      },
    );
  }

  async stats(): Promise<DeadLetterStats> {
    const res = await this.api.dlqStats(await this.tokens.signIn());
    expect(res.status).toBe(200);
    return res.body as DeadLetterStats;
  }

  async rememberStats(): Promise<void> {
    this.statsBefore.set(await this.stats());
  }

  /** The statistics went up by at least one since `rememberStats`. */
  async expectOneMore(field: keyof DeadLetterStats): Promise<void> {
    const wanted = this.statsBefore.get()[field] + 1;
    const after = await eventually(
      async () => {
        const now = await this.stats();
        return now[field] >= wanted ? now : undefined;
      },
      {
        timeout: this.scenario.patience.settle,
        what: `the dead-letter statistics to count one more ${field}`,
      },
    );
    expect(after[field]).toBeGreaterThanOrEqual(wanted);
  }

  private async messagesAbout(orderId: string): Promise<PeekedMessage[]> {
    const messages = await this.peek.peek(this.scenario.run.names.dlq);
    return messages.filter((m) => m.body.includes(`"${orderId}"`));
  }
}
