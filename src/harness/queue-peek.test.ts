import { parseLocalstackMessages } from "./queue-peek.ts";

// Shapes as LocalStack's own tests of its developer endpoint record them
// (tests/aws/services/sqs/test_sqs_developer_api.py): XML turned into JSON.
describe("parseLocalstackMessages", () => {
  test("reads several messages with their receive count and visibility", () => {
    const doc = {
      ReceiveMessageResponse: {
        ReceiveMessageResult: {
          Message: [
            {
              MessageId: "m1",
              Body: '{"order_id":"ORD-1"}',
              MD5OfBody: "x",
              Attribute: [
                { Name: "ApproximateReceiveCount", Value: "2" },
                { Name: "IsVisible", Value: "false" },
              ],
            },
            {
              MessageId: "m2",
              Body: "b",
              Attribute: [
                { Name: "ApproximateReceiveCount", Value: "0" },
                { Name: "IsDelayed", Value: "true" },
              ],
            },
          ],
        },
      },
    };
    expect(parseLocalstackMessages(doc)).toEqual([
      { messageId: "m1", body: '{"order_id":"ORD-1"}', receiveCount: 2, state: "inflight" },
      { messageId: "m2", body: "b", receiveCount: 0, state: "delayed" },
    ]);
  });

  test("reads a single message, which comes as an object rather than a list", () => {
    const doc = {
      ReceiveMessageResponse: {
        ReceiveMessageResult: {
          Message: {
            MessageId: "m1",
            Body: "b",
            Attribute: { Name: "ApproximateReceiveCount", Value: "1" },
          },
        },
      },
    };
    expect(parseLocalstackMessages(doc)).toEqual([
      { messageId: "m1", body: "b", receiveCount: 1, state: "ready" },
    ]);
  });

  test("reads an empty queue", () => {
    expect(
      parseLocalstackMessages({ ReceiveMessageResponse: { ReceiveMessageResult: null } }),
    ).toEqual([]);
    expect(
      parseLocalstackMessages({
        ReceiveMessageResponse: { ReceiveMessageResult: { Message: null } },
      }),
    ).toEqual([]);
  });
});
