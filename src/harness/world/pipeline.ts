import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { eventually } from "../eventually.ts";
import type { QueuePeek } from "../queue-peek.ts";
import type { Scenario } from "./scenario.ts";

const COUNTS = [
  "ApproximateNumberOfMessages",
  "ApproximateNumberOfMessagesNotVisible",
  "ApproximateNumberOfMessagesDelayed",
] as const;

/**
 * The stack's queues as a whole. Once none of them holds a message about an order (ready, in
 * flight or delayed), nothing more can happen to that order: no attempt, no invoice, no
 * notification, no record. That state, not a watched clock, is what proves an absence.
 */
export class Pipeline {
  private readonly scenario: Scenario;
  private readonly peek: QueuePeek;
  private readonly sqs: SQSClient;

  constructor(scenario: Scenario, peek: QueuePeek, sqs: SQSClient) {
    this.scenario = scenario;
    this.peek = peek;
    this.sqs = sqs;
  }

  /** Waits until no queue holds a message about the order. */
  async drainedOf(orderId = this.scenario.orderId): Promise<void> {
    await eventually(
      async () => ((await this.leftAbout(orderId)).length === 0 ? true : undefined),
      {
        timeout: this.scenario.patience.deadLetter,
        interval: "50ms",
        what: `the queues to hold no message about ${orderId}`,
      },
    );
  }

  /** Where messages about the order still are, as "queue: state" lines. */
  private async leftAbout(orderId: string): Promise<string[]> {
    const { taskQueue, notificationQueue, dlq } = this.scenario.run.names;
    const queues = [taskQueue, notificationQueue, dlq];
    if (!this.peek.sideEffectFree) return this.anythingLeft(queues);
    const left = await Promise.all(
      queues.map(async (queue) =>
        (await this.peek.peek(queue))
          .filter((m) => m.body.includes(`"${orderId}"`))
          .map((m) => `${queue}: ${m.state}`),
      ),
    );
    return left.flat();
  }

  /**
   * Real AWS has no look without a receive, and a receive on the task queue counts towards its
   * redrive: there, the queues must be empty altogether (their counts lag by up to a minute).
   */
  private async anythingLeft(queues: string[]): Promise<string[]> {
    const left = await Promise.all(
      queues.map(async (queue) => {
        const { QueueUrl } = await this.sqs.send(new GetQueueUrlCommand({ QueueName: queue }));
        const { Attributes } = await this.sqs.send(
          new GetQueueAttributesCommand({ QueueUrl, AttributeNames: [...COUNTS] }),
        );
        return COUNTS.filter((name) => Number(Attributes?.[name] ?? 0) > 0).map(
          (name) => `${queue}: ${name}`,
        );
      }),
    );
    return left.flat();
  }
}
