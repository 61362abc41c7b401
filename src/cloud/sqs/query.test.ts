// The Query protocol (form fields in, XML out), written by hand as older clients send it:
// on the endpoint, and on a queue's own URL. Runs against CLOUD_ENDPOINT when it is set.
import { elements, queryCall, unescapeXml } from "./testing/raw-requests.ts";
import { sqsSuite, uniqueName } from "./testing/sqs-target.ts";

const t = sqsSuite();
const VERSION = { Version: "2012-11-05" };

async function createQueue(attributes: Record<string, string> = {}) {
  const name = uniqueName("query");
  const fields: Record<string, string> = { Action: "CreateQueue", QueueName: name, ...VERSION };
  Object.entries(attributes).forEach(([k, v], i) => {
    fields[`Attribute.${i + 1}.Name`] = k;
    fields[`Attribute.${i + 1}.Value`] = v;
  });
  const answer = await queryCall(t.endpoint, fields);
  expect(answer.status).toBe(200);
  const url = elements(answer.text, "QueueUrl")[0] as string;
  t.track(url);
  return { name, url };
}

describe("Query protocol", () => {
  it("creates a queue and answers in AWS's XML, with a request id", async () => {
    const name = uniqueName("query");
    const answer = await queryCall(t.endpoint, {
      Action: "CreateQueue",
      QueueName: name,
      ...VERSION,
    });
    expect(answer.headers["x-amzn-requestid"]).toBeDefined();
    expect(answer.text).toMatch(
      new RegExp(
        `^<\\?xml version="1.0"\\?><CreateQueueResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><CreateQueueResult><QueueUrl>[^<]+/${name}</QueueUrl></CreateQueueResult><ResponseMetadata><RequestId>[\\w-]+</RequestId></ResponseMetadata></CreateQueueResponse>$`,
      ),
    );
  });

  it("sends and receives messages with their attributes", async () => {
    const q = await createQueue({ VisibilityTimeout: "40" });
    const sent = await queryCall(t.endpoint, {
      Action: "SendMessage",
      QueueUrl: q.url,
      MessageBody: 'line\r\nwith <markup> & "quotes"',
      "MessageAttribute.1.Name": "Author",
      "MessageAttribute.1.Value.DataType": "String",
      "MessageAttribute.1.Value.StringValue": "alice",
      ...VERSION,
    });
    expect(elements(sent.text, "MD5OfMessageBody")).toEqual(["9a7af75664a07a2026373637b39c7763"]);
    const received = await queryCall(t.endpoint, {
      Action: "ReceiveMessage",
      QueueUrl: q.url,
      "AttributeName.1": "All",
      "MessageAttributeName.1": "Author.*",
      ...VERSION,
    });
    expect(received.text).toContain("<ReceiveMessageResult><Message><MessageId>");
    expect(unescapeXml(elements(received.text, "Body")[0] ?? "")).toBe(
      'line\r\nwith <markup> & "quotes"',
    );
    expect(received.text).toContain("&#xD;");
    expect(elements(received.text, "MessageId")).toEqual(elements(sent.text, "MessageId"));
    expect(received.text).toContain(
      "<Attribute><Name>ApproximateReceiveCount</Name><Value>1</Value></Attribute>",
    );
    expect(received.text).toContain(
      "<MessageAttribute><Name>Author</Name><Value><DataType>String</DataType><StringValue>alice</StringValue></Value></MessageAttribute>",
    );
    expect(elements(received.text, "MD5OfMessageAttributes")).toEqual(
      elements(sent.text, "MD5OfMessageAttributes"),
    );
    const handle = unescapeXml(elements(received.text, "ReceiptHandle")[0] ?? "");
    const deleted = await queryCall(t.endpoint, {
      Action: "DeleteMessage",
      QueueUrl: q.url,
      ReceiptHandle: handle,
      ...VERSION,
    });
    expect(deleted.text).toMatch(
      /^<\?xml version="1.0"\?><DeleteMessageResponse xmlns="[^"]+"><ResponseMetadata><RequestId>/,
    );
  });

  it("sends a batch and reports each entry", async () => {
    const q = await createQueue();
    const answer = await queryCall(t.endpoint, {
      Action: "SendMessageBatch",
      QueueUrl: q.url,
      "SendMessageBatchRequestEntry.1.Id": "ok",
      "SendMessageBatchRequestEntry.1.MessageBody": "fine",
      "SendMessageBatchRequestEntry.2.Id": "bad",
      "SendMessageBatchRequestEntry.2.MessageBody": "\u0001",
      ...VERSION,
    });
    expect(elements(answer.text, "SendMessageBatchResultEntry")).toHaveLength(1);
    expect(answer.text).toContain(
      "<BatchResultErrorEntry><Id>bad</Id><SenderFault>true</SenderFault><Code>InvalidMessageContents</Code>",
    );
  });

  it("lists attributes and tags as Name/Value and Key/Value pairs", async () => {
    const q = await createQueue({ DelaySeconds: "3" });
    const attributes = await queryCall(t.endpoint, {
      Action: "GetQueueAttributes",
      QueueUrl: q.url,
      "AttributeName.1": "All",
      ...VERSION,
    });
    expect(attributes.text).toContain(
      "<Attribute><Name>DelaySeconds</Name><Value>3</Value></Attribute>",
    );
    await queryCall(t.endpoint, {
      Action: "TagQueue",
      QueueUrl: q.url,
      "Tag.1.Key": "team",
      "Tag.1.Value": "orders",
      ...VERSION,
    });
    const tags = await queryCall(t.endpoint, {
      Action: "ListQueueTags",
      QueueUrl: q.url,
      ...VERSION,
    });
    expect(tags.text).toContain(
      "<ListQueueTagsResult><Tag><Key>team</Key><Value>orders</Value></Tag></ListQueueTagsResult>",
    );
  });

  it("answers errors as an ErrorResponse, naming a missing queue the Query way", async () => {
    const missing = await queryCall(t.endpoint, {
      Action: "GetQueueUrl",
      QueueName: uniqueName("none"),
      ...VERSION,
    });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain(
      "<Error><Type>Sender</Type><Code>AWS.SimpleQueueService.NonExistentQueue</Code><Message>The specified queue does not exist for this wsdl version.</Message>",
    );
    const q = await createQueue();
    const unknown = await queryCall(t.endpoint, {
      Action: "GetQueueAttributes",
      QueueUrl: q.url,
      "AttributeName.1": "Foobar",
      ...VERSION,
    });
    expect(unknown.text).toContain(
      "<Code>InvalidAttributeName</Code><Message>Unknown Attribute Foobar.</Message>",
    );
    const noBody = await queryCall(t.endpoint, {
      Action: "SendMessage",
      QueueUrl: q.url,
      ...VERSION,
    });
    expect(noBody.text).toContain(
      "<Code>MissingParameter</Code><Message>The request must contain the parameter MessageBody.</Message>",
    );
    const foo = await queryCall(t.endpoint, { Action: "FooBar", ...VERSION });
    expect(foo.status).toBe(400);
    expect(foo.text).toContain(
      "<Code>InvalidAction</Code><Message>The action FooBar is not valid for this endpoint.</Message>",
    );
  });
});

describe("Query protocol on a queue's URL", () => {
  it("takes the queue from the URL, unless a QueueUrl field names another", async () => {
    const q = await createQueue();
    const other = await createQueue();
    expect(
      (await queryCall(q.url, { Action: "SendMessage", MessageBody: "foobar" }, "GET")).status,
    ).toBe(200);
    const received = await queryCall(q.url, { Action: "ReceiveMessage" }, "GET");
    expect(elements(received.text, "Body")).toEqual(["foobar"]);
    const overridden = await queryCall(
      q.url,
      { Action: "GetQueueAttributes", QueueUrl: other.url, "AttributeName.1": "QueueArn" },
      "GET",
    );
    expect(overridden.text).toContain(`:${other.name}</Value>`);
    const empty = await queryCall(other.url, { Action: "ReceiveMessage" }, "GET");
    expect(empty.text.replace(" />", "/>")).toContain("<ReceiveMessageResult/>");
  });

  it("refuses CreateQueue and ListQueues there, and answers no Action with UnknownOperationException", async () => {
    const q = await createQueue();
    const create = await queryCall(
      q.url,
      { Action: "CreateQueue", QueueName: uniqueName("query") },
      "GET",
    );
    expect(create.status).toBe(400);
    expect(create.text).toContain(
      "<Message>The action CreateQueue is not valid for this endpoint.</Message>",
    );
    const list = await queryCall(q.url, { Action: "ListQueues" }, "GET");
    expect(list.text).toContain(
      "<Message>The action ListQueues is not valid for this endpoint.</Message>",
    );
    const nothing = await queryCall(q.url, {}, "GET");
    expect(nothing.status).toBe(404);
    expect(nothing.text).toContain("<UnknownOperationException");
  });
});
