import { compileFilterPattern, InvalidFilterPatternError } from "./filter-pattern.ts";

const lambdaLine = (msg: string) => `2026-01-01T00:00:00.000Z\t6f1c-4d2e\tINFO\t${msg}`;

function matches(pattern: string, messages: string[]): string[] {
  const test = compileFilterPattern(pattern);
  return messages.filter((m) => test(m));
}

describe("term patterns", () => {
  const lines = [
    "ERROR timeout talking to S3",
    "WARN slow",
    "INFO order ORD-1 priced",
    "error lower case",
  ];

  it("matches everything when empty", () => {
    expect(matches("", lines)).toEqual(lines);
    expect(matches("   ", lines)).toEqual(lines);
  });

  it("needs every plain term, case-sensitively", () => {
    expect(matches("ERROR", lines)).toEqual(["ERROR timeout talking to S3"]);
    expect(matches("ERROR S3", lines)).toEqual(["ERROR timeout talking to S3"]);
    expect(matches("ERROR slow", lines)).toEqual([]);
  });

  it("needs any of the ?terms", () => {
    expect(matches("?ERROR ?WARN", lines)).toEqual(["ERROR timeout talking to S3", "WARN slow"]);
  });

  it("excludes -terms", () => {
    expect(matches("order -ERROR", lines)).toEqual(["INFO order ORD-1 priced"]);
  });

  it("matches a quoted phrase exactly, punctuation included", () => {
    expect(matches('"order ORD-1 priced"', lines)).toEqual(["INFO order ORD-1 priced"]);
    expect(matches('"ORD-1 order"', lines)).toEqual([]);
    expect(matches('"talking to" ?nothing ?S3', lines)).toEqual(["ERROR timeout talking to S3"]);
  });

  it("refuses space-delimited patterns it does not implement", () => {
    expect(() => compileFilterPattern("[ip, user]")).toThrow(InvalidFilterPatternError);
  });
});

describe("JSON patterns", () => {
  const docs = [
    JSON.stringify({
      level: "error",
      order_id: "ORD-1",
      total: 12.5,
      nested: { ok: true },
      tags: ["a"],
    }),
    JSON.stringify({ level: "info", order_id: "ORD-2", total: 99, nested: { ok: false } }),
    lambdaLine(JSON.stringify({ level: "warn", order_id: "ORD-3", total: 0, missing: null })),
    "not json at all",
  ];

  it("compares strings with = and !=", () => {
    expect(matches('{ $.level = "error" }', docs)).toEqual([docs[0]]);
    expect(matches("{ $.order_id = ORD-2 }", docs)).toEqual([docs[1]]);
    expect(matches('{ $.level != "error" }', docs)).toEqual([docs[1], docs[2]]);
  });

  it("finds JSON after a Lambda log line's prefix", () => {
    expect(matches('{ $.order_id = "ORD-3" }', docs)).toEqual([docs[2]]);
  });

  it("supports * wildcards in strings", () => {
    expect(matches('{ $.order_id = "ORD-*" }', docs)).toHaveLength(3);
    expect(matches('{ $.level = "err*" }', docs)).toEqual([docs[0]]);
  });

  it("compares numbers", () => {
    expect(matches("{ $.total > 10 }", docs)).toEqual([docs[0], docs[1]]);
    expect(matches("{ $.total <= 12.5 }", docs)).toEqual([docs[0], docs[2]]);
    expect(matches("{ $.total = 99 }", docs)).toEqual([docs[1]]);
    expect(matches("{ $.total != 99 }", docs)).toEqual([docs[0], docs[2]]);
  });

  it("combines with && and || and parentheses", () => {
    expect(matches('{ $.level = "error" || $.total = 0 }', docs)).toEqual([docs[0], docs[2]]);
    expect(matches('{ ($.level = "info" || $.level = "error") && $.total > 50 }', docs)).toEqual([
      docs[1],
    ]);
  });

  it("reads nested paths, array indexes, booleans, nulls and existence", () => {
    expect(matches("{ $.nested.ok IS TRUE }", docs)).toEqual([docs[0]]);
    expect(matches('{ $.tags[0] = "a" }', docs)).toEqual([docs[0]]);
    expect(matches("{ $.missing IS NULL }", docs)).toEqual([docs[2]]);
    expect(matches("{ $.tags EXISTS }", docs)).toEqual([docs[0]]);
    expect(matches("{ $.tags NOT EXISTS }", docs)).toEqual([docs[1], docs[2]]);
  });

  it("refuses malformed JSON patterns", () => {
    for (const bad of [
      "{ $.a = }",
      "{ level = 1 }",
      '{ $.a > "x" }',
      "{ $.a = 1",
      '{ $.a = "x }',
    ]) {
      expect(() => compileFilterPattern(bad)).toThrow(InvalidFilterPatternError);
    }
  });
});
