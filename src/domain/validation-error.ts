import type * as z from "zod";

export interface ValidationIssue {
  /** Where the problem is, e.g. `items[2].price`; "" for the value as a whole. */
  path: string;
  message: string;
}

/** A value from outside did not match a schema. Safe to show to the client as is. */
export class ValidationError extends Error {
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[]) {
    super(summarize(issues));
    this.name = "ValidationError";
    this.issues = issues;
  }
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ValidationError };

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** ["items", 2, "price"] -> "items[2].price"; odd keys are quoted: `["a b"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (typeof segment === "string" && IDENTIFIER.test(segment))
      out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

function summarize(issues: ValidationIssue[]): string {
  const shown = issues.slice(0, 3).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : "";
  return shown.join("; ") + more;
}

function describeType(expected: string, input: unknown): string {
  if (input === undefined) return "is required";
  if (typeof input === "number" && !Number.isFinite(input)) return "must be a finite number";
  if (expected === "int") return "must be a whole number";
  const article = /^[aeiou]/.test(expected) ? "an" : "a";
  return `must be ${article} ${expected}`;
}

function bound(kind: "least" | "most", origin: string, limit: unknown): string {
  if (origin === "string") return `must be at ${kind} ${limit} character${limit === 1 ? "" : "s"}`;
  if (origin === "array") return `must have at ${kind} ${limit} item${limit === 1 ? "" : "s"}`;
  return `must be at ${kind} ${limit}`;
}

/**
 * Plain-English messages for zod's issue codes, used for every parse of outside input.
 * Schema-level messages (promo codes, decimals) take precedence over this map.
 */
export const plainErrors: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return describeType(issue.expected, issue.input);
    case "too_small":
      return bound("least", issue.origin, issue.minimum);
    case "too_big":
      return bound("most", issue.origin, issue.maximum);
    case "invalid_format":
      if (issue.format === "datetime")
        return "must be an ISO 8601 date-time like 2026-01-31T12:00:00Z";
      return issue.format === "regex" && issue.pattern
        ? `must match ${issue.pattern}`
        : `must be a valid ${issue.format}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return undefined;
  }
};

/** zod issues -> our issues: one per offending path, unknown keys named one by one. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        out.push({ path: formatPath([...issue.path, key]), message: "is not an allowed field" });
      }
      continue;
    }
    // zod reports "outside the safe-integer range" beside the schema's own bound; keep ours.
    const isSafeIntNoise = issue.code === "too_big" && issue.origin === "int";
    if (isSafeIntNoise && issues.some((o) => o !== issue && samePath(o.path, issue.path))) continue;
    const path = formatPath(issue.path);
    if (out.some((o) => o.path === path)) continue;
    out.push({ path, message: issue.message });
  }
  return out;
}

function samePath(a: readonly PropertyKey[], b: readonly PropertyKey[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}
