import { median, percentile, round, summarize } from "./stats.ts";

describe("median", () => {
  it("takes the middle of an odd sample regardless of order", () => {
    expect(median([5, 1, 3])).toBe(3);
  });

  it("averages the two middle values of an even sample", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("refuses an empty sample instead of inventing a figure", () => {
    expect(() => median([])).toThrow("median of an empty sample");
  });

  it("refuses NaN so a broken measurement cannot hide in a median", () => {
    expect(() => median([1, Number.NaN])).toThrow("non-finite");
  });
});

describe("percentile (nearest rank)", () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it("returns the value at the rank for 1..100", () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
  });

  it("returns an observed value for small samples", () => {
    expect(percentile([10, 20, 30], 50)).toBe(20);
    expect(percentile([10, 20, 30], 99)).toBe(30);
    expect(percentile([7], 1)).toBe(7);
  });

  it("rejects a percentile outside (0, 100]", () => {
    expect(() => percentile([1], 0)).toThrow("(0, 100]");
    expect(() => percentile([1], 101)).toThrow("(0, 100]");
  });
});

describe("summarize", () => {
  it("reports count, extremes, mean and the three percentiles", () => {
    expect(summarize([3, 1, 2, 4])).toEqual({
      count: 4,
      min: 1,
      max: 4,
      mean: 2.5,
      p50: 2,
      p95: 4,
      p99: 4,
    });
  });
});

describe("round", () => {
  it("keeps two decimals by default and more when asked", () => {
    expect(round(1.23456)).toBe(1.23);
    expect(round(1.23456, 3)).toBe(1.235);
    expect(round(1000)).toBe(1000);
  });
});
