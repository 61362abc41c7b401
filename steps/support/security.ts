import { linesFromWords } from "../../src/harness/order-words.ts";
import { given, then, when, world } from "./steps.ts";

given("a customer who has not signed in", () => world.tokens.use(null));

given("a customer whose token has expired", async () =>
  world.tokens.use(await world.tokens.expired()),
);

given("a customer holding a token signed with another key", async () =>
  world.tokens.use(await world.tokens.signedElsewhere()),
);

then("the order is refused as unauthenticated", () => world.orders.expectUnauthenticated());

given("another customer has placed an order", () =>
  world.orders.place(linesFromWords("a laptop and two mice"), { as: world.otherCustomer }),
);

when("the customer asks for the other customer's order", () => world.orders.lookUp(world.orderId));

then("the answer is that no such order exists", () => world.orders.expectRefused(404));
