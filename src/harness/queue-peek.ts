import { GetQueueUrlCommand, ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { request } from "undici";
import * as z from "zod";

export interface PeekedMessage {
  messageId: string;
  body: string;
  receiveCount: number;
  state: "ready" | "inflight" | "delayed";
}

/**
 * How the harness looks into a queue: through LocalStack's developer endpoint, which the
 * embedded cloud answers the same way, or (real AWS, which has none) by receiving.
 */
export type PeekMode = "developer-endpoint" | "approximate";

// LocalStack answers in the shape of its XML ReceiveMessage response turned into JSON
// (xmltodict style): one message is an object rather than a list of one, and so is one attribute.
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z
    .union([z.array(item), item])
    .nullish()
    .transform((v) => (v == null ? [] : Array.isArray(v) ? v : [v]));
const localstackMessage = z.object({
  MessageId: z.string(),
  Body: z.string(),
  Attribute: oneOrMany(z.object({ Name: z.string(), Value: z.string() })),
});
const localstackMessages = z.object({
  ReceiveMessageResponse: z.object({
    ReceiveMessageResult: z
      .object({ Message: oneOrMany(localstackMessage) })
      .nullish()
      .transform((r) => r?.Message ?? []),
  }),
});

/** Reads LocalStack's `GET /_aws/sqs/messages` answer (Accept: application/json). */
export function parseLocalstackMessages(doc: unknown): PeekedMessage[] {
  const messages = localstackMessages.parse(doc).ReceiveMessageResponse.ReceiveMessageResult;
  return messages.map((m) => {
    const attributes = Object.fromEntries(m.Attribute.map((a) => [a.Name, a.Value]));
    return {
      messageId: m.MessageId,
      body: m.Body,
      receiveCount: Number(attributes.ApproximateReceiveCount ?? 0),
      state:
        attributes.IsDelayed === "true"
          ? "delayed"
          : attributes.IsVisible === "false"
            ? "inflight"
            : "ready",
    };
  });
}

/**
 * Looks into a queue without receiving from it. A receive, even with VisibilityTimeout 0,
 * raises the receive count, and on a queue with a redrive policy that alone can push a
 * message into the dead-letter queue: a test that looked that way would change what it checks.
 */
export class QueuePeek {
  private readonly mode: PeekMode;
  private readonly endpoint: string | undefined;
  private readonly sqs: SQSClient;

  constructor(mode: PeekMode, endpoint: string | undefined, sqs: SQSClient) {
    this.mode = mode;
    this.endpoint = endpoint;
    this.sqs = sqs;
  }

  /** False on real AWS, where the only look is a receive (see `peek`). */
  get sideEffectFree(): boolean {
    return this.mode !== "approximate";
  }

  async peek(queueName: string): Promise<PeekedMessage[]> {
    return this.mode === "developer-endpoint"
      ? this.peekDeveloperEndpoint(queueName)
      : this.peekByReceiving(queueName);
  }

  private async peekDeveloperEndpoint(queueName: string): Promise<PeekedMessage[]> {
    const { QueueUrl } = await this.sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
    const query = new URLSearchParams({
      QueueUrl: QueueUrl ?? "",
      ShowInvisible: "true",
      ShowDelayed: "true",
    });
    const res = await request(`${this.endpoint}/_aws/sqs/messages?${query}`, {
      headers: { accept: "application/json" },
    });
    if (res.statusCode !== 200)
      throw new Error(`queue ${queueName}: ${res.statusCode} ${await res.body.text()}`);
    return parseLocalstackMessages(await res.body.json());
  }

  /**
   * Real AWS has no side-effect-free look. Receiving with VisibilityTimeout 0 shows the
   * messages but counts as a receive: use it only on a queue without a redrive policy (the
   * dead-letter queue itself), and read receive counts as approximate.
   */
  private async peekByReceiving(queueName: string): Promise<PeekedMessage[]> {
    const { QueueUrl } = await this.sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
    const res = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 0,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ["ApproximateReceiveCount"],
      }),
    );
    return (res.Messages ?? []).map((m) => ({
      messageId: m.MessageId ?? "",
      body: m.Body ?? "",
      // This very receive counted once.
      receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 1) - 1,
      state: "ready",
    }));
  }
}
