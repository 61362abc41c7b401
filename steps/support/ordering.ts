import { linesFromWords } from "../../src/harness/order-words.ts";
import { given, then, when, world } from "./steps.ts";

given("a signed-in customer", () => world.tokens.signIn());

when(/^the customer orders (.+?)(?: with (?:no promo code|promo code (\S+)))?$/, (words, code) =>
  world.orders.place(linesFromWords(words as string), code ? { promoCode: code } : {}),
);

then("the order is accepted and queued", () => world.orders.expectAccepted());

then("an invoice appears with these lines:", async (table) =>
  world.invoices.expectLines(table as unknown as Record<string, string>[]),
);

then(
  /^the invoice shows a subtotal of (\S+), a discount of (\S+) and a total of (\S+)$/,
  (subtotal, discount, total) => world.invoices.expectAmounts({ subtotal, discount, total }),
);

then(/^the customer is notified that the order totals (\S+)$/, async (total) =>
  expect((await world.notifications.expectSent()).json).toMatchObject({
    order_id: world.orderId,
    total,
  }),
);

then(/^the order's status becomes PROCESSED with a total of (\S+)$/, (total) =>
  world.orders.expectStatus("PROCESSED", { total }),
);

then(/^the order is refused because the promo code "(\S+)" is unknown$/, (code) =>
  world.orders.expectRefused(400, `unknown promo code \\"${code}\\"`),
);

then("no invoice exists for it", () => world.expectNoInvoice());

when(/^the customer submits an order with (.+)$/, (problem) => world.orders.submitInvalid(problem));

then(/^the order is rejected as invalid, naming the field (\S+)$/, (field) =>
  world.orders.expectInvalid(field),
);

given("the customer's order of a laptop and two mice has been invoiced", async () => {
  await world.orders.place(linesFromWords("a laptop and two mice"));
  await world.invoices.expectPresentAndRemember();
});

when("the same order is delivered to the task function again", () =>
  world.producerBypassingTheApi.redeliver(),
);

then("the task function has handled the order twice", () => world.taskFunction.expectAttempts(2));

then("there is still exactly one invoice for the order, unchanged", () =>
  world.invoices.expectExactlyOneUnchanged(),
);

then("the customer was notified exactly once", () => world.notifications.expectExactlyOnce());
