import { goodLines, poisonLines } from "../../src/harness/order-samples.ts";
import { given, then, when, world } from "./steps.ts";

given("a producer bypassing the API queues an order with a negative price", () =>
  world.producerBypassingTheApi.queue(poisonLines(), "poison"),
);

given(
  "a producer bypassing the API queues three good orders and one with a negative price together",
  () =>
    world.producerBypassingTheApi.queueTogether([
      { lines: goodLines(), role: "good" },
      { lines: poisonLines(), role: "poison" },
      { lines: goodLines(), role: "good" },
      { lines: goodLines(), role: "good" },
    ]),
);

when("the task function has tried it twice", () => world.taskFunction.expectAttempts(2));

then(/^it is recorded for manual review with the reason "(.+)"$/, async (reason) =>
  expect((await world.failures.expectRecorded()).json).toMatchObject({
    order_id: world.orderId,
    reason,
  }),
);

then("the task function tried it exactly twice", () => world.taskFunction.expectAttemptsInAll(2));

then(/^its status is FAILED with the reason "(.+)"$/, (reason) =>
  world.orders.expectStatus("FAILED", { reason }),
);

then("the dead-letter statistics count it as recorded for review", () =>
  world.dlq.expectOneMore("recorded_for_review"),
);

given("the dead-letter processor is paused", () => world.dlqProcessor.pause());

when("the dead-letter processor is resumed", () => world.dlqProcessor.resume());

then("the order waits in the dead-letter queue, received twice", async () =>
  expect(await world.dlq.expectHolding()).toMatchObject({ receiveCount: 2 }),
);

then("the dead-letter statistics show a message waiting", () => world.dlq.expectOneMore("waiting"));

then("it is not recorded for review while the processor is paused", async () => {
  await world.dlq.expectHolding();
  await world.dlqProcessor.expectPaused();
  await world.failures.expectNone();
});

then("the dead-letter queue no longer holds it", () => world.dlq.expectNotHolding());

then("each good order is invoiced after a single attempt", () =>
  world.expectEach("good", async (id) => {
    await world.invoices.expectPresent(id);
    await world.taskFunction.expectAttemptsInAll(1, id);
  }),
);

then("the order with the negative price is recorded for manual review", () =>
  world.failures.expectRecorded(world.ordersIn("poison")[0]),
);

then("no invoice exists for the order with the negative price", () =>
  world.expectNoInvoice(world.ordersIn("poison")[0]),
);
