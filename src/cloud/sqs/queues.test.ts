// Queue actions through the SDK v3 client, with AWS's answers (see docs/embedded-cloud-sqs.md).
// Runs against CLOUD_ENDPOINT when it is set.
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  SetQueueAttributesCommand,
  type QueueAttributeName,
} from "@aws-sdk/client-sqs";
import { sqsError, sqsSuite, uniqueName } from "./testing/sqs-target.ts";

const t = sqsSuite();

const attributes = (QueueUrl: string, names: string[] = ["All"]) =>
  t.sqs
    .send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: names as QueueAttributeName[] }),
    )
    .then((r) => r.Attributes);

describe("CreateQueue and GetQueueUrl", () => {
  it("answers the same URL for the same name, with or without the same attributes", async () => {
    const q = await t.queue("same", { VisibilityTimeout: "69" });
    expect(q.url.endsWith(`/${q.name}`)).toBe(true);
    const again = await t.sqs.send(new CreateQueueCommand({ QueueName: q.name }));
    const same = await t.sqs.send(
      new CreateQueueCommand({ QueueName: q.name, Attributes: { VisibilityTimeout: "69" } }),
    );
    const found = await t.sqs.send(new GetQueueUrlCommand({ QueueName: q.name }));
    expect([again.QueueUrl, same.QueueUrl, found.QueueUrl]).toEqual([q.url, q.url, q.url]);
  });

  it("refuses the same name with a different attribute value", async () => {
    const q = await t.queue("differ", { DelaySeconds: "1" });
    const error = await sqsError(
      t.sqs.send(new CreateQueueCommand({ QueueName: q.name, Attributes: { DelaySeconds: "2" } })),
    );
    expect(error).toEqual({
      name: "QueueNameExists",
      code: "QueueAlreadyExists",
      message:
        "A queue already exists with the same name and a different value for attribute DelaySeconds",
      status: 400,
    });
  });

  it.each([
    [
      "bad name!",
      undefined,
      "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length",
    ],
    [
      "a".repeat(81),
      undefined,
      "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length",
    ],
    [
      "standard.fifo",
      undefined,
      "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length",
    ],
    [
      "no-suffix",
      { FifoQueue: "true" },
      "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length",
    ],
  ])("refuses the name %j", async (name, attrs, message) => {
    const error = await sqsError(
      t.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attrs })),
    );
    expect(error).toMatchObject({
      name: "InvalidParameterValue",
      code: "InvalidParameterValue",
      message,
    });
  });

  it.each([
    ["FifoQueue", "false", "Unknown Attribute FifoQueue."],
    ["ContentBasedDeduplication", "false", "Unknown Attribute ContentBasedDeduplication."],
    [
      "DeduplicationScope",
      "queue",
      "You can specify the DeduplicationScope only when FifoQueue is set to true.",
    ],
    [
      "FifoThroughputLimit",
      "perQueue",
      "You can specify the FifoThroughputLimit only when FifoQueue is set to true.",
    ],
  ])("refuses the FIFO attribute %s on a standard queue", async (name, value, message) => {
    const error = await sqsError(
      t.sqs.send(
        new CreateQueueCommand({ QueueName: uniqueName("std"), Attributes: { [name]: value } }),
      ),
    );
    expect(error).toMatchObject({
      name: "InvalidAttributeName",
      code: "InvalidAttributeName",
      message,
    });
  });

  it.each([
    ["VisibilityTimeout", "43201"],
    ["DelaySeconds", "901"],
    ["MessageRetentionPeriod", "59"],
    ["MaximumMessageSize", "1023"],
    ["ReceiveMessageWaitTimeSeconds", "21"],
  ])("refuses %s=%s", async (name, value) => {
    const error = await sqsError(
      t.sqs.send(
        new CreateQueueCommand({ QueueName: uniqueName("range"), Attributes: { [name]: value } }),
      ),
    );
    expect(error).toMatchObject({
      name: "InvalidAttributeValue",
      code: "InvalidAttributeValue",
      message: `Invalid value for the parameter ${name}.`,
    });
  });

  it("does not find a queue that does not exist", async () => {
    const error = await sqsError(
      t.sqs.send(new GetQueueUrlCommand({ QueueName: uniqueName("none") })),
    );
    expect(error).toEqual({
      name: "QueueDoesNotExist",
      code: "AWS.SimpleQueueService.NonExistentQueue",
      message: "The specified queue does not exist.",
      status: 400,
    });
  });
});

describe("GetQueueAttributes and SetQueueAttributes", () => {
  it("shows a new standard queue's attributes", async () => {
    const q = await t.queue("defaults");
    const all = await attributes(q.url);
    expect(Object.keys(all ?? {}).sort()).toEqual([
      "ApproximateNumberOfMessages",
      "ApproximateNumberOfMessagesDelayed",
      "ApproximateNumberOfMessagesNotVisible",
      "CreatedTimestamp",
      "DelaySeconds",
      "LastModifiedTimestamp",
      "MaximumMessageSize",
      "MessageRetentionPeriod",
      "QueueArn",
      "ReceiveMessageWaitTimeSeconds",
      "SqsManagedSseEnabled",
      "VisibilityTimeout",
    ]);
    expect(all).toMatchObject({
      ApproximateNumberOfMessages: "0",
      DelaySeconds: "0",
      MaximumMessageSize: "1048576",
      MessageRetentionPeriod: "345600",
      QueueArn: q.arn,
      ReceiveMessageWaitTimeSeconds: "0",
      SqsManagedSseEnabled: "true",
      VisibilityTimeout: "30",
    });
    expect(Math.abs(Number(all?.CreatedTimestamp) - Date.now() / 1000)).toBeLessThan(600);
  });

  it("shows only the names asked for, and nothing for none", async () => {
    const q = await t.queue("some");
    expect(await attributes(q.url, ["QueueArn", "VisibilityTimeout"])).toEqual({
      QueueArn: q.arn,
      VisibilityTimeout: "30",
    });
    expect(await attributes(q.url, [])).toBeUndefined();
  });

  it("refuses an unknown attribute name", async () => {
    const q = await t.queue("unknown");
    const error = await sqsError(attributes(q.url, ["Foobar" as never]));
    expect(error).toMatchObject({
      name: "InvalidAttributeName",
      message: "Unknown Attribute Foobar.",
    });
  });

  it("changes attributes, and refuses read-only ones and a queue type change", async () => {
    const q = await t.queue("change", {
      MessageRetentionPeriod: "604800",
      VisibilityTimeout: "20",
    });
    await t.sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: q.url,
        Attributes: { MaximumMessageSize: "2048", VisibilityTimeout: "69", DelaySeconds: "420" },
      }),
    );
    expect(await attributes(q.url)).toMatchObject({
      DelaySeconds: "420",
      MaximumMessageSize: "2048",
      MessageRetentionPeriod: "604800",
      VisibilityTimeout: "69",
    });
    const set = (a: Record<string, string>) =>
      sqsError(t.sqs.send(new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: a })));
    expect(await set({ QueueArn: "x" })).toMatchObject({
      name: "InvalidAttributeName",
      message: "Unknown Attribute QueueArn.",
    });
    expect(await set({ FifoQueue: "true" })).toMatchObject({
      message: "Unknown Attribute FifoQueue.",
    });
  });

  it("keeps KMS and SQS-managed encryption apart", async () => {
    const q = await t.queue("sse");
    const set = (a: Record<string, string>) =>
      t.sqs.send(new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: a }));
    const sse = ["KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled"];
    await set({ KmsMasterKeyId: "testKeyId", KmsDataKeyReusePeriodSeconds: "6000" });
    expect(await attributes(q.url, sse)).toEqual({
      KmsDataKeyReusePeriodSeconds: "6000",
      KmsMasterKeyId: "testKeyId",
      SqsManagedSseEnabled: "false",
    });
    await set({ KmsMasterKeyId: "", KmsDataKeyReusePeriodSeconds: "300" });
    expect(await attributes(q.url, sse)).toEqual({ SqsManagedSseEnabled: "false" });
    const error = await sqsError(
      set({ KmsMasterKeyId: "testKeyId", SqsManagedSseEnabled: "true" }),
    );
    expect(error).toMatchObject({
      name: "InvalidAttributeName",
      message:
        "You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.",
    });
  });

  it("sets and clears a policy", async () => {
    const q = await t.queue("policy");
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: q.arn }],
    });
    await t.sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { Policy: policy } }),
    );
    expect(
      JSON.parse((await attributes(q.url, ["Policy"]))?.Policy ?? "{}").Statement[0].Action,
    ).toBe("sqs:SendMessage");
    await t.sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { Policy: "" } }),
    );
    expect(await attributes(q.url)).not.toHaveProperty("Policy");
  });
});

describe("RedrivePolicy", () => {
  it("is kept with maxReceiveCount as a number, and an empty one removes it", async () => {
    const dlq = await t.queue("dlq");
    const q = await t.queue("src");
    const policy = JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: "42" });
    await t.sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { RedrivePolicy: policy } }),
    );
    const kept = JSON.parse((await attributes(q.url, ["RedrivePolicy"]))?.RedrivePolicy ?? "{}");
    expect(kept).toEqual({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 42 });
    await t.sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { RedrivePolicy: "" } }),
    );
    expect(await attributes(q.url)).not.toHaveProperty("RedrivePolicy");
  });

  it("refuses a missing dead-letter queue and a maxReceiveCount out of range", async () => {
    const q = await t.queue("bad-redrive");
    const set = (policy: object) =>
      sqsError(
        t.sqs.send(
          new SetQueueAttributesCommand({
            QueueUrl: q.url,
            Attributes: { RedrivePolicy: JSON.stringify(policy) },
          }),
        ),
      );
    const missing = { deadLetterTargetArn: `${q.arn}-missing`, maxReceiveCount: 2 };
    expect(await set(missing)).toMatchObject({
      name: "InvalidParameterValue",
      message: `Value ${JSON.stringify(missing)} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.`,
    });
    const zero = { deadLetterTargetArn: q.arn, maxReceiveCount: 0 };
    expect(await set(zero)).toMatchObject({
      name: "InvalidParameterValue",
      message: `Value ${JSON.stringify(zero)} for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: 0, valid values are from 1 to 1000 both inclusive.`,
    });
  });

  it("lists the queues that use a queue as their dead-letter queue", async () => {
    const dlq = await t.queue("dead");
    const redrive = {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 50 }),
    };
    const one = await t.queue("one", redrive);
    const two = await t.queue("two", redrive);
    const { queueUrls } = await t.sqs.send(
      new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq.url }),
    );
    expect([...(queueUrls ?? [])].sort()).toEqual([one.url, two.url].sort());
  });
});

describe("ListQueues", () => {
  it("filters by prefix and pages with MaxResults and NextToken", async () => {
    const prefix = uniqueName("list");
    const names = Array.from({ length: 5 }, (_, i) => `${prefix}-${i}`);
    const urls: string[] = [];
    for (const name of names) {
      const { QueueUrl } = await t.sqs.send(new CreateQueueCommand({ QueueName: name }));
      urls.push(QueueUrl as string);
    }
    try {
      const all = await t.sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix }));
      expect(all.QueueUrls).toEqual(urls);
      expect(all.NextToken).toBeUndefined();
      const first = await t.sqs.send(
        new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 2 }),
      );
      expect(first.QueueUrls).toEqual(urls.slice(0, 2));
      const rest = await t.sqs.send(
        new ListQueuesCommand({
          QueueNamePrefix: prefix,
          MaxResults: 10,
          NextToken: first.NextToken,
        }),
      );
      expect(rest.QueueUrls).toEqual(urls.slice(2));
      expect(rest.NextToken).toBeUndefined();
      const none = await t.sqs.send(new ListQueuesCommand({ QueueNamePrefix: `${prefix}-none` }));
      expect(none.QueueUrls).toBeUndefined();
    } finally {
      await Promise.all(urls.map((QueueUrl) => t.sqs.send(new DeleteQueueCommand({ QueueUrl }))));
    }
  });
});

describe("DeleteQueue", () => {
  it("deletes, and the name cannot be used again for 60 seconds", async () => {
    const q = await t.queue("gone");
    await t.sqs.send(new DeleteQueueCommand({ QueueUrl: q.url }));
    expect(await sqsError(attributes(q.url))).toMatchObject({ name: "QueueDoesNotExist" });
    const error = await sqsError(t.sqs.send(new CreateQueueCommand({ QueueName: q.name })));
    expect(error).toEqual({
      name: "QueueDeletedRecently",
      code: "AWS.SimpleQueueService.QueueDeletedRecently",
      message:
        "You must wait 60 seconds after deleting a queue before you can create another with the same name.",
      status: 400,
    });
  });

  it("refuses a queue URL that names no queue", async () => {
    const error = await sqsError(attributes(`${t.endpoint}/nonsense`));
    expect(error).toMatchObject({ name: "InvalidAddress", code: "InvalidAddress", status: 404 });
  });
});
