/*
 * The Query protocol's flat form fields (`Attribute.1.Name`, `MessageAttribute.2.Value.DataType`,
 * `SendMessageBatchRequestEntry.3.Id`, …) turned into the JSON protocol's request shape, from
 * the member names of SQS's 2012-11-05 Query model.
 */
type Field =
  | "string"
  | "int"
  | { list: string }
  | { map: string; key: string; value: string }
  | { attributes: string }
  | { entries: string; fields: Fields };

type Fields = Record<string, Field>;

const queueUrl: Fields = { QueueUrl: "string" };
const attributeMap = { map: "Attribute", key: "Name", value: "Value" } as const;
const sendFields: Fields = {
  MessageBody: "string",
  DelaySeconds: "int",
  MessageAttributes: { attributes: "MessageAttribute" },
  MessageSystemAttributes: { attributes: "MessageSystemAttribute" },
  MessageDeduplicationId: "string",
  MessageGroupId: "string",
};

export const QUERY_ACTIONS: Record<string, Fields> = {
  CreateQueue: {
    QueueName: "string",
    Attributes: attributeMap,
    tags: { map: "Tag", key: "Key", value: "Value" },
  },
  GetQueueUrl: { QueueName: "string", QueueOwnerAWSAccountId: "string" },
  ListQueues: { QueueNamePrefix: "string", NextToken: "string", MaxResults: "int" },
  GetQueueAttributes: { ...queueUrl, AttributeNames: { list: "AttributeName" } },
  SetQueueAttributes: { ...queueUrl, Attributes: attributeMap },
  DeleteQueue: queueUrl,
  PurgeQueue: queueUrl,
  SendMessage: { ...queueUrl, ...sendFields },
  SendMessageBatch: {
    ...queueUrl,
    Entries: { entries: "SendMessageBatchRequestEntry", fields: { Id: "string", ...sendFields } },
  },
  ReceiveMessage: {
    ...queueUrl,
    AttributeNames: { list: "AttributeName" },
    MessageSystemAttributeNames: { list: "MessageSystemAttributeName" },
    MessageAttributeNames: { list: "MessageAttributeName" },
    MaxNumberOfMessages: "int",
    VisibilityTimeout: "int",
    WaitTimeSeconds: "int",
    ReceiveRequestAttemptId: "string",
  },
  DeleteMessage: { ...queueUrl, ReceiptHandle: "string" },
  DeleteMessageBatch: {
    ...queueUrl,
    Entries: {
      entries: "DeleteMessageBatchRequestEntry",
      fields: { Id: "string", ReceiptHandle: "string" },
    },
  },
  ChangeMessageVisibility: { ...queueUrl, ReceiptHandle: "string", VisibilityTimeout: "int" },
  ChangeMessageVisibilityBatch: {
    ...queueUrl,
    Entries: {
      entries: "ChangeMessageVisibilityBatchRequestEntry",
      fields: { Id: "string", ReceiptHandle: "string", VisibilityTimeout: "int" },
    },
  },
  TagQueue: { ...queueUrl, Tags: { map: "Tag", key: "Key", value: "Value" } },
  UntagQueue: { ...queueUrl, TagKeys: { list: "TagKey" } },
  ListQueueTags: queueUrl,
  AddPermission: {
    ...queueUrl,
    Label: "string",
    AWSAccountIds: { list: "AWSAccountId" },
    Actions: { list: "ActionName" },
  },
  RemovePermission: { ...queueUrl, Label: "string" },
  ListDeadLetterSourceQueues: { ...queueUrl, NextToken: "string", MaxResults: "int" },
  StartMessageMoveTask: {
    SourceArn: "string",
    DestinationArn: "string",
    MaxNumberOfMessagesPerSecond: "int",
  },
  ListMessageMoveTasks: { SourceArn: "string", MaxResults: "int" },
  CancelMessageMoveTask: { TaskHandle: "string" },
};

/** Whether a Query request's Action is one of SQS's. */
export function isSqsAction(action: string | null | undefined): boolean {
  return action !== null && action !== undefined && Object.hasOwn(QUERY_ACTIONS, action);
}

type Get = (key: string) => string | undefined;

/** `prefix.1…`, `prefix.2…` while the first field of the next one is present. */
function indexes(get: Get, prefix: string, probe: string): number[] {
  const out: number[] = [];
  for (let i = 1; get(`${prefix}.${i}${probe}`) !== undefined; i++) out.push(i);
  return out;
}

function attributeValue(get: Get, at: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of ["DataType", "StringValue", "BinaryValue"]) {
    const value = get(`${at}.${name}`);
    if (value !== undefined) out[name] = value;
  }
  for (const [field, member] of [
    ["StringListValues", "StringListValue"],
    ["BinaryListValues", "BinaryListValue"],
  ] as const) {
    const items = indexes(get, `${at}.${member}`, "").map((i) => get(`${at}.${member}.${i}`));
    if (items.length > 0) out[field] = items;
  }
  return out;
}

function read(get: Get, name: string, field: Field): unknown {
  if (field === "string") return get(name);
  if (field === "int") {
    const text = get(name);
    return text !== undefined && /^-?\d+$/.test(text.trim()) ? Number(text) : text;
  }
  if ("list" in field) {
    const items = indexes(get, field.list, "").map((i) => get(`${field.list}.${i}`));
    return items.length > 0 ? items : undefined;
  }
  if ("map" in field) {
    const entries = indexes(get, field.map, `.${field.key}`).map((i) => [
      get(`${field.map}.${i}.${field.key}`),
      get(`${field.map}.${i}.${field.value}`) ?? "",
    ]);
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
  if ("attributes" in field) {
    const entries = indexes(get, field.attributes, ".Name").map((i) => [
      get(`${field.attributes}.${i}.Name`),
      attributeValue(get, `${field.attributes}.${i}.Value`),
    ]);
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
  const probe = `.${Object.keys(field.fields)[0]}`;
  return indexes(get, field.entries, probe).map((i) =>
    readFields((key) => get(`${field.entries}.${i}.${key}`), field.fields),
  );
}

function readFields(get: Get, fields: Fields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    const value = read(get, name, field);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** The request of `action` from its form fields; undefined for an action SQS does not have. */
export function queryRequest(
  action: string,
  params: URLSearchParams,
): Record<string, unknown> | undefined {
  const fields = QUERY_ACTIONS[action];
  if (!fields) return undefined;
  return readFields((key) => params.get(key) ?? undefined, fields);
}
