/** One line of the printed results table. */
export interface Row {
  name: string;
  value: number | string;
  unit: string;
  target?: string;
  note?: string;
}

function cell(v: number | string | undefined): string {
  if (v === undefined) return "";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toFixed(2);
  return v;
}

/** A plain-text table whose columns line up in a terminal and in a Markdown code block. */
export function formatTable(rows: readonly Row[]): string {
  const header = ["measure", "median", "unit", "target", "note"];
  const body = rows.map((r) => [r.name, cell(r.value), r.unit, cell(r.target), cell(r.note)]);
  const all = [header, ...body];
  const widths = header.map((_, c) => Math.max(...all.map((line) => line[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((text, c) => (c === 1 ? text.padStart(widths[c]!) : text.padEnd(widths[c]!)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(header), rule, ...body.map(line)].join("\n");
}

/** The same rows as a Markdown table, for the performance docs. */
export function formatMarkdown(rows: readonly Row[]): string {
  const head = "| measure | median | unit | target | note |\n|---|---:|---|---|---|";
  const body = rows.map(
    (r) => `| ${r.name} | ${cell(r.value)} | ${r.unit} | ${cell(r.target)} | ${cell(r.note)} |`,
  );
  return [head, ...body].join("\n");
}
