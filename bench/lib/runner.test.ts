import { medianFigures, repeat } from "./runner.ts";

describe("medianFigures", () => {
  it("takes the median of each figure across runs", () => {
    expect(
      medianFigures([
        { ms: 10, rps: 100 },
        { ms: 30, rps: 300 },
        { ms: 20, rps: 200 },
      ]),
    ).toEqual({ ms: 20, rps: 200 });
  });

  it("uses only the runs that reported a figure", () => {
    expect(medianFigures([{ a: 1 }, { a: 3, b: 7 }])).toEqual({ a: 2, b: 7 });
  });
});

describe("repeat", () => {
  it("runs sequentially the requested number of times and reports the medians", async () => {
    const seen: number[] = [];
    let active = 0;
    let maxActive = 0;
    const lines: string[] = [];
    const result = await repeat(
      "demo",
      5,
      async (i) => {
        active++;
        maxActive = Math.max(maxActive, active);
        await Promise.resolve();
        seen.push(i);
        active--;
        return { value: i * 10 };
      },
      (line) => lines.push(line),
    );
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(maxActive).toBe(1);
    expect(result.median).toEqual({ value: 20 });
    expect(result.runs).toHaveLength(5);
    expect(JSON.parse(lines[0]!)).toEqual({ bench: "demo", run: 1, of: 5, figures: { value: 0 } });
  });

  it("refuses a run count below one", async () => {
    await expect(repeat("demo", 0, async () => ({}))).rejects.toThrow("runs must be ≥ 1");
  });
});
