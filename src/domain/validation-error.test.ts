import * as z from "zod";
import { ValidationError, formatPath, fromZodIssues, plainErrors } from "./validation-error.ts";

function issuesOf(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input, { error: plainErrors });
  if (result.success) throw new Error("expected a rejection");
  return fromZodIssues(result.error.issues);
}

test("a path reads like the JavaScript that would reach the value", () => {
  expect(formatPath(["items", 2, "price"])).toBe("items[2].price");
  expect(formatPath([0, "name"])).toBe("[0].name");
  expect(formatPath(["_ok$", "a b", "1x", ""])).toBe('_ok$["a b"]["1x"][""]');
  expect(formatPath([Symbol("s")])).toBe('["Symbol(s)"]');
  expect(formatPath([])).toBe("");
});

test("messages for the checks our schemas do not use yet are plain too", () => {
  expect(issuesOf(z.email(), "x")).toEqual([{ path: "", message: "must be a valid email" }]);
  expect(issuesOf(z.literal("USD"), "EUR")).toEqual([
    { path: "", message: 'must be one of "USD"' },
  ]);
  expect(issuesOf(z.enum(["a", "b"]), "c")).toEqual([
    { path: "", message: 'must be one of "a", "b"' },
  ]);
  expect(issuesOf(z.string().max(1), "ab")).toEqual([
    { path: "", message: "must be at most 1 character" },
  ]);
  expect(issuesOf(z.string().min(3), "ab")).toEqual([
    { path: "", message: "must be at least 3 characters" },
  ]);
  expect(issuesOf(z.array(z.number()).max(2), [1, 2, 3])).toEqual([
    { path: "", message: "must have at most 2 items" },
  ]);
});

test("one issue per path: the first check that failed", () => {
  const price = z.object({
    price: z
      .number()
      .min(0)
      .refine((n) => Number.isInteger(n)),
  });
  expect(issuesOf(price, { price: -1.5 })).toEqual([
    { path: "price", message: "must be at least 0" },
  ]);
});

test("the safe-integer bound is dropped beside our own bound, and kept when it is all there is", () => {
  const bounded = z.object({ n: z.number().int().max(10) });
  expect(issuesOf(bounded, { n: 2 ** 60 })).toEqual([{ path: "n", message: "must be at most 10" }]);
  const unbounded = z.object({ a: z.object({ n: z.number().int(), m: z.string() }) });
  expect(issuesOf(unbounded, { a: { n: 2 ** 60, m: 1 } })).toEqual([
    { path: "a.n", message: "must be at most 9007199254740991" },
    { path: "a.m", message: "must be a string" },
  ]);
});

test("the error's message names the first three issues and counts the rest", () => {
  const issue = (n: number) => ({ path: `f${n}`, message: "is wrong" });
  expect(new ValidationError([issue(1), issue(2), issue(3)]).message).toBe(
    "f1: is wrong; f2: is wrong; f3: is wrong",
  );
  expect(new ValidationError([1, 2, 3, 4, 5].map(issue)).message).toBe(
    "f1: is wrong; f2: is wrong; f3: is wrong (and 2 more)",
  );
  expect(new ValidationError([{ path: "", message: "must be an object" }]).message).toBe(
    "must be an object",
  );
  expect(new ValidationError([]).name).toBe("ValidationError");
});
