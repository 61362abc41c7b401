/*
 * The request of each SQS action, in the JSON protocol's shape (the Query front converts its
 * form fields to it first). A required member that is missing is MissingParameter, as AWS
 * answers; a member of the wrong type is InvalidParameterValue.
 */
import * as z from "zod";
import { invalidParameter, missingParameter } from "./errors.ts";

const str = z.string();
const int = z.number().int();
const names = z.array(z.string());
const stringMap = z.record(z.string(), z.string());

const attributeValue = z.looseObject({
  DataType: z.string().optional(),
  StringValue: z.string().optional(),
  BinaryValue: z.string().optional(),
  StringListValues: z.array(z.string()).optional(),
  BinaryListValues: z.array(z.string()).optional(),
});
const attributeMap = z.record(z.string(), attributeValue);
const queueUrl = { QueueUrl: str };

const sendFields = {
  MessageBody: str,
  DelaySeconds: int.optional(),
  MessageAttributes: attributeMap.optional(),
  MessageSystemAttributes: attributeMap.optional(),
  MessageDeduplicationId: str.optional(),
  MessageGroupId: str.optional(),
};

const batch = <T extends z.ZodRawShape>(entry: T) => z.array(z.looseObject({ Id: str, ...entry }));

export const schemas = {
  CreateQueue: z.looseObject({
    QueueName: str,
    Attributes: stringMap.optional(),
    tags: stringMap.optional(),
  }),
  GetQueueUrl: z.looseObject({ QueueName: str, QueueOwnerAWSAccountId: str.optional() }),
  ListQueues: z.looseObject({
    QueueNamePrefix: str.optional(),
    NextToken: str.optional(),
    MaxResults: int.optional(),
  }),
  GetQueueAttributes: z.looseObject({ ...queueUrl, AttributeNames: names.optional() }),
  SetQueueAttributes: z.looseObject({ ...queueUrl, Attributes: stringMap }),
  QueueOnly: z.looseObject(queueUrl),
  SendMessage: z.looseObject({ ...queueUrl, ...sendFields }),
  SendMessageBatch: z.looseObject({ ...queueUrl, Entries: batch(sendFields) }),
  ReceiveMessage: z.looseObject({
    ...queueUrl,
    AttributeNames: names.optional(),
    MessageSystemAttributeNames: names.optional(),
    MessageAttributeNames: names.optional(),
    MaxNumberOfMessages: int.optional(),
    VisibilityTimeout: int.optional(),
    WaitTimeSeconds: int.optional(),
    ReceiveRequestAttemptId: str.optional(),
  }),
  DeleteMessage: z.looseObject({ ...queueUrl, ReceiptHandle: str }),
  DeleteMessageBatch: z.looseObject({ ...queueUrl, Entries: batch({ ReceiptHandle: str }) }),
  ChangeMessageVisibility: z.looseObject({
    ...queueUrl,
    ReceiptHandle: str,
    VisibilityTimeout: int,
  }),
  ChangeMessageVisibilityBatch: z.looseObject({
    ...queueUrl,
    Entries: batch({ ReceiptHandle: str, VisibilityTimeout: int }),
  }),
  TagQueue: z.looseObject({ ...queueUrl, Tags: stringMap }),
  UntagQueue: z.looseObject({ ...queueUrl, TagKeys: names }),
  AddPermission: z.looseObject({ ...queueUrl, Label: str, AWSAccountIds: names, Actions: names }),
  RemovePermission: z.looseObject({ ...queueUrl, Label: str }),
  ListDeadLetterSourceQueues: z.looseObject({
    ...queueUrl,
    NextToken: str.optional(),
    MaxResults: int.optional(),
  }),
  StartMessageMoveTask: z.looseObject({
    SourceArn: str,
    DestinationArn: str.optional(),
    MaxNumberOfMessagesPerSecond: int.optional(),
  }),
  ListMessageMoveTasks: z.looseObject({ SourceArn: str, MaxResults: int.optional() }),
  CancelMessageMoveTask: z.looseObject({ TaskHandle: str }),
};

export type AttributeValueInput = z.infer<typeof attributeValue>;

/** Parses a request with its action's schema, failing the way AWS does. */
export function parseRequest<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = (issue?.path ?? []).map(String);
  const name = path.join(".");
  const given = path.reduce<unknown>(
    (value, key) =>
      value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined,
    input,
  );
  if (given === undefined) throw missingParameter(name);
  throw invalidParameter(
    `Value ${typeof given === "string" ? given : JSON.stringify(given)} for parameter ${name} is invalid. Reason: ${issue?.message ?? "invalid"}.`,
  );
}
