// Test support: the SQS calls tests make most, on a target's client.
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type ReceiveMessageCommandInput,
  type SendMessageCommandInput,
  type SQSClient,
} from "@aws-sdk/client-sqs";

type Extra<T> = Partial<Omit<T, "QueueUrl">>;

export function sqsCalls(target: { sqs: SQSClient }) {
  const send = (
    QueueUrl: string,
    MessageBody: string,
    extra: Extra<SendMessageCommandInput> = {},
  ) => target.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody, ...extra }));
  const receive = async (QueueUrl: string, extra: Extra<ReceiveMessageCommandInput> = {}) =>
    (await target.sqs.send(new ReceiveMessageCommand({ QueueUrl, ...extra }))).Messages ?? [];
  return {
    send,
    receive,
    /** The bodies of one receive's messages. */
    bodies: async (QueueUrl: string, extra: Extra<ReceiveMessageCommandInput> = {}) =>
      (await receive(QueueUrl, extra)).map((m) => m.Body),
    /** [visible, in flight, delayed], as the queue's approximate counts say. */
    counts: async (QueueUrl: string) => {
      const { Attributes: a } = await target.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl,
          AttributeNames: [
            "ApproximateNumberOfMessages",
            "ApproximateNumberOfMessagesNotVisible",
            "ApproximateNumberOfMessagesDelayed",
          ],
        }),
      );
      return [
        a?.ApproximateNumberOfMessages,
        a?.ApproximateNumberOfMessagesNotVisible,
        a?.ApproximateNumberOfMessagesDelayed,
      ].map(Number);
    },
  };
}
