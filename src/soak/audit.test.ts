import { audit, type AuditInput } from "./audit.ts";
import type { PlannedOrder } from "./orders.ts";

const good = (orderId: string): PlannedOrder => ({
  orderId,
  kind: "good",
  userId: "u",
  body: "{}",
});
const poison = (orderId: string): PlannedOrder => ({
  orderId,
  kind: "poison",
  userId: "u",
  body: "{}",
});
const done = (id: string) => [
  `orders/${id}.json`,
  `invoices/${id}.json`,
  `notifications/${id}.json`,
];

function input(changes: Partial<AuditInput> = {}): AuditInput {
  return {
    plan: [good("ORD-a"), good("ORD-b"), poison("ORD-p")],
    accepted: new Set(["ORD-a", "ORD-b"]),
    refused: new Map(),
    poisonSent: new Set(["ORD-p"]),
    notSent: new Map(),
    retriedSeen: new Set(["ORD-b"]),
    keys: [...done("ORD-a"), ...done("ORD-b"), "failed/ORD-p.json"],
    failures: new Map([
      ["ORD-p", { reason: "items[0].price: must be at least 0", receiveCount: 2 }],
    ]),
    maxReceiveCount: 2,
    queuesLeft: { "task-queue": 0 },
    ...changes,
  };
}

test("a clean campaign: every order in one place, counted by path", () => {
  const result = audit(input());
  expect(result.violations).toEqual([]);
  expect(result.figures).toMatchObject({
    invoicedFirstTry: 1,
    invoicedAfterRetry: 1,
    poisonRecorded: 1,
    lost: 0,
  });
});

test("a good order dead-lettered after its whole retry budget is a legitimate end", () => {
  const keys = [...done("ORD-a"), "orders/ORD-b.json", "failed/ORD-b.json", "failed/ORD-p.json"];
  const failures = new Map(input().failures);
  failures.set("ORD-b", { reason: "the order is valid but...", receiveCount: 2 });
  const result = audit(input({ keys, failures }));
  expect(result.violations).toEqual([]);
  expect(result.figures.deadLetteredGood).toBe(1);
});

test.each([
  [
    "a lost order",
    { keys: [...done("ORD-a"), "orders/ORD-b.json", "failed/ORD-p.json"] },
    "accepted order lost",
  ],
  [
    "an order both invoiced and failed",
    { keys: [...done("ORD-a"), ...done("ORD-b"), "failed/ORD-b.json", "failed/ORD-p.json"] },
    "order both invoiced and recorded as failed",
  ],
  [
    "an invoice without its notification",
    { keys: [...done("ORD-a"), "orders/ORD-b.json", "invoices/ORD-b.json", "failed/ORD-p.json"] },
    "invoice and notification do not match",
  ],
  [
    "a good order dead-lettered after one attempt",
    {
      keys: [...done("ORD-a"), "orders/ORD-b.json", "failed/ORD-b.json", "failed/ORD-p.json"],
      failures: new Map([
        ["ORD-b", { reason: "x", receiveCount: 1 }],
        ["ORD-p", { reason: "items[0].price: must be at least 0", receiveCount: 2 }],
      ]),
    },
    "good order dead-lettered before its retry budget was spent",
  ],
  [
    "a poison order with no record",
    { keys: [...done("ORD-a"), ...done("ORD-b")] },
    "poison order has no failure record",
  ],
  [
    "a stray key",
    { keys: [...done("ORD-a"), ...done("ORD-b"), "failed/ORD-p.json", "failed/msg-123.json"] },
    "stray key",
  ],
  ["a message left in a queue", { queuesLeft: { "task-dlq": 1 } }, "queue not empty"],
  ["a refused order", { refused: new Map([["ORD-c", "503"]]) }, "order refused by the API"],
])("%s breaks the audit", (_name, changes, rule) => {
  const result = audit(input(changes as Partial<AuditInput>));
  expect(result.ok).toBe(false);
  expect(result.violations).toEqual(expect.arrayContaining([expect.stringContaining(rule)]));
});
