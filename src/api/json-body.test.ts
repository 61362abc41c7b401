import { MAX_JSON_DEPTH, checkStructure, isJsonContentType } from "./json-body.ts";

test.each([
  ["application/json", true],
  ["Application/JSON; charset=UTF-8", true],
  ['application/json; charset="utf-8"', true],
  ["application/problem+json", true],
  ["application/json; charset=iso-8859-1", false],
  ["text/json", false],
  ["application/jsonp", false],
  ["multipart/form-data; boundary=x", false],
  [undefined, false],
])("content type %j is JSON: %s", (header, expected) => {
  expect(isJsonContentType(header)).toBe(expected);
});

test("repeated keys are found at any depth, escapes decoded", () => {
  expect(checkStructure('{"a":1,"b":{"c":1,"c":2}}')).toBe('the body repeats the key "c"');
  expect(checkStructure('{"a":1,"\\u0061":2}')).toBe('the body repeats the key "a"');
  expect(checkStructure('{"a":"a","b":["a","a"],"c":{"a":1}}')).toBeUndefined();
  expect(checkStructure('[{"a":1},{"a":1}]')).toBeUndefined();
  expect(checkStructure('{"k\\"":1,"k":2}')).toBeUndefined();
});

test("nesting is allowed up to the limit", () => {
  const nested = (n: number) => "[".repeat(n) + "]".repeat(n);
  expect(checkStructure(nested(MAX_JSON_DEPTH))).toBeUndefined();
  expect(checkStructure(nested(MAX_JSON_DEPTH + 1))).toMatch(/nested deeper than 32/);
});
