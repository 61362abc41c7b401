import { logTicks, niceStep, renderLatencyChart } from "./chart.ts";

describe("niceStep", () => {
  it("picks 1, 2 or 5 times a power of ten", () => {
    expect(niceStep(600)).toBe(100);
    expect(niceStep(1000)).toBe(200);
    expect(niceStep(25)).toBe(5);
    expect(niceStep(0)).toBe(1);
  });
});

describe("logTicks", () => {
  it("lists 1-2-5 ticks inside the range", () => {
    expect(logTicks(1, 100)).toEqual([1, 2, 5, 10, 20, 50, 100]);
    expect(logTicks(10, 1000)).toEqual([10, 20, 50, 100, 200, 500, 1000]);
  });
});

describe("renderLatencyChart", () => {
  const points = [
    { offered: 400, p50: 12, p95: 40, p99: 90, sustained: true },
    { offered: 200, p50: 8, p95: 20, p99: 45, sustained: true },
    { offered: 600, p50: 300, p95: 2000, p99: 4000, sustained: false },
  ];
  const svg = renderLatencyChart({ title: "a <b> & c", points, ceiling: 400, floor: 590 });

  it("draws one line per percentile, through the points in load order", () => {
    const p50 = svg.match(/<polyline class="p50" points="([^"]+)"/)![1]!.split(" ");
    expect(p50).toHaveLength(3);
    const xs = p50.map((pair) => Number(pair.split(",")[0]));
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(svg).toContain('class="p95"');
    expect(svg).toContain('class="p99"');
  });

  it("draws higher latency higher up (smaller y)", () => {
    const y = (cls: string) =>
      Number(svg.match(new RegExp(`class="${cls}" points="[^,]+,([^ "]+)`))![1]);
    expect(y("p99")).toBeLessThan(y("p95"));
    expect(y("p95")).toBeLessThan(y("p50"));
  });

  it("marks the ceiling and the floor, and hollows unsustained points", () => {
    expect(svg).toContain("ceiling 400/s");
    expect(svg).toContain("floor 590/s");
    expect(svg.match(/class="marker"/g)).toHaveLength(2);
    expect(svg.match(/fill="#fff" stroke="#1b9e77"/g)).toHaveLength(1);
  });

  it("escapes the title and never prints NaN", () => {
    expect(svg).toContain("a &#60;b&#62; &#38; c");
    expect(svg).not.toContain("NaN");
    expect(svg.startsWith("<svg")).toBe(true);
  });

  it("leaves out a ceiling of 0: no step was sustained", () => {
    const none = renderLatencyChart({ title: "t", points, ceiling: 0 });
    expect(none).not.toContain("ceiling");
  });

  it("copes with a single point and zero latency", () => {
    const one = renderLatencyChart({
      title: "one",
      points: [{ offered: 100, p50: 0, p95: 1, p99: 2, sustained: true }],
    });
    expect(one).not.toContain("NaN");
    expect(one).not.toContain("Infinity");
  });
});
