import { inspect, stripVTControlCharacters } from "node:util";

interface MatcherResult {
  pass: boolean;
  actual?: unknown;
  expected?: unknown;
}

function matcherResultOf(error: unknown): MatcherResult | undefined {
  for (let e = error; e instanceof Error; e = e.cause) {
    const result = (e as { matcherResult?: MatcherResult }).matcherResult;
    if (result && !result.pass) return result;
  }
  return undefined;
}

function show(value: unknown): string {
  const text = inspect(value, { depth: 3, breakLength: Infinity, maxStringLength: 120 });
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** "expected discount '105.00'; received discount '104.99'": only what differs, when it can tell. */
function difference(expected: unknown, actual: unknown): string {
  if (isRecord(expected) && isRecord(actual)) {
    const keys = Object.keys(expected).filter(
      (k) => !isRecord(expected[k]) && show(expected[k]) !== show(actual[k]),
    );
    if (keys.length > 0) {
      const list = (of: Record<string, unknown>) =>
        keys.map((k) => `${k} ${show(of[k])}`).join(", ");
      return `expected ${list(expected)}; received ${list(actual)}`;
    }
  }
  return `expected ${show(expected)}, received ${show(actual)}`;
}

/**
 * One line that says what went wrong, for a GitHub annotation and the summary. A Jest matcher's
 * own first line ("expect(received).toEqual(expected)") says how it compared, not what it
 * found, so the values that differ follow it.
 */
export function headlineOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first =
    stripVTControlCharacters(message)
      .split("\n")
      .find((line) => line.trim() !== "")
      ?.trim() ?? "failed";
  const result = matcherResultOf(error);
  if (!result || !("expected" in result) || !("actual" in result)) return first;
  return `${first}: ${difference(result.expected, result.actual)}`;
}
