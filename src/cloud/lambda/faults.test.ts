import { createFaultDice, seededRandom } from "./faults.ts";

test("the same seed replays the same dice", () => {
  const a = seededRandom(42);
  const b = seededRandom(42);
  const c = seededRandom(43);
  const first = Array.from({ length: 20 }, () => a());
  expect(Array.from({ length: 20 }, () => b())).toEqual(first);
  expect(Array.from({ length: 20 }, () => c())).not.toEqual(first);
  expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
});

test("rates decide: 0 never strikes, 1 always does, and faults strike within the timeout", () => {
  const none = createFaultDice(undefined);
  const crash = createFaultDice({ crashRate: 1, seed: 1 });
  const timeout = createFaultDice({ timeoutRate: 1, seed: 1 });
  const duplicate = createFaultDice({ duplicateRate: 1 });
  for (let i = 0; i < 50; i++) {
    expect(none.invocation(3000)).toBeUndefined();
    expect(none.duplicate()).toBe(false);
    const struck = crash.invocation(50);
    expect(struck?.kind).toBe("crash");
    expect(struck?.afterMs).toBeLessThan(50);
    expect(timeout.invocation(3000)?.kind).toBe("timeout");
    expect(duplicate.duplicate()).toBe(true);
  }
});

test("a rate of 0.3 strikes about 30% of the time", () => {
  const dice = createFaultDice({ crashRate: 0.3, seed: 9 });
  const struck = Array.from({ length: 2000 }, () => dice.invocation(1000)).filter(Boolean).length;
  expect(struck).toBeGreaterThan(500);
  expect(struck).toBeLessThan(700);
});
