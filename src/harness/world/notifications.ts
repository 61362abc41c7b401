import type { ResultsBucket, StoredObject } from "../bucket.ts";
import { eventually } from "../eventually.ts";
import type { FunctionLogs } from "../function-logs.ts";
import type { Pipeline } from "./pipeline.ts";
import type { Scenario } from "./scenario.ts";

/** The notifications the notification function writes to the bucket's outbox, and logs. */
export class Notifications {
  private readonly scenario: Scenario;
  private readonly bucket: ResultsBucket;
  private readonly logs: FunctionLogs;
  private readonly pipeline: Pipeline;

  constructor(scenario: Scenario, bucket: ResultsBucket, logs: FunctionLogs, pipeline: Pipeline) {
    this.scenario = scenario;
    this.bucket = bucket;
    this.logs = logs;
    this.pipeline = pipeline;
  }

  /** Waits for the notification, and shows it in the report under the step. */
  async expectSent(orderId = this.scenario.orderId): Promise<StoredObject> {
    const notification = await eventually(() => this.bucket.read(`notifications/${orderId}.json`), {
      timeout: this.scenario.patience.settle,
      what: `the notification for ${orderId}`,
    });
    this.scenario.attachJson(`notification of ${orderId} (${notification.key})`, notification.json);
    return notification;
  }

  /** One outbox entry, written once: the notification function completed the order once. */
  async expectExactlyOnce(): Promise<void> {
    const orderId = this.scenario.orderId;
    // The notification is written after the invoice: wait for it before counting.
    await this.expectSent(orderId);
    expect(await this.bucket.keysStartingWith(`notifications/${orderId}`)).toEqual([
      `notifications/${orderId}.json`,
    ]);
    const written = () =>
      this.logs.count(
        this.scenario.run.names.functions.notification,
        orderId,
        /notification written/,
      );
    await eventually(async () => ((await written()) >= 1 ? true : undefined), {
      timeout: this.scenario.patience.settle,
      what: `the log line of the notification for ${orderId}`,
    });
    // Once no queue holds a message about the order, no further notification can come.
    await this.pipeline.drainedOf(orderId);
    expect(await written()).toBe(1);
  }
}
