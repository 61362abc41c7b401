/**
 * Money is an integer number of US cents everywhere inside orderflow. Only the edges see
 * decimals: client input prices are JSON numbers with at most two decimals, and everything
 * orderflow writes (invoices, notifications, API answers) shows a decimal string such as
 * "1049.97", because a string cannot be re-rounded by a JSON parser on the way.
 */

/** Largest unit price a client may send, in dollars. */
export const MAX_PRICE = 1_000_000;

/**
 * True when `n` has at most two decimals. A JSON number like 19.99 parses to the double
 * nearest to 19.99; multiplying by 100 and rounding gives 1999, and 1999 / 100 is that same
 * double again. A value with more precision (19.999, 0.1 + 0.2) does not survive the trip.
 */
export function hasAtMostTwoDecimals(n: number): boolean {
  return Number.isFinite(n) && Math.round(n * 100) / 100 === n;
}

/** Exact for any finite number with at most two decimals (see hasAtMostTwoDecimals). */
export function toCents(n: number): number {
  if (!hasAtMostTwoDecimals(n)) {
    throw new RangeError(`${n} is not an amount with at most two decimals`);
  }
  return Math.round(n * 100);
}

/** The JSON number a client would send for `cents` (used when re-emitting a price). */
export function centsToNumber(cents: number): number {
  return cents / 100;
}

/** 104997 -> "1049.97"; -5 -> "-0.05". Integer arithmetic only, so no float drift. */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) {
    throw new RangeError(`${cents} is not a whole number of cents`);
  }
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100);
  const rest = abs % 100;
  return `${sign}${units}.${rest.toString().padStart(2, "0")}`;
}

/** Inverse of formatCents, for readers of our own documents: "1049.97" -> 104997. */
export function parseMoney(text: string): number {
  const match = /^(-?)(\d+)\.(\d{2})$/.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a money string like "12.34"`);
  const [, sign, units, rest] = match;
  const cents = Number(units) * 100 + Number(rest);
  return sign === "-" ? -cents : cents;
}
