import { formatCents, hasAtMostTwoDecimals, parseMoney, toCents } from "./money.ts";

test("prices with up to two decimals become exact cents", () => {
  expect(toCents(349.99)).toBe(34999);
  expect(toCents(0.1)).toBe(10);
  expect(toCents(1.1)).toBe(110);
  expect(toCents(1_000_000)).toBe(100_000_000);
  expect(toCents(0)).toBe(0);
});

test("more than two decimals is refused rather than rounded", () => {
  expect(hasAtMostTwoDecimals(19.999)).toBe(false);
  expect(hasAtMostTwoDecimals(0.1 + 0.2)).toBe(false);
  expect(hasAtMostTwoDecimals(Number.NaN)).toBe(false);
  expect(hasAtMostTwoDecimals(Infinity)).toBe(false);
  expect(() => toCents(1.005)).toThrow(/at most two decimals/);
});

test("cents are shown as a decimal string with exactly two decimals", () => {
  expect(formatCents(104997)).toBe("1049.97");
  expect(formatCents(5)).toBe("0.05");
  expect(formatCents(0)).toBe("0.00");
  expect(formatCents(-5)).toBe("-0.05");
  expect(formatCents(100_000_000_000_000)).toBe("1000000000000.00");
  expect(() => formatCents(1.5)).toThrow(/whole number of cents/);
});

test("money strings parse back to cents", () => {
  expect(parseMoney("1049.97")).toBe(104997);
  expect(parseMoney("-0.05")).toBe(-5);
  expect(() => parseMoney("10.5")).toThrow(/money string/);
});

test("anything but a whole money string is refused, wherever the extra characters are", () => {
  for (const text of [
    "12.345",
    "x12.34",
    "12.34x",
    "12.3",
    "12",
    ".34",
    "+1.00",
    "1,00",
    " 1.00",
    "",
  ]) {
    expect(() => parseMoney(text)).toThrow(`"${text}" is not a money string like "12.34"`);
  }
});
