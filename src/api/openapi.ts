import * as z from "zod";
import {
  dlqStatsSchema,
  healthSchema,
  orderAcceptedSchema,
  orderRequestSchema,
  orderStatusSchema,
  problemSchema,
  tokenRequestSchema,
  tokenResponseSchema,
} from "./schemas.ts";

const components = {
  OrderRequest: orderRequestSchema,
  OrderAccepted: orderAcceptedSchema,
  OrderStatus: orderStatusSchema,
  TokenRequest: tokenRequestSchema,
  TokenResponse: tokenResponseSchema,
  DlqStats: dlqStatsSchema,
  Health: healthSchema,
  Problem: problemSchema,
};

type Component = keyof typeof components;

/** Turns the zod schemas into OpenAPI 3.1 components (JSON Schema 2020-12, as 3.1 uses). */
function schemaComponents(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(components)) {
    const { $schema: _drop, ...json } = z.toJSONSchema(schema, {
      io: name.endsWith("Request") ? "input" : "output",
      unrepresentable: "any",
    });
    out[name] = json;
  }
  return out;
}

const ref = (name: Component) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: Component) => ({ "application/json": { schema: ref(name) } });
const problemContent = { "application/problem+json": { schema: ref("Problem") } };

function problems(...codes: number[]): Record<string, unknown> {
  const text: Record<number, string> = {
    400: "Invalid body; `errors` lists each field path",
    401: "Missing, malformed, expired or forged token",
    404: "No such order for this user",
    409: "An order with this order_id already exists: a different order, or this one already processed (the same order sent again while it waits is accepted again)",
    413: "Body over 64 KiB",
    415: "Body is not application/json",
    429: "Too many requests for this user; see Retry-After",
    503: "A backing service is unavailable; retry after Retry-After seconds (for an order, with the same order_id: it may already be recorded, and the retry is accepted)",
  };
  return Object.fromEntries(
    codes.map((c) => [String(c), { description: text[c], content: problemContent }]),
  );
}

export function buildOpenApi(): Record<string, unknown> {
  const secured = [{ bearer: [] }];
  return {
    openapi: "3.1.0",
    info: {
      title: "orderflow API",
      version: "0.1.0",
      description:
        "Submit orders for asynchronous pricing. Money in answers is a decimal string with two decimals.",
    },
    components: {
      schemas: schemaComponents(),
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    },
    paths: {
      "/token": {
        post: {
          summary: "Get an access token for a user",
          requestBody: { required: true, content: json("TokenRequest") },
          responses: {
            "200": { description: "A Bearer token", content: json("TokenResponse") },
            ...problems(400, 413, 415),
          },
        },
      },
      "/orders": {
        post: {
          summary: "Submit an order",
          security: secured,
          requestBody: { required: true, content: json("OrderRequest") },
          responses: {
            "202": { description: "Accepted and queued", content: json("OrderAccepted") },
            ...problems(400, 401, 409, 413, 415, 429, 503),
          },
        },
      },
      "/orders/{order_id}": {
        get: {
          summary: "One of your orders and its status",
          security: secured,
          parameters: [
            { name: "order_id", in: "path", required: true, schema: { type: "string" } },
          ],
          responses: {
            "200": { description: "The order", content: json("OrderStatus") },
            ...problems(401, 404, 429, 503),
          },
        },
      },
      "/dlq/stats": {
        get: {
          summary: "Dead-letter queue counts",
          security: secured,
          responses: {
            "200": { description: "Counts", content: json("DlqStats") },
            ...problems(401, 429, 503),
          },
        },
      },
      "/healthz": {
        get: {
          summary: "Liveness",
          responses: { "200": { description: "Up", content: json("Health") } },
        },
      },
    },
  };
}
