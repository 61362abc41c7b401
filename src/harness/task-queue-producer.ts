import {
  GetQueueUrlCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";

/** A producer that puts messages on a queue directly, bypassing the API and its validation. */
export class QueueProducer {
  private readonly sqs: SQSClient;
  private readonly queueName: string;
  private url: string | undefined;

  constructor(sqs: SQSClient, queueName: string) {
    this.sqs = sqs;
    this.queueName = queueName;
  }

  private async queueUrl(): Promise<string> {
    this.url ??= (
      await this.sqs.send(new GetQueueUrlCommand({ QueueName: this.queueName }))
    ).QueueUrl;
    if (!this.url) throw new Error(`no URL for queue ${this.queueName}`);
    return this.url;
  }

  async send(body: unknown): Promise<string> {
    const res = await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: await this.queueUrl(),
        MessageBody: typeof body === "string" ? body : JSON.stringify(body),
      }),
    );
    return res.MessageId ?? "";
  }

  /** All in one SendMessageBatch, so the event source is likely to hand them over together. */
  async sendTogether(bodies: unknown[]): Promise<void> {
    const res = await this.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: await this.queueUrl(),
        Entries: bodies.map((body, i) => ({
          Id: `m${i}`,
          MessageBody: typeof body === "string" ? body : JSON.stringify(body),
        })),
      }),
    );
    if (res.Failed?.length)
      throw new Error(
        `the queue refused ${res.Failed.length} messages: ${JSON.stringify(res.Failed)}`,
      );
  }
}
