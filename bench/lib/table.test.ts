import { formatMarkdown, formatTable } from "./table.ts";

describe("formatTable", () => {
  it("aligns columns and right-aligns the figures", () => {
    const text = formatTable([
      { name: "cold start", value: 512.345, unit: "ms", target: "< 1000" },
      { name: "throughput", value: 620, unit: "orders/s" },
    ]);
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^measure\s+median\s+unit\s+target\s+note$/);
    expect(lines[1]).toMatch(/^-+ {2}-+/);
    expect(lines[2]).toMatch(/^cold start\s+512\.35 {2}ms\s+< 1000$/);
    expect(lines[3]).toMatch(/^throughput\s+620 {2}orders\/s$/);
    expect(lines[2]!.indexOf("512.35") + "512.35".length).toBe(lines[3]!.indexOf("620") + 3);
  });
});

describe("formatMarkdown", () => {
  it("writes one Markdown row per figure", () => {
    expect(formatMarkdown([{ name: "a", value: 1.5, unit: "ms", note: "n" }])).toBe(
      "| measure | median | unit | target | note |\n|---|---:|---|---|---|\n| a | 1.50 | ms |  | n |",
    );
  });
});
