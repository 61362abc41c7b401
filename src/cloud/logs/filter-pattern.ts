/*
 * CloudWatch Logs filter patterns, the subset clients use to search function logs:
 * - terms: `ERROR timeout` (every term), `?ERROR ?WARN` (any), `-DEBUG` (none), `"an exact phrase"`;
 * - JSON: `{ $.level = "error" }`, `!=`, `<`, `<=`, `>`, `>=` on numbers, `*` wildcards in
 *   strings, `&&`, `||`, parentheses, `$.a.b[0].c` paths, `IS NULL`, `EXISTS`, `NOT EXISTS`.
 * Terms match case-sensitively anywhere in the message, as CloudWatch does.
 * Space-delimited `[a, b]` patterns are not supported (InvalidFilterPatternError).
 */

export type MessageMatcher = (message: string) => boolean;

export class InvalidFilterPatternError extends Error {
  constructor(pattern: string, why: string) {
    super(`Invalid filter pattern ${JSON.stringify(pattern)}: ${why}`);
    this.name = "InvalidFilterPatternError";
  }
}

export function compileFilterPattern(pattern: string): MessageMatcher {
  const text = pattern.trim();
  if (text === "") return () => true;
  if (text.startsWith("{")) return compileJsonPattern(text, pattern);
  if (text.startsWith("["))
    throw new InvalidFilterPatternError(pattern, "space-delimited patterns are not supported");
  return compileTermPattern(text, pattern);
}

interface Term {
  kind: "all" | "any" | "none";
  text: string;
}

function compileTermPattern(text: string, pattern: string): MessageMatcher {
  const terms: Term[] = [];
  const re = /([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : (m[3] ?? "");
    if (m[2] === undefined && value.includes('"'))
      throw new InvalidFilterPatternError(pattern, "unbalanced quote");
    const kind = m[1] === "?" ? "any" : m[1] === "-" ? "none" : "all";
    terms.push({ kind, text: value });
  }
  const all = terms.filter((t) => t.kind === "all");
  const any = terms.filter((t) => t.kind === "any");
  const none = terms.filter((t) => t.kind === "none");
  return (message) =>
    all.every((t) => message.includes(t.text)) &&
    none.every((t) => !message.includes(t.text)) &&
    (any.length === 0 || any.some((t) => message.includes(t.text)));
}

// ---- JSON patterns -------------------------------------------------------------------------

type Token =
  | { type: "path"; value: (string | number)[] }
  | { type: "op"; value: string }
  | { type: "string"; value: string }
  | { type: "number"; value: number }
  | { type: "word"; value: string }
  | { type: "lparen" | "rparen" | "and" | "or" };

type Expr =
  | { type: "and" | "or"; left: Expr; right: Expr }
  | {
      type: "compare";
      path: (string | number)[];
      op: string;
      value: string | number;
      quoted: boolean;
    }
  | { type: "exists"; path: (string | number)[]; negate: boolean }
  | { type: "isNull"; path: (string | number)[] }
  | { type: "literal"; path: (string | number)[]; value: boolean | null };

function tokenize(body: string, pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new InvalidFilterPatternError(pattern, why);
  };
  while (i < body.length) {
    const c = body[i] ?? "";
    const rest = body.slice(i);
    if (/\s/.test(c)) {
      i++;
    } else if (rest.startsWith("&&")) {
      tokens.push({ type: "and" });
      i += 2;
    } else if (rest.startsWith("||")) {
      tokens.push({ type: "or" });
      i += 2;
    } else if (c === "(" || c === ")") {
      tokens.push({ type: c === "(" ? "lparen" : "rparen" });
      i++;
    } else if (/^(!=|<=|>=|=|<|>)/.test(rest)) {
      const op = /^(!=|<=|>=|=|<|>)/.exec(rest)?.[1] ?? "=";
      tokens.push({ type: "op", value: op });
      i += op.length;
    } else if (c === "$") {
      const m = /^\$((?:\.[A-Za-z0-9_@-]+|\[\d+\])*)/.exec(rest);
      if (!m?.[1]) fail("a selector must look like $.field");
      const path = [...(m?.[1] ?? "").matchAll(/\.([A-Za-z0-9_@-]+)|\[(\d+)\]/g)].map((p) =>
        p[1] !== undefined ? p[1] : Number(p[2]),
      );
      tokens.push({ type: "path", value: path });
      i += m?.[0].length ?? 1;
    } else if (c === '"') {
      const m = /^"((?:[^"\\]|\\.)*)"/.exec(rest);
      if (!m) fail("unbalanced quote");
      tokens.push({ type: "string", value: (m?.[1] ?? "").replace(/\\(.)/g, "$1") });
      i += m?.[0].length ?? 1;
    } else {
      const m = /^[^\s()&|=!<>"]+/.exec(rest);
      if (!m) fail(`unexpected ${JSON.stringify(c)}`);
      const word = m?.[0] ?? "";
      const n = Number(word);
      tokens.push(
        /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(word) && Number.isFinite(n)
          ? { type: "number", value: n }
          : { type: "word", value: word },
      );
      i += word.length;
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  private readonly tokens: Token[];
  private readonly pattern: string;

  constructor(tokens: Token[], pattern: string) {
    this.tokens = tokens;
    this.pattern = pattern;
  }

  parse(): Expr {
    const expr = this.parseOr();
    if (this.pos !== this.tokens.length) this.fail("unexpected text after the expression");
    return expr;
  }

  private fail(why: string): never {
    throw new InvalidFilterPatternError(this.pattern, why);
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.peek()?.type === "or") {
      this.pos++;
      left = { type: "or", left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseUnit();
    while (this.peek()?.type === "and") {
      this.pos++;
      left = { type: "and", left, right: this.parseUnit() };
    }
    return left;
  }

  private parseUnit(): Expr {
    const token = this.tokens[this.pos++];
    if (token?.type === "lparen") {
      const inner = this.parseOr();
      if (this.tokens[this.pos++]?.type !== "rparen") this.fail("missing )");
      return inner;
    }
    if (token?.type !== "path") return this.fail("expected a $.selector");
    return this.parseCondition(token.value);
  }

  private parseCondition(path: (string | number)[]): Expr {
    const next = this.tokens[this.pos++];
    if (next?.type === "word" && next.value.toUpperCase() === "IS") {
      const what = this.tokens[this.pos++];
      if (what?.type === "word" && what.value.toUpperCase() === "NULL")
        return { type: "isNull", path };
      if (what?.type === "word" && /^(TRUE|FALSE)$/i.test(what.value)) {
        return { type: "literal", path, value: what.value.toLowerCase() === "true" };
      }
      return this.fail("expected NULL, TRUE or FALSE after IS");
    }
    if (next?.type === "word" && next.value.toUpperCase() === "EXISTS")
      return { type: "exists", path, negate: false };
    if (next?.type === "word" && next.value.toUpperCase() === "NOT") {
      const what = this.tokens[this.pos++];
      if (what?.type === "word" && what.value.toUpperCase() === "EXISTS")
        return { type: "exists", path, negate: true };
      return this.fail("expected EXISTS after NOT");
    }
    if (next?.type !== "op") return this.fail("expected a comparison operator");
    const value = this.tokens[this.pos++];
    if (value?.type === "number")
      return { type: "compare", path, op: next.value, value: value.value, quoted: false };
    if (
      (value?.type === "string" || value?.type === "word") &&
      (next.value === "=" || next.value === "!=")
    ) {
      return {
        type: "compare",
        path,
        op: next.value,
        value: value.value,
        quoted: value.type === "string",
      };
    }
    return this.fail(`operator ${next.value} needs a number`);
  }
}

function compileJsonPattern(text: string, pattern: string): MessageMatcher {
  if (!text.endsWith("}")) throw new InvalidFilterPatternError(pattern, "missing }");
  const expr = new Parser(tokenize(text.slice(1, -1), pattern), pattern).parse();
  return (message) => {
    let doc: unknown;
    try {
      doc = JSON.parse(message.slice(Math.max(0, message.indexOf("{"))));
    } catch {
      return false;
    }
    return typeof doc === "object" && doc !== null && evaluate(expr, doc);
  };
}

const MISSING = Symbol("missing");

function select(doc: unknown, path: (string | number)[]): unknown {
  let current: unknown = doc;
  for (const step of path) {
    if (typeof current !== "object" || current === null) return MISSING;
    const record = current as Record<string | number, unknown>;
    if (!(step in record)) return MISSING;
    current = record[step];
  }
  return current;
}

function wildcardMatch(actual: string, expected: string): boolean {
  const escaped = expected.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`, "s").test(actual);
}

function compare(actual: unknown, op: string, value: string | number): boolean {
  if (typeof value === "number") {
    if (typeof actual !== "number") return op === "!=" && actual !== MISSING;
    switch (op) {
      case "=":
        return actual === value;
      case "!=":
        return actual !== value;
      case "<":
        return actual < value;
      case "<=":
        return actual <= value;
      case ">":
        return actual > value;
      default:
        return actual >= value;
    }
  }
  if (actual === MISSING || actual === null || typeof actual === "object") return false;
  const equal = wildcardMatch(String(actual), value);
  return op === "=" ? equal : !equal;
}

function evaluate(expr: Expr, doc: unknown): boolean {
  switch (expr.type) {
    case "and":
      return evaluate(expr.left, doc) && evaluate(expr.right, doc);
    case "or":
      return evaluate(expr.left, doc) || evaluate(expr.right, doc);
    case "exists":
      return (select(doc, expr.path) !== MISSING) !== expr.negate;
    case "isNull":
      return select(doc, expr.path) === null;
    case "literal":
      return select(doc, expr.path) === expr.value;
    case "compare":
      return compare(select(doc, expr.path), expr.op, expr.value);
  }
}
