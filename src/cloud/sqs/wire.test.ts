// The JSON protocol's wire details that SDKs rely on without showing them: request ids,
// error bodies and the x-amzn-query-error header. Runs against CLOUD_ENDPOINT when it is set.
import { jsonCall } from "./testing/raw-requests.ts";
import { sqsSuite, uniqueName } from "./testing/sqs-target.ts";

const t = sqsSuite();

describe("JSON protocol", () => {
  it("answers with a request id and the JSON content type", async () => {
    const ok = await jsonCall(t.endpoint, "ListQueues", { QueueNamePrefix: uniqueName("none") });
    expect(ok.status).toBe(200);
    expect(ok.headers["x-amzn-requestid"]).toMatch(/^[\w-]{20,}$/);
    expect(ok.headers["content-type"]).toBe("application/x-amz-json-1.0");
    expect(JSON.parse(ok.text)).toEqual({});
  });

  it("names an error by __type and repeats its classic code in x-amzn-query-error", async () => {
    const missing = await jsonCall(t.endpoint, "GetQueueUrl", { QueueName: uniqueName("none") });
    expect(missing.status).toBe(400);
    expect(missing.headers["x-amzn-requestid"]).toBeDefined();
    expect(missing.headers["x-amzn-query-error"]).toBe(
      "AWS.SimpleQueueService.NonExistentQueue;Sender",
    );
    expect(JSON.parse(missing.text)).toEqual({
      __type: "com.amazonaws.sqs#QueueDoesNotExist",
      message: "The specified queue does not exist.",
    });
    const q = await t.queue("wire");
    const invalid = await jsonCall(t.endpoint, "ReceiveMessage", {
      QueueUrl: q.url,
      MaxNumberOfMessages: 11,
    });
    expect(invalid.headers["x-amzn-query-error"]).toBe("InvalidParameterValue;Sender");
    expect(JSON.parse(invalid.text).__type).toBe(
      "com.amazon.coral.service#InvalidParameterValueException",
    );
  });

  it("refuses an action SQS does not have, and a body that is not JSON", async () => {
    const unknown = await jsonCall(t.endpoint, "FooBar", {});
    expect(unknown.status).toBe(400);
    expect(unknown.headers["x-amzn-query-error"]).toBe("InvalidAction;Sender");
    expect(JSON.parse(unknown.text).message).toBe(
      "The action FooBar is not valid for this endpoint.",
    );
    const garbled = await jsonCall(t.endpoint, "ListQueues", "{not json");
    expect(garbled.status).toBe(400);
    expect(JSON.parse(garbled.text).__type).toMatch(/SerializationException$/);
  });

  it("serves a JSON request sent to the queue's own URL", async () => {
    const q = await t.queue("on-url");
    const sent = await jsonCall(
      t.endpoint,
      "SendMessage",
      { QueueUrl: q.url, MessageBody: "x" },
      new URL(q.url).pathname,
    );
    expect(sent.status).toBe(200);
    expect(sent.headers["content-type"]).toBe("application/x-amz-json-1.0");
    expect(JSON.parse(sent.text).MD5OfMessageBody).toBe("9dd4e461268c8034f5c8564e155c67a6");
  });
});
