import type { IncomingMessage } from "node:http";
import { connect } from "node:net";
import { Readable } from "node:stream";
import * as z from "zod";
import { orderRequestSchema } from "../domain/index.ts";
import { MAX_BODY_BYTES } from "./json-body.ts";
import { priceText } from "./server.ts";
import { call, postJson } from "./testing/http.ts";
import { keyboard, startTestApi } from "./testing/test-api.ts";

type Api = Awaited<ReturnType<typeof startTestApi>>;
let api: Api;
let alice: string;

beforeAll(async () => {
  api = await startTestApi();
  alice = await api.token("alice");
});
afterAll(() => api.close());

function expectProblem(
  answer: { headers: Record<string, unknown>; json: unknown },
  status: number,
) {
  expect(answer.headers["content-type"]).toBe("application/problem+json; charset=utf-8");
  expect(answer.json).toMatchObject({
    status,
    type: expect.stringMatching(/^urn:orderflow:problem:/),
  });
}

describe("POST /token", () => {
  test("200 with a Bearer token for the user", async () => {
    const answer = await postJson(api.url, "/token", { user_id: "bob" });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      access_token: expect.stringMatching(/^ey[\w-]+\.[\w-]+\.[\w-]+$/),
      token_type: "Bearer",
      expires_in: 3600,
    });
  });

  test("400 names the missing field", async () => {
    const answer = await postJson(api.url, "/token", {});
    expect(answer.status).toBe(400);
    expectProblem(answer, 400);
    expect(answer.json).toMatchObject({ errors: [{ path: "user_id", message: "is required" }] });
  });
});

describe("POST /orders", () => {
  test("202 QUEUED: the order is recorded and its message enqueued", async () => {
    const answer = await postJson(
      api.url,
      "/orders",
      { order_id: "ORD-accept-1", items: [keyboard], promo_code: "SAVE10" },
      alice,
    );
    expect(answer.status).toBe(202);
    expect(answer.json).toEqual({ order_id: "ORD-accept-1", status: "QUEUED" });
    expect(answer.headers.location).toBe("/orders/ORD-accept-1");
    const message = api.queue.messages.find((m) => m.order_id === "ORD-accept-1");
    expect(message).toEqual({
      order_id: "ORD-accept-1",
      user_id: "alice",
      items: [keyboard],
      promo_code: "SAVE10",
      submitted_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(api.orders.records.get("ORD-accept-1")).toMatchObject({ user_id: "alice" });
  });

  test("an order without order_id gets one", async () => {
    const answer = await postJson(api.url, "/orders", { items: [keyboard] }, alice);
    expect(answer.status).toBe(202);
    expect((answer.json as { order_id: string }).order_id).toMatch(/^ORD-/);
  });

  test("400 for a negative price, with the field path, and nothing is enqueued", async () => {
    const before = api.queue.messages.length;
    const answer = await postJson(
      api.url,
      "/orders",
      { order_id: "ORD-neg", items: [keyboard, { ...keyboard, price: -1 }] },
      alice,
    );
    expect(answer.status).toBe(400);
    expectProblem(answer, 400);
    expect(answer.json).toMatchObject({
      title: "Your request is not valid",
      detail: "items[1].price: must be at least 0",
      errors: [{ path: "items[1].price", message: "must be at least 0" }],
    });
    expect(api.queue.messages.length).toBe(before);
    expect(api.orders.records.has("ORD-neg")).toBe(false);
  });

  test("400 for an unknown promo code names the code", async () => {
    const answer = await postJson(
      api.url,
      "/orders",
      { items: [keyboard], promo_code: "XYZ" },
      alice,
    );
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      errors: [{ path: "promo_code", message: 'unknown promo code "XYZ"' }],
    });
  });

  test.each([
    ["not JSON", "{items:", /not valid JSON/],
    ["empty", "", /not valid JSON/],
    [
      "a repeated key",
      '{"items":[],"items":[{"name":"a","price":1,"quantity":1}]}',
      /repeats the key "items"/,
    ],
    ["deep nesting", `{"items":${"[".repeat(40)}${"]".repeat(40)}}`, /nested deeper/],
  ])("400 for a body that is %s", async (_what, body, detail) => {
    const answer = await postJson(api.url, "/orders", body, alice);
    expect(answer.status).toBe(400);
    expectProblem(answer, 400);
    expect((answer.json as { detail: string }).detail).toMatch(detail);
  });

  test("409 for an order_id that already exists, and the first order is untouched", async () => {
    const body = { order_id: "ORD-dup-1", items: [keyboard] };
    expect((await postJson(api.url, "/orders", body, alice)).status).toBe(202);
    const queued = api.queue.messages.length;
    const bob = await api.token("bob");
    const again = await postJson(
      api.url,
      "/orders",
      { ...body, items: [{ ...keyboard, quantity: 1 }] },
      bob,
    );
    expect(again.status).toBe(409);
    expectProblem(again, 409);
    expect(api.queue.messages.length).toBe(queued);
    expect(api.orders.records.get("ORD-dup-1")).toMatchObject({
      user_id: "alice",
      items: [keyboard],
    });
  });

  test("413 over 64 KiB, declared or streamed, without reading the rest", async () => {
    const big = JSON.stringify({ items: [{ ...keyboard, name: "x".repeat(MAX_BODY_BYTES) }] });
    const declared = await postJson(api.url, "/orders", big, alice);
    expect(declared.status).toBe(413);
    expectProblem(declared, 413);
    async function* endless(): AsyncIterable<Buffer> {
      // 10 MB offered in chunks: the server must answer long before the end.
      for (let i = 0; i < 1000; i++) yield Buffer.alloc(10_000, 0x20);
    }
    const streamed = await call(api.url, "/orders", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: Readable.from(endless()),
      token: alice,
    });
    expect(streamed.status).toBe(413);
    expectProblem(streamed, 413);
  });

  test("a body of exactly 64 KiB is read", async () => {
    const base = JSON.stringify({ items: [keyboard] });
    const padded = base.slice(0, -1) + " ".repeat(MAX_BODY_BYTES - base.length) + "}";
    expect(Buffer.byteLength(padded)).toBe(MAX_BODY_BYTES);
    expect((await postJson(api.url, "/orders", padded, alice)).status).toBe(202);
  });

  test.each([
    "text/plain",
    "application/x-www-form-urlencoded",
    "application/json; charset=latin1",
    "",
  ])("415 for content type %j", async (type) => {
    const answer = await call(api.url, "/orders", {
      method: "POST",
      headers: type ? { "content-type": type } : {},
      body: JSON.stringify({ items: [keyboard] }),
      token: alice,
    });
    expect(answer.status).toBe(415);
    expectProblem(answer, 415);
  });

  test("503 with Retry-After when the queue is down; the record stays and the client's retry sends its message", async () => {
    api.queue.failNext = true;
    const body = { order_id: "ORD-retry-1", items: [keyboard] };
    const failed = await postJson(api.url, "/orders", body, alice);
    expect(failed.status).toBe(503);
    expect(failed.headers["retry-after"]).toBe("2");
    expectProblem(failed, 503);
    const stored = api.orders.records.get("ORD-retry-1");
    expect(stored).toBeDefined();
    const sent = api.queue.messages.length;
    const again = await postJson(api.url, "/orders", body, alice);
    expect(again.status).toBe(202);
    expect(api.queue.messages.length).toBe(sent + 1);
    // The message is the stored record's, first submission time and all.
    expect(api.queue.messages.at(-1)).toMatchObject({
      order_id: "ORD-retry-1",
      submitted_at: stored!.submitted_at,
    });
  });

  test("the same order sent again is accepted again while it waits, and a conflict once it is done", async () => {
    const body = { order_id: "ORD-again-1", items: [keyboard], promo_code: "SAVE10" };
    expect((await postJson(api.url, "/orders", body, alice)).status).toBe(202);
    expect((await postJson(api.url, "/orders", body, alice)).status).toBe(202);
    const changed = { ...body, promo_code: "SAVE20" };
    expect((await postJson(api.url, "/orders", changed, alice)).status).toBe(409);
    api.orders.progressById.set("ORD-again-1", { status: "PROCESSED", total: "944.97" });
    const late = await postJson(api.url, "/orders", body, alice);
    expect(late.status).toBe(409);
    expectProblem(late, 409);
  });
});

describe("GET /orders/{id}", () => {
  beforeAll(async () => {
    for (const id of ["ORD-get-q", "ORD-get-p", "ORD-get-f"]) {
      await postJson(api.url, "/orders", { order_id: id, items: [keyboard] }, alice);
    }
    api.orders.progressById.set("ORD-get-p", { status: "PROCESSED", total: "1049.97" });
    api.orders.progressById.set("ORD-get-f", {
      status: "FAILED",
      reason: "items[0].price: must be at least 0",
    });
  });

  test("200 with the status of the caller's own order", async () => {
    const queued = await call(api.url, "/orders/ORD-get-q", { token: alice });
    expect(queued.status).toBe(200);
    expect(queued.json).toEqual({
      order_id: "ORD-get-q",
      status: "QUEUED",
      submitted_at: expect.any(String),
      items: [{ ...keyboard, price: "349.99" }],
      promo_code: null,
    });
    const processed = await call(api.url, "/orders/ORD-get-p", { token: alice });
    expect(processed.json).toMatchObject({
      status: "PROCESSED",
      total: "1049.97",
      currency: "USD",
    });
    const failed = await call(api.url, "/orders/ORD-get-f", { token: alice });
    expect(failed.json).toMatchObject({
      status: "FAILED",
      reason: "items[0].price: must be at least 0",
    });
  });

  test("shows prices as decimal strings, as every amount in an answer, never rounded", () => {
    expect([349.99, 10, 0.5, -999.99, 24.999].map(priceText)).toEqual([
      "349.99",
      "10.00",
      "0.50",
      "-999.99",
      "24.999",
    ]);
  });

  test("404 for another user's order, exactly like a missing one", async () => {
    const mallory = await api.token("mallory");
    const theirs = await call(api.url, "/orders/ORD-get-q", { token: mallory });
    const missing = await call(api.url, "/orders/ORD-get-zzz", { token: mallory });
    expect(theirs.status).toBe(404);
    expectProblem(theirs, 404);
    expect(theirs.text.replace("ORD-get-q", "ID")).toBe(missing.text.replace("ORD-get-zzz", "ID"));
  });

  test("404 for an ID that cannot be an order ID, without touching the store", async () => {
    const calls = api.orders.calls.length;
    const answer = await call(api.url, "/orders/%2e%2e%2fetc", { token: alice });
    expect(answer.status).toBe(404);
    expect(api.orders.calls.length).toBe(calls);
  });
});

describe("other routes", () => {
  test("GET /dlq/stats: 200 with the counts", async () => {
    const answer = await call(api.url, "/dlq/stats", { token: alice });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ waiting: 2, in_flight: 1, recorded_for_review: 3 });
  });

  test("GET /healthz: 200 without a token", async () => {
    const answer = await call(api.url, "/healthz");
    expect([answer.status, answer.json]).toEqual([200, { status: "ok" }]);
  });

  test("GET /openapi.json is generated from the zod schemas", async () => {
    const answer = await call(api.url, "/openapi.json");
    expect(answer.status).toBe(200);
    const doc = answer.json as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(
      ["/dlq/stats", "/healthz", "/orders", "/orders/{order_id}", "/token"].sort(),
    );
    const { $schema: _ignored, ...expected } = z.toJSONSchema(orderRequestSchema, { io: "input" });
    expect(doc.components.schemas.OrderRequest).toEqual(expected);
  });

  test("GET /docs serves Swagger UI from this server, with no CDN", async () => {
    const page = await call(api.url, "/docs");
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.headers["content-security-policy"]).toMatch(/default-src 'self'/);
    const sources = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.every((s) => s.startsWith("/docs/"))).toBe(true);
    for (const source of sources) {
      const asset = await call(api.url, source);
      expect([source, asset.status]).toEqual([source, 200]);
    }
    const init = await call(api.url, "/docs/init.js");
    expect(init.text).toContain('"/openapi.json"');
    expect((await call(api.url, "/docs/package.json")).status).toBe(404);
  });

  test("404 for an unknown route", async () => {
    const answer = await call(api.url, "/nope");
    expect(answer.status).toBe(404);
    expectProblem(answer, 404);
  });

  test("405 with Allow for a known route and the wrong method", async () => {
    const answer = await call(api.url, "/orders", { method: "GET", token: alice });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe("POST");
    expectProblem(answer, 405);
    const del = await call(api.url, "/orders/ORD-1", { method: "DELETE", token: alice });
    expect([del.status, del.headers.allow]).toEqual([405, "GET"]);
  });

  test("431 problem+json for headers over Node's limit", async () => {
    const answer = await call(api.url, "/healthz", { headers: { "x-big": "a".repeat(20_000) } });
    expect(answer.status).toBe(431);
    expectProblem(answer, 431);
  });

  test("a client that hangs up mid-upload leaves no request behind and no error", async () => {
    const { port } = new URL(api.url);
    const logsBefore = api.logs.length;
    const arrived = new Promise<IncomingMessage>((resolve) => api.server.once("request", resolve));
    const socket = connect(Number(port), "127.0.0.1");
    socket.write(
      "POST /token HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n" +
        'content-length: 1000\r\n\r\n{"user_id":',
    );
    const request = await arrived;
    const closed = new Promise((resolve) => request.once("close", resolve));
    socket.destroy();
    await closed;
    expect(api.logs.slice(logsBefore).filter((l) => l.level === "error")).toEqual([]);
    expect((await call(api.url, "/healthz")).status).toBe(200);
  });

  test("one JSON log line per request, with the order ID when there is one", async () => {
    await postJson(api.url, "/orders", { order_id: "ORD-logged", items: [keyboard] }, alice);
    const line = api.logs.find((l) => l.msg === "request" && l.order_id === "ORD-logged");
    expect(line).toMatchObject({
      level: "info",
      method: "POST",
      path: "/orders",
      status: 202,
      user_id: "alice",
    });
  });
});
