import { readBatchItemFailures, toRecord } from "./sqs-records.ts";

const ids = ["m1", "m2", "m3"];

test.each([
  ["null", "null"],
  ["an empty object", "{}"],
  ["a null list", '{"batchItemFailures":null}'],
  ["an empty list", '{"batchItemFailures":[]}'],
  ["a plain string answer", '"done"'],
])("%s means the whole batch succeeded", (_label, payload) => {
  expect(readBatchItemFailures(payload, ids)).toEqual({ kind: "all-succeeded" });
});

test.each([
  ["invalid JSON", "{oops"],
  ["a list that is not a list", '{"batchItemFailures":"m1"}'],
  ["an unknown identifier", '{"batchItemFailures":[{"itemIdentifier":"m9"}]}'],
  ["an empty identifier", '{"batchItemFailures":[{"itemIdentifier":""}]}'],
  ["a null identifier", '{"batchItemFailures":[{"itemIdentifier":null}]}'],
  ["a bad key name", '{"batchItemFailures":[{"itemId":"m1"}]}'],
  ["a null entry", '{"batchItemFailures":[null]}'],
])("%s fails the whole batch", (_label, payload) => {
  expect(readBatchItemFailures(payload, ids).kind).toBe("all-failed");
});

test("listed identifiers, and only those, failed", () => {
  const verdict = readBatchItemFailures(
    '{"batchItemFailures":[{"itemIdentifier":"m2"},{"itemIdentifier":"m3"}]}',
    ids,
  );
  expect(verdict).toEqual({ kind: "some-failed", failed: new Set(["m2", "m3"]) });
});

test("a message becomes a record with Lambda's field names and defaults", () => {
  const record = toRecord(
    {
      MessageId: "id-1",
      ReceiptHandle: "rh",
      Body: "hello",
      MD5OfBody: "5d41402abc4b2a76b9719d911017c592",
      Attributes: {
        ApproximateReceiveCount: "2",
        SentTimestamp: "1",
        SenderId: "000000000000",
        ApproximateFirstReceiveTimestamp: "2",
      },
      MessageAttributes: {
        tags: { DataType: "String", StringListValues: ["a"] },
        raw: { DataType: "Binary", BinaryValue: new Uint8Array([255]) },
      },
      MD5OfMessageAttributes: "abc",
    },
    "arn:aws:sqs:us-east-1:000000000000:q",
    "us-east-1",
  );
  expect(record).toEqual({
    messageId: "id-1",
    receiptHandle: "rh",
    body: "hello",
    attributes: {
      ApproximateReceiveCount: "2",
      SentTimestamp: "1",
      SenderId: "000000000000",
      ApproximateFirstReceiveTimestamp: "2",
    },
    messageAttributes: {
      tags: { stringListValues: ["a"], binaryListValues: [], dataType: "String" },
      raw: { binaryValue: "/w==", stringListValues: [], binaryListValues: [], dataType: "Binary" },
    },
    md5OfMessageAttributes: "abc",
    md5OfBody: "5d41402abc4b2a76b9719d911017c592",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:q",
    awsRegion: "us-east-1",
  });
});
