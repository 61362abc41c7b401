/** One step of offered load and the latency percentiles measured at it (ms). */
export interface CurvePoint {
  offered: number;
  p50: number;
  p95: number;
  p99: number;
  /** False when latency or backlog kept growing at this load. */
  sustained: boolean;
}

export interface ChartInput {
  title: string;
  points: CurvePoint[];
  /** The highest sustained load (orders/s), drawn as a vertical line when above 0. */
  ceiling?: number;
  /** The floor's orders/s (AWS calls alone), drawn as a second vertical line. */
  floor?: number;
}

const WIDTH = 720;
const HEIGHT = 420;
const PLOT = { left: 80, right: WIDTH - 24, top: 72, bottom: HEIGHT - 56 };
const SERIES = [
  { key: "p50", color: "#1b9e77" },
  { key: "p95", color: "#d95f02" },
  { key: "p99", color: "#7570b3" },
] as const;

/** A tick step of 1, 2 or 5 times a power of ten giving about `target` ticks over `span`. */
export function niceStep(span: number, target = 6): number {
  if (!(span > 0)) return 1;
  const raw = span / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const factor = [1, 2, 5, 10].find((f) => f * power >= raw) ?? 10;
  return factor * power;
}

/** Latency ticks for a log axis: 1, 2, 5 × each power of ten inside [lo, hi]. */
export function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const t = m * 10 ** e;
      if (t >= lo * 0.999 && t <= hi * 1.001) ticks.push(Number(t.toPrecision(6)));
    }
  }
  return ticks;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function fmt(n: number): string {
  return String(Math.round(n * 10) / 10);
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

interface Axes {
  x(v: number): number;
  y(ms: number): number;
  xTicks: number[];
  yTicks: number[];
}

function axes(input: ChartInput): Axes {
  const xs = [...input.points.map((p) => p.offered), input.ceiling ?? 0, input.floor ?? 0];
  const step = niceStep(Math.max(...xs, 1));
  const xMax = Math.ceil((Math.max(...xs, 1) * 1.05) / step) * step;
  const lats = input.points.flatMap((p) => [p.p50, p.p95, p.p99]).filter((v) => v > 0);
  const yLo = 10 ** Math.floor(Math.log10(Math.min(...lats, 10)));
  const yHi = 10 ** Math.ceil(Math.log10(Math.max(...lats, 100)));
  const span = Math.log10(yHi) - Math.log10(yLo);
  const xTicks: number[] = [];
  for (let t = 0; t <= xMax + step / 2; t += step) xTicks.push(Number(t.toPrecision(6)));
  return {
    x: (v) => PLOT.left + (v / xMax) * (PLOT.right - PLOT.left),
    // Clamp so a zero or tiny latency still sits on the axis instead of at -Infinity.
    y: (ms) =>
      PLOT.bottom -
      ((Math.log10(Math.max(ms, yLo)) - Math.log10(yLo)) / span) * (PLOT.bottom - PLOT.top),
    xTicks,
    yTicks: logTicks(yLo, yHi),
  };
}

function grid(a: Axes): string[] {
  const out: string[] = [];
  for (const t of a.yTicks) {
    const y = fmt(a.y(t));
    out.push(`<line x1="${PLOT.left}" y1="${y}" x2="${PLOT.right}" y2="${y}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${PLOT.left - 8}" y="${y}" text-anchor="end" dy="4">${formatMs(t)}</text>`);
  }
  for (const t of a.xTicks) {
    const x = fmt(a.x(t));
    out.push(
      `<line x1="${x}" y1="${PLOT.bottom}" x2="${x}" y2="${PLOT.bottom + 5}" stroke="#333"/>`,
    );
    out.push(`<text x="${x}" y="${PLOT.bottom + 20}" text-anchor="middle">${t}</text>`);
  }
  out.push(
    `<polyline points="${PLOT.left},${PLOT.top} ${PLOT.left},${PLOT.bottom} ${PLOT.right},${PLOT.bottom}" fill="none" stroke="#333"/>`,
  );
  return out;
}

function series(a: Axes, points: CurvePoint[]): string[] {
  const out: string[] = [];
  for (const { key, color } of SERIES) {
    const coords = points.map((p) => `${fmt(a.x(p.offered))},${fmt(a.y(p[key]))}`);
    out.push(
      `<polyline class="${key}" points="${coords.join(" ")}" fill="none" stroke="${color}" stroke-width="2"/>`,
    );
    for (const p of points) {
      // Hollow markers flag loads the pipeline could not sustain.
      const fill = p.sustained ? color : "#fff";
      out.push(
        `<circle cx="${fmt(a.x(p.offered))}" cy="${fmt(a.y(p[key]))}" r="3.5" fill="${fill}" stroke="${color}"/>`,
      );
    }
  }
  return out;
}

function marker(a: Axes, value: number, label: string, dash: string): string[] {
  const x = fmt(a.x(value));
  return [
    `<line class="marker" x1="${x}" y1="${PLOT.top}" x2="${x}" y2="${PLOT.bottom}" stroke="#444" stroke-dasharray="${dash}"/>`,
    `<text x="${x}" y="${PLOT.top - 6}" text-anchor="middle">${escapeXml(label)}</text>`,
  ];
}

/** One row between the title and the plot, so it never covers a point. */
function legend(): string[] {
  return SERIES.flatMap(({ key, color }, i) => {
    const x = PLOT.left + i * 90;
    const y = 44;
    return [
      `<line x1="${x}" y1="${y}" x2="${x + 24}" y2="${y}" stroke="${color}" stroke-width="2"/>`,
      `<text x="${x + 30}" y="${y + 4}">${key}</text>`,
    ];
  });
}

/** Latency percentiles against offered load, with the throughput ceiling as a vertical line. */
export function renderLatencyChart(input: ChartInput): string {
  const points = [...input.points].sort((p, q) => p.offered - q.offered);
  const a = axes({ ...input, points });
  const body = [
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15">${escapeXml(input.title)}</text>`,
    ...grid(a),
    ...series(a, points),
    // A ceiling of 0 (no step sustained) would sit on the axis and read as a figure.
    ...(input.ceiling !== undefined && input.ceiling > 0
      ? marker(a, input.ceiling, `ceiling ${Math.round(input.ceiling)}/s`, "6 4")
      : []),
    ...(input.floor !== undefined
      ? marker(a, input.floor, `floor ${Math.round(input.floor)}/s`, "2 3")
      : []),
    ...legend(),
    `<text x="${(PLOT.left + PLOT.right) / 2}" y="${HEIGHT - 14}" text-anchor="middle">offered load (orders/s); hollow = not sustained</text>`,
    `<text transform="translate(16 ${(PLOT.top + PLOT.bottom) / 2}) rotate(-90)" text-anchor="middle">latency, submit → invoice in S3 (log scale)</text>`,
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    ...body.map((line) => `  ${line}`),
    `</svg>`,
    "",
  ].join("\n");
}
