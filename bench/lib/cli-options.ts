import { parseArgs } from "node:util";
import type * as z from "zod";

export interface CliSpec<T extends z.ZodType> {
  /** Names the errors: "bench", "bench:cloud". */
  label: string;
  schema: T;
  /** kebab-case options that take a value. */
  strings: string[];
  /** kebab-case flags; `--quick` is always accepted. */
  booleans?: string[];
  /** Values `--quick` puts in place before the explicit options. */
  quick: Record<string, string>;
}

const camel = (k: string) => k.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** A mistake on the command line: the bench prints it without a stack trace and exits 2. */
export class BenchUsageError extends Error {
  override name = "BenchUsageError";
}

/** Runs a bench's `main`, answering a usage mistake with its message alone. */
export async function runBench(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  }
}

/** Parses `--kebab-case value` options into the schema's camelCase fields; names the bad option. */
export function parseCli<T extends z.ZodType>(spec: CliSpec<T>, argv: string[]): z.output<T> {
  const options = Object.fromEntries([
    ...spec.strings.map((name) => [name, { type: "string" as const }]),
    ...[...(spec.booleans ?? []), "quick"].map((name) => [name, { type: "boolean" as const }]),
  ]);
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, options }));
  } catch (error) {
    const known = Object.keys(options).map((name) => `--${name}`);
    throw new BenchUsageError(
      `${spec.label}: ${(error as Error).message}; the options are ${known.join(", ")}`,
    );
  }
  const given = Object.fromEntries(Object.entries(values).map(([k, v]) => [camel(k), v]));
  const { quick, ...explicit } = given;
  const parsed = spec.schema.safeParse({ ...(quick ? spec.quick : {}), ...explicit });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? "").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    throw new BenchUsageError(`${spec.label}: --${name}: ${issue.message}`);
  }
  return parsed.data;
}

/** Whether a part was selected with --only (all are, by default). */
export function selected(options: { only?: Set<string> | undefined }, part: string): boolean {
  return options.only === undefined || options.only.has(part);
}
