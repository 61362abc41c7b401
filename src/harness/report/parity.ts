// Lays the scenario results of several backends side by side, one row per scenario, so drift
// between the embedded backend and LocalStack shows on every push. CI's last job runs it:
//   node src/harness/report/parity.ts "embedded (Node 24)=path/scenario-results.json" ...
// and appends what it prints to the job summary.
import { readFile } from "node:fs/promises";
import { resultsFileSchema, type ResultsFile } from "./results-file.ts";

/** One backend's column: its results, or why there are none. */
export interface ParityColumn {
  label: string;
  results: ResultsFile | undefined;
  /** Why there are no results (the job failed before its scenarios ran, say). */
  missing?: string;
}

const shown = { passed: "✅ passed", failed: "❌ failed", skipped: "⏭️ skipped" } as const;
const NOT_RUN = "— not run";

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** A Markdown table: scenario × backend, passed, failed, skipped or not run. */
export function parityTable(columns: ParityColumn[]): string {
  const rows = new Map<string, { feature: string; scenario: string }>();
  for (const column of columns) {
    for (const s of column.results?.scenarios ?? []) {
      rows.set(`${s.feature}\u0000${s.scenario}`, { feature: s.feature, scenario: s.scenario });
    }
  }
  const statusIn = (column: ParityColumn, key: string) => {
    const found = column.results?.scenarios.find((s) => `${s.feature}\u0000${s.scenario}` === key);
    return found ? shown[found.status] : NOT_RUN;
  };
  const lines = [...rows].map(([key, row]) => {
    const cells = columns.map((column) => statusIn(column, key));
    const ran = cells.filter((c) => c !== NOT_RUN);
    const drift = new Set(ran).size > 1 ? " ⚠️" : "";
    return `| ${cell(row.feature)} | ${cell(row.scenario)}${drift} | ${cells.join(" | ")} |`;
  });
  const drifting = lines.filter((l) => l.includes(" ⚠️ |")).length;
  const notes = columns.flatMap((c) =>
    c.results ? [] : [`- **${c.label}**: no results (${c.missing ?? "none were published"})`],
  );
  return [
    "## Backend parity",
    "",
    drifting > 0
      ? `⚠️ ${drifting} scenario${drifting === 1 ? "" : "s"} ended differently on different backends.`
      : "Every scenario that ran on more than one backend ended the same way on each.",
    "",
    ...(notes.length > 0 ? [...notes, ""] : []),
    `| Feature | Scenario | ${columns.map((c) => cell(c.label)).join(" | ")} |`,
    `|---|---|${columns.map(() => "---").join("|")}|`,
    ...lines,
    "",
  ].join("\n");
}

/** Reads one `label=path` argument; a missing or unreadable file is a column of "not run". */
export async function readColumn(argument: string): Promise<ParityColumn> {
  const cut = argument.indexOf("=");
  if (cut <= 0) throw new Error(`expected LABEL=PATH, not "${argument}"`);
  const label = argument.slice(0, cut);
  const path = argument.slice(cut + 1);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { label, results: undefined, missing: code === "ENOENT" ? `no ${path}` : String(error) };
  }
  const parsed = resultsFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    return {
      label,
      results: undefined,
      missing: `${path} is not a results file: ${parsed.error.issues[0]?.message}`,
    };
  }
  return { label, results: parsed.data };
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  if (args.length === 0) {
    process.stderr.write("usage: node src/harness/report/parity.ts LABEL=PATH [LABEL=PATH ...]\n");
    process.exit(2);
  }
  process.stdout.write(parityTable(await Promise.all(args.map(readColumn))));
}
