import fc from "fast-check";
import { compileFilterPattern } from "./filter-pattern.ts";

// Words without quotes, spaces or the ?/- prefixes, so they stay single plain terms.
const word = fc.stringMatching(/^[A-Za-z0-9_.:]{1,8}$/);
const text = fc.string({ maxLength: 40 });
const fieldName = fc.stringMatching(/^k[A-Za-z0-9_]{0,8}$/);

describe("filter pattern laws", () => {
  it("a quoted phrase matches exactly the messages that contain it", () => {
    fc.assert(
      fc.property(text, fc.stringMatching(/^[^"\\]{1,10}$/), (message, phrase) => {
        const matches = compileFilterPattern(`"${phrase}"`);
        expect(matches(message)).toBe(message.includes(phrase));
        expect(compileFilterPattern(`"${phrase}"`)(`before ${phrase} after`)).toBe(true);
      }),
    );
  });

  it("?a ?b is a OR b, and a b is a AND b", () => {
    fc.assert(
      fc.property(text, word, word, (message, a, b) => {
        const has = (t: string) => compileFilterPattern(t)(message);
        expect(compileFilterPattern(`?${a} ?${b}`)(message)).toBe(has(a) || has(b));
        expect(compileFilterPattern(`${a} ${b}`)(message)).toBe(has(a) && has(b));
        expect(compileFilterPattern(`${a} -${b}`)(message)).toBe(has(a) && !has(b));
      }),
    );
  });

  it("a JSON equality pattern matches the document it was made from", () => {
    fc.assert(
      fc.property(
        fieldName,
        fc.oneof(word, fc.integer({ min: -1000, max: 1000 })),
        (key, value) => {
          const doc = JSON.stringify({ [key]: value, other: "x" });
          const literal = typeof value === "number" ? String(value) : `"${value}"`;
          expect(compileFilterPattern(`{ $.${key} = ${literal} }`)(doc)).toBe(true);
          expect(compileFilterPattern(`{ $.${key} != ${literal} }`)(doc)).toBe(false);
        },
      ),
    );
  });
});
