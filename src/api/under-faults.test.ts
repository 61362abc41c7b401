// The API when AWS's own services fail: over real sockets, against the embedded cloud with the
// stack deployed and faults at rate 1 for the action under test.
import { noBackoff } from "../aws/testing/no-backoff.ts";
import { eventually } from "../harness/eventually.ts";
import { createAwsApiDeps } from "./aws-deps.ts";
import { startReconciler } from "./reconciler.ts";
import { startCloudApi, type CloudApi } from "./testing/cloud-api.ts";
import { call, postJson, type Answer } from "./testing/http.ts";
import { keyboard } from "./testing/test-api.ts";

let t: CloudApi;
/** Orders whose request dies between the record and the message, as if the process had. */
const dying = new Set<string>();
let token: string;

beforeAll(async () => {
  t = await startCloudApi({
    // The claims are about what fails beyond the SDK's retries, not how long it waits between.
    clients: noBackoff,
    betweenRecordAndMessage: async (orderId) => {
      if (dying.delete(orderId)) throw new Error("the process died here");
    },
  });
  token = await t.token("alice");
}, 60_000);
afterAll(() => t.stop());
afterEach(() => t.cloud.setServiceFaults(undefined));

let counter = 0;
const order = (label: string) => ({
  order_id: `ORD-${label}-${process.pid}-${++counter}`,
  items: [keyboard],
});

function expectUnavailable(answer: Answer): void {
  expect(answer.status).toBe(503);
  expect(answer.headers["retry-after"]).toBe("2");
  expect(answer.headers["content-type"]).toBe("application/problem+json; charset=utf-8");
  expect(answer.json).toMatchObject({ type: "urn:orderflow:problem:unavailable", status: 503 });
}

const taskQueueDepth = () => {
  const q = t.cloud.inspectQueue(t.names.taskQueue)!;
  return q.ready.length + q.inflight.length + q.delayed.length;
};

/** The task function's "order priced" lines for one order: how often its invoice was written. */
function pricings(orderId: string): number {
  const group = t.cloud.logs.getGroup(`/aws/lambda/${t.names.functions.task}`);
  let n = 0;
  for (const stream of group.streams.values()) {
    for (const e of stream.events) {
      if (e.message.includes('"order priced"') && e.message.includes(`"${orderId}"`)) n += 1;
    }
  }
  return n;
}

/** Once the order is invoiced and notified: exactly one invoice, written once. */
async function invoicedOnce(orderId: string): Promise<void> {
  await eventually(
    async () => ((await t.keys(`notifications/${orderId}.json`)).length === 1 ? true : undefined),
    { timeout: "20s", what: `the notification of ${orderId}` },
  );
  expect(await t.keys(`invoices/${orderId}.json`)).toHaveLength(1);
  expect(pricings(orderId)).toBe(1);
}

describe("AWS failing beyond the SDK's retries", () => {
  test("S3 failing on every write: 503 with Retry-After, no record and no message", async () => {
    t.cloud.setServiceFaults({ s3: { PutObject: { error: 1 } } });
    const body = order("s3-down");
    expectUnavailable(await postJson(t.api.url, "/orders", body, token));
    t.cloud.setServiceFaults(undefined);
    expect(await t.keys(`orders/${body.order_id}`)).toEqual([]);
    expect(taskQueueDepth()).toBe(0);
  });

  test("SQS throttling every send: 503; the record waits and the client's retry sends its one message", async () => {
    t.cloud.setServiceFaults({ sqs: { SendMessageBatch: { throttle: 1 } } });
    const body = order("sqs-down");
    expectUnavailable(await postJson(t.api.url, "/orders", body, token));
    expect(await t.keys(`orders/${body.order_id}`)).toHaveLength(1);
    expect(taskQueueDepth()).toBe(0);
    t.cloud.setServiceFaults(undefined);
    expect((await postJson(t.api.url, "/orders", body, token)).status).toBe(202);
    await invoicedOnce(body.order_id);
  });

  test("an order's status while S3 fails to read: 503, never 500", async () => {
    const body = order("s3-read");
    expect((await postJson(t.api.url, "/orders", body, token)).status).toBe(202);
    t.cloud.setServiceFaults({ s3: { GetObject: { error: 1 } } });
    expectUnavailable(await call(t.api.url, `/orders/${body.order_id}`, { token }));
    t.cloud.setServiceFaults(undefined);
    // Its processing must not share the next test's dice.
    await invoicedOnce(body.order_id);
  });

  test("a record written but its answer cut: the SDK's retry meets the record, the API knows its own order", async () => {
    // Seed 1 at rate 0.5: the first attempt is cut after the write, the second is answered.
    t.cloud.setServiceFaults({ s3: { PutObject: { reset: 0.5 } } });
    const body = order("s3-cut");
    expect((await postJson(t.api.url, "/orders", body, token)).status).toBe(202);
    t.cloud.setServiceFaults(undefined);
    expect(t.cloud.faultCounts()).toContainEqual(
      expect.objectContaining({ action: "PutObject", kind: "reset", retriedAway: 1 }),
    );
    await invoicedOnce(body.order_id);
  });
});

describe("a crash between the order's record and its message", () => {
  test("the client's retry of the same order is accepted and the order is invoiced once", async () => {
    const body = order("crash-retry");
    dying.add(body.order_id);
    await expect(postJson(t.api.url, "/orders", body, token)).rejects.toThrow();
    expect(await t.keys(`orders/${body.order_id}`)).toHaveLength(1);
    expect(taskQueueDepth()).toBe(0);
    expect((await postJson(t.api.url, "/orders", body, token)).status).toBe(202);
    await invoicedOnce(body.order_id);
  });

  test("with no retry, the reconciler sends the message; sent again and again, the order is still invoiced once", async () => {
    const body = order("crash-alone");
    dying.add(body.order_id);
    await expect(postJson(t.api.url, "/orders", body, token)).rejects.toThrow();
    // A second API process over the same stores, with a deadline short enough for a test: it
    // sends the message again on every pass until the invoice is there.
    const deps = createAwsApiDeps({ ...t.names, clients: t.clients });
    const resent: string[] = [];
    const reconciler = startReconciler(
      deps,
      { olderThanMs: 0, intervalMs: 20 },
      (line) => {
        if (line.order_id === body.order_id) resent.push(String(line.msg));
      },
      Date.now,
    );
    try {
      await invoicedOnce(body.order_id);
    } finally {
      await reconciler.stop();
    }
    expect(resent[0]).toBe("order message sent again");
  });
});
