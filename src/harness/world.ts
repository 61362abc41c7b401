import { createClients, destroyClients, type AwsClients } from "../aws/clients.ts";
import { ApiClient } from "./api-client.ts";
import { ResultsBucket } from "./bucket.ts";
import { EventSources } from "./event-sources.ts";
import { FunctionLogs } from "./function-logs.ts";
import { QueuePeek } from "./queue-peek.ts";
import { readRunFile, type RunFile } from "./run-file.ts";
import type { Attachment } from "./report/step-log.ts";
import type { Witness } from "./step-runner.ts";
import { QueueProducer } from "./task-queue-producer.ts";
import { CustomerTokens } from "./world/customer-tokens.ts";
import { DeadLetter } from "./world/dead-letter.ts";
import { Diagnostics } from "./world/diagnostics.ts";
import { DlqProcessor } from "./world/dlq-processor.ts";
import { Failures } from "./world/failures.ts";
import { Invoices } from "./world/invoices.ts";
import { Notifications } from "./world/notifications.ts";
import { Orders } from "./world/orders.ts";
import { Pipeline } from "./world/pipeline.ts";
import { ProducerBypassingTheApi } from "./world/producer.ts";
import { Scenario } from "./world/scenario.ts";
import { TaskFunction } from "./world/task-function.ts";
import { awsConfigFor } from "../aws/config.ts";

/**
 * Everything one scenario knows and does, one facet per part of the system it touches. A
 * fresh world per scenario (see Scenario for what that isolates).
 */
export class World extends Scenario implements Witness {
  readonly tokens: CustomerTokens;
  readonly orders: Orders;
  readonly invoices: Invoices;
  readonly notifications: Notifications;
  readonly failures: Failures;
  readonly dlq: DeadLetter;
  readonly producerBypassingTheApi: ProducerBypassingTheApi;
  readonly taskFunction: TaskFunction;
  readonly dlqProcessor: DlqProcessor;
  readonly pipeline: Pipeline;
  private readonly api: ApiClient;
  private readonly clients: AwsClients;
  private readonly diagnostics: Diagnostics;

  constructor(run: RunFile) {
    super(run);
    this.api = new ApiClient(run.apiUrl);
    this.clients = createClients(awsConfigFor(run.region, run.endpoint));
    const bucket = new ResultsBucket(this.clients.s3, run.names.bucket);
    // The margin covers a function's clock running a little behind this one's.
    const logs = new FunctionLogs(this.clients.logs, { since: this.startedAt - 10_000 });
    this.tokens = new CustomerTokens(this, this.api);
    this.orders = new Orders(this, this.api, this.tokens);
    const peek = new QueuePeek(run.queuePeek, run.endpoint, this.clients.sqs);
    this.pipeline = new Pipeline(this, peek, this.clients.sqs);
    this.invoices = new Invoices(this, bucket);
    this.notifications = new Notifications(this, bucket, logs, this.pipeline);
    this.failures = new Failures(this, bucket);
    this.dlq = new DeadLetter(this, peek, this.api, this.tokens);
    const taskQueue = new QueueProducer(this.clients.sqs, run.names.taskQueue);
    this.producerBypassingTheApi = new ProducerBypassingTheApi(this, bucket, taskQueue, this.dlq);
    this.taskFunction = new TaskFunction(this, logs, this.pipeline);
    this.dlqProcessor = new DlqProcessor(this, new EventSources(this.clients.lambda));
    this.diagnostics = new Diagnostics(this, bucket, peek, logs);
  }

  /**
   * No invoice exists, nor can one still come: the API refused the order (and knows nothing of
   * it), or no queue holds a message about it any more. Then one look.
   */
  async expectNoInvoice(orderId = this.orderId): Promise<void> {
    if (this.orders.wasRefused(orderId)) await this.orders.expectUnknown(orderId);
    else await this.pipeline.drainedOf(orderId);
    await this.invoices.expectNone(orderId);
  }

  diagnose(): Promise<Attachment[]> {
    return this.diagnostics.collect();
  }

  static async create(): Promise<World> {
    return new World(await readRunFile());
  }

  async dispose(): Promise<void> {
    try {
      await this.cleanUp();
    } finally {
      await this.api.close();
      destroyClients(this.clients);
    }
  }
}
