// Orders and the SQS events that carry them to a handler, as the event source builds them.

let counter = 0;

/** A fresh order ID per call, so tests never see each other's objects. */
export function orderId(label: string): string {
  counter += 1;
  return `ORD-${label}-${process.pid}-${counter}`;
}

export function orderBody(id: string, price = 349.99, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    order_id: id,
    user_id: "alice",
    items: [{ name: "Keyboard", price, quantity: 3 }],
    promo_code: "SAVE10",
    submitted_at: "2026-01-31T12:00:00Z",
    ...extra,
  });
}

export function record(
  body: string,
  messageId = `m-${++counter}`,
  attributes: Record<string, string> = {},
) {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: { ApproximateReceiveCount: "1", SentTimestamp: "1769860800000", ...attributes },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:task-queue",
    awsRegion: "us-east-1",
  };
}

export function sqsEvent(...records: ReturnType<typeof record>[]) {
  return { Records: records };
}
