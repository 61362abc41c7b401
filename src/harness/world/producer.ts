import type { ResultsBucket } from "../bucket.ts";
import type { OrderLine } from "../catalogue.ts";
import type { QueueProducer } from "../task-queue-producer.ts";
import type { DeadLetter } from "./dead-letter.ts";
import type { Role, Scenario } from "./scenario.ts";

/**
 * Another producer than the API (an importer, a partner system): it records the order as
 * received, as the API does, and queues it, but does not check it first.
 */
export class ProducerBypassingTheApi {
  private readonly scenario: Scenario;
  private readonly bucket: ResultsBucket;
  private readonly taskQueue: QueueProducer;
  private readonly deadLetter: DeadLetter;

  constructor(
    scenario: Scenario,
    bucket: ResultsBucket,
    taskQueue: QueueProducer,
    deadLetter: DeadLetter,
  ) {
    this.scenario = scenario;
    this.bucket = bucket;
    this.taskQueue = taskQueue;
    this.deadLetter = deadLetter;
  }

  /** Queues one order; it becomes the order the scenario is about. */
  async queue(lines: OrderLine[], role: Role): Promise<void> {
    const orderId = this.scenario.newOrderId();
    await this.deadLetter.rememberStats();
    await this.recordAsReceived(orderId, lines);
    await this.taskQueue.send(this.orderMessage(orderId, lines));
    this.scenario.remember(role, orderId);
    this.scenario.orderId = orderId;
  }

  /** All in one SendMessageBatch, so the task function is likely to get them in one batch. */
  async queueTogether(orders: { lines: OrderLine[]; role: Role }[]): Promise<void> {
    const queued = orders.map((order) => ({ ...order, orderId: this.scenario.newOrderId() }));
    await Promise.all(queued.map((o) => this.recordAsReceived(o.orderId, o.lines)));
    await this.taskQueue.sendTogether(queued.map((o) => this.orderMessage(o.orderId, o.lines)));
    for (const o of queued) this.scenario.remember(o.role, o.orderId);
  }

  /** The same order message again, as SQS may deliver it (at-least-once). */
  async redeliver(orderId = this.scenario.orderId): Promise<void> {
    const record = await this.bucket.read(`orders/${orderId}.json`);
    if (!record) throw new Error(`no record of order ${orderId} to deliver again`);
    await this.taskQueue.send(record.json);
  }

  /** A task-queue message for an order, as the API would write it. */
  private orderMessage(orderId: string, lines: OrderLine[]) {
    return {
      order_id: orderId,
      user_id: this.scenario.customer,
      items: lines,
      submitted_at: new Date().toISOString(),
    };
  }

  private async recordAsReceived(orderId: string, lines: OrderLine[]): Promise<void> {
    const message = this.orderMessage(orderId, lines);
    await this.bucket.createJson(`orders/${orderId}.json`, { ...message, promo_code: null });
  }
}
