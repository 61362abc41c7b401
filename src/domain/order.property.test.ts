import fc from "fast-check";
import { formatPath } from "./validation-error.ts";
import { validOrderRequest } from "./testing/order-arbitraries.ts";
import { parseOrderRequest } from "./order.ts";
import { propertyRuns, propertyTimeout } from "./testing/property-runs.ts";

const runs = propertyRuns(100);
const TEST_TIMEOUT = propertyTimeout();

type Json = unknown;
type Body = Record<string, Json> & { items: Record<string, Json>[] };

/** One way to break a valid body, and the path the error must name. */
interface Breakage {
  path: (body: Body) => string;
  apply: (body: Body) => void;
}

const badPrice = fc.constantFrom(-0.01, -1, 1.234, 1_000_000.01, 1e308, "12.50", "NaN", null, true);
const badQuantity = fc.constantFrom(0, -1, 1.5, 10_001, 2 ** 60, "2", null, "Infinity");
const badName = fc.constantFrom("", "x".repeat(201), 42, null, ["Mouse"]);
const badOrderId = fc.constantFrom("1001", "ORD-", "ORD-a b", "ord-1", `ORD-${"x".repeat(65)}`, 7);
const badPromo = fc.constantFrom("XYZ", "save10", "", 10, null);

function itemBreakage(
  field: string,
  values: fc.Arbitrary<Json>,
): fc.Arbitrary<{ index: number; value: Json; field: string }> {
  return fc.record({ index: fc.nat(), value: values, field: fc.constant(field) });
}

const breakage: fc.Arbitrary<Breakage> = fc.oneof(
  fc
    .oneof(
      itemBreakage("price", badPrice),
      itemBreakage("quantity", badQuantity),
      itemBreakage("name", badName),
      itemBreakage("colour", fc.constant("red")),
    )
    .map(({ index, value, field }) => ({
      path: (b: Body) => formatPath(["items", index % b.items.length, field]),
      apply: (b: Body) => {
        b.items[index % b.items.length]![field] = value;
      },
    })),
  fc.nat().map((index) => ({
    path: (b: Body) => formatPath(["items", index % b.items.length, "price"]),
    apply: (b: Body) => {
      delete b.items[index % b.items.length]!.price;
    },
  })),
  badOrderId.map((value) => ({
    path: () => "order_id",
    apply: (b: Body) => void (b.order_id = value),
  })),
  badPromo.map((value) => ({
    path: () => "promo_code",
    apply: (b: Body) => void (b.promo_code = value),
  })),
  fc
    .constantFrom<Json>([], "items", null, Array(101).fill({ name: "a", price: 1, quantity: 1 }))
    .map((value) => ({
      path: () => "items",
      apply: (b: Body) => void (b.items = value as Body["items"]),
    })),
  fc
    .string({ minLength: 1, maxLength: 10 })
    .filter((k) => !["order_id", "items", "promo_code", "__proto__"].includes(k))
    .map((key) => ({ path: () => formatPath([key]), apply: (b: Body) => void (b[key] = 1) })),
);

test(
  "every input the schema rejects names the offending path",
  () => {
    fc.assert(
      fc.property(validOrderRequest, breakage, (valid, broken) => {
        const body = structuredClone(valid) as Body;
        const expectedPath = broken.path(body);
        broken.apply(body);
        const result = parseOrderRequest(JSON.parse(JSON.stringify(body)));
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error.issues.map((i) => i.path)).toContain(expectedPath);
        expect(result.error.message).toContain(expectedPath);
      }),
      runs,
    );
  },
  TEST_TIMEOUT,
);

/** Walks a formatted path back into segments: `items[2]["a b"].price`. */
function segments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /(?:^|\.)([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy;
  let match: RegExpExecArray | null;
  while ((match = re.exec(path))) {
    if (match[1] !== undefined) out.push(match[1]);
    else if (match[2] !== undefined) out.push(Number(match[2]));
    else out.push(JSON.parse(match[3]!) as string);
    if (re.lastIndex === path.length) break;
  }
  expect(formatPath(out)).toBe(path);
  return out;
}

function at(value: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>(
    (v, key) =>
      v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined,
    value,
  );
}

test(
  "for any JSON at all: accepted, or rejected at paths that exist in the input",
  () => {
    const nearlyValid = fc.record(
      {
        order_id: fc.oneof(fc.string(), fc.jsonValue()),
        items: fc.oneof(
          fc.array(
            fc.dictionary(fc.constantFrom("name", "price", "quantity", "x"), fc.jsonValue(), {
              maxKeys: 4,
            }),
            { maxLength: 5 },
          ),
          fc.jsonValue(),
        ),
        promo_code: fc.oneof(fc.constantFrom("SAVE10", "XYZ"), fc.jsonValue()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), nearlyValid), (input) => {
        const result = parseOrderRequest(input);
        if (result.ok) return;
        expect(result.error.issues.length).toBeGreaterThan(0);
        for (const issue of result.error.issues) {
          expect(issue.message).not.toBe("");
          const path = segments(issue.path);
          // The offending value itself, or for a missing field, the object that lacks it.
          const parent = at(input, path.slice(0, -1));
          expect(path.length === 0 || (parent !== null && typeof parent === "object")).toBe(true);
        }
      }),
      runs,
    );
  },
  TEST_TIMEOUT,
);
