// The API under bad input: whatever a client sends, the answer is a 2xx or a 4xx with
// problem+json, never a 5xx or a hang, and nothing the domain rejects is ever enqueued.
// `npm test` runs about a hundred cases in all; `npm run test:deep` ten times as many.
import fc from "fast-check";
import { parseOrderMessage } from "../domain/index.ts";
import { validOrderRequest } from "../domain/testing/order-arbitraries.ts";
import { propertyRuns, propertyTimeout } from "../domain/testing/property-runs.ts";
import { MAX_BODY_BYTES } from "./json-body.ts";
import { problemSchema } from "./schemas.ts";
import { type Answer, call } from "./testing/http.ts";
import { startTestApi } from "./testing/test-api.ts";

type Api = Awaited<ReturnType<typeof startTestApi>>;
let api: Api;
let token: string;

beforeAll(async () => {
  api = await startTestApi();
  token = await api.token("fuzzer");
});
afterAll(() => api.close());

// fast-check's own time limit per run is the "never hangs" check; undici's 5 s is a backstop.
const runs = (quick: number) => ({ ...propertyRuns(quick), timeout: 3_000 });
// A hang is caught per run by the 3 s limit above.
const TEST_TIMEOUT = propertyTimeout();

function expectWellFormed(answer: Answer): void {
  expect(answer.status).toBeGreaterThanOrEqual(200);
  expect(answer.status).toBeLessThan(500);
  if (answer.status >= 400) {
    expect(answer.headers["content-type"]).toBe("application/problem+json; charset=utf-8");
    const problem = problemSchema.parse(answer.json);
    expect(problem.status).toBe(answer.status);
  }
}

/** Everything ever enqueued must be a message the Lambdas will accept. */
function expectQueueValid(): void {
  for (const message of api.queue.messages) {
    const parsed = parseOrderMessage(JSON.parse(JSON.stringify(message)));
    expect(parsed.ok ? "valid" : parsed.error.message).toBe("valid");
  }
}

const nanLike = fc.constantFrom("NaN", "Infinity", "-Infinity", "1e999", "-0", "0x10", "1_000", "");
const hugeNumberText = fc.constantFrom(
  "1e999",
  "-1e999",
  "1e308",
  "123456789012345678901234567890",
  "0.000000000000000000001",
  "-0",
);
const unicodeName = fc.string({ minLength: 1, maxLength: 220, unit: "binary" });

/** A JSON text built to be awkward: valid orders with one field swapped for trouble. */
const awkwardBody: fc.Arbitrary<string> = fc.oneof(
  validOrderRequest.map((b) => JSON.stringify(b)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc
    .tuple(validOrderRequest, nanLike)
    .map(([b, s]) => JSON.stringify({ ...b, items: [{ ...b.items[0], price: s }] })),
  fc
    .tuple(validOrderRequest, hugeNumberText, fc.constantFrom("price", "quantity"))
    .map(([b, n, field]) => {
      const text = JSON.stringify({ ...b, items: [{ ...b.items[0], [field]: 424242 }] });
      return text.replace("424242", n);
    }),
  fc
    .tuple(validOrderRequest, unicodeName)
    .map(([b, name]) => JSON.stringify({ ...b, items: [{ ...b.items[0], name }] })),
  fc
    .tuple(validOrderRequest, fc.constantFrom("items", "order_id", "name", "price"))
    .map(([b, key]) => {
      // The same key twice, the second time with a different value.
      const text = JSON.stringify(b);
      if (key === "items" || key === "order_id") return text.replace("{", `{"${key}":[],`);
      return text.replace(`"${key}":`, `"${key}":0,"${key}":`);
    }),
  fc
    .tuple(fc.integer({ min: 1, max: 5_000 }), fc.constantFrom("[", '{"a":'))
    .map(
      ([depth, open]) =>
        `{"items":${open.repeat(depth)}1${(open === "[" ? "]" : "}").repeat(depth)}}`,
    ),
  fc.tuple(validOrderRequest, fc.integer({ min: -3, max: 3 })).map(([b, delta]) => {
    // Padded with spaces to just under, at or just over the 64 KiB limit.
    const text = JSON.stringify(b);
    return text + " ".repeat(MAX_BODY_BYTES + delta - Buffer.byteLength(text));
  }),
);

test(
  "POST /orders with any body: 2xx or problem+json 4xx, and only valid orders enqueued",
  async () => {
    await fc.assert(
      fc.asyncProperty(awkwardBody, async (body) => {
        const before = api.queue.messages.length;
        const answer = await call(api.url, "/orders", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
          token,
        });
        expectWellFormed(answer);
        if (Buffer.byteLength(body) > MAX_BODY_BYTES) expect(answer.status).toBe(413);
        if (answer.status === 202) {
          expect(api.queue.messages.length).toBe(before + 1);
          const accepted = answer.json as { order_id: string };
          expect(api.queue.messages.at(-1)?.order_id).toBe(accepted.order_id);
        } else {
          expect(api.queue.messages.length).toBe(before);
        }
      }),
      runs(50),
    );
    expectQueueValid();
  },
  TEST_TIMEOUT,
);

const contentType = fc.oneof(
  fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "text/plain",
    "application/xml",
    "multipart/form-data; boundary=x",
    "application/x-www-form-urlencoded",
    "application/json; charset=utf-16",
    "application/vnd.api+json",
    "*/*",
  ),
  fc.stringMatching(/^[a-z]{1,10}\/[a-z0-9.+-]{1,20}(; ?[a-z]{1,8}=[a-z0-9-]{1,10})?$/),
);

test(
  "any content type: JSON types are read, everything else is 415",
  async () => {
    await fc.assert(
      fc.asyncProperty(contentType, validOrderRequest, async (type, body) => {
        const answer = await call(api.url, "/orders", {
          method: "POST",
          headers: { "content-type": type },
          body: JSON.stringify({ ...body, order_id: undefined }),
          token,
        });
        expectWellFormed(answer);
        const json =
          /^application\/(json|[a-z0-9.+-]+\+json)(;|$)/i.test(type) &&
          !/charset=(?!utf-8)/i.test(type);
        expect(answer.status).toBe(json ? 202 : 415);
      }),
      runs(20),
    );
    expectQueueValid();
  },
  TEST_TIMEOUT,
);

const segment = fc.oneof(
  fc.constantFrom(
    "orders",
    "token",
    "dlq",
    "stats",
    "healthz",
    "docs",
    "openapi.json",
    "ORD-1",
    "..",
    ".",
    "%2e%2e",
    "%00",
    "%ff",
    "%",
    "swagger-ui.css",
    "",
  ),
  fc.webSegment(),
  fc.stringMatching(/^[A-Za-z0-9%._~!$&'()*+,;=:@-]{1,30}$/),
);
const path = fc
  .tuple(fc.array(segment, { minLength: 0, maxLength: 5 }), fc.option(fc.webQueryParameters()))
  .map(([parts, query]) => `/${parts.join("/")}${query ? `?${query}` : ""}`);
const method = fc.constantFrom(
  "GET",
  "POST",
  "PUT",
  "DELETE",
  "PATCH",
  "OPTIONS",
  "HEAD",
) as fc.Arbitrary<"GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "OPTIONS" | "HEAD">;
const headerName = fc.stringMatching(/^x-[a-z0-9-]{1,20}$/);
const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,200}$/);
const authorization = fc.oneof(
  fc.constant(undefined),
  fc.constant("valid"),
  headerValue,
  fc.stringMatching(/^Bearer [A-Za-z0-9._-]{0,300}$/),
);

test(
  "any method, path, headers and token: never a 5xx, problem+json for every 4xx",
  async () => {
    await fc.assert(
      fc.asyncProperty(
        method,
        path,
        fc.dictionary(headerName, headerValue, { maxKeys: 5 }),
        authorization,
        fc.option(fc.string({ maxLength: 100 })),
        async (verb, target, headers, auth, body) => {
          const answer = await call(api.url, target, {
            method: verb,
            headers: {
              ...headers,
              ...(auth === "valid"
                ? { authorization: `Bearer ${token}` }
                : auth
                  ? { authorization: auth }
                  : {}),
              ...(body !== null && verb !== "GET" && verb !== "HEAD"
                ? { "content-type": "application/json" }
                : {}),
            },
            ...(body !== null && verb !== "GET" && verb !== "HEAD" ? { body } : {}),
          });
          if (verb === "HEAD") {
            expect(answer.status).toBeLessThan(500);
            return;
          }
          expectWellFormed(answer);
        },
      ),
      runs(50),
    );
    expectQueueValid();
  },
  TEST_TIMEOUT,
);
