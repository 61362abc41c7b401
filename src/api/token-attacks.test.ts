import { SignJWT, exportSPKI, generateKeyPair } from "jose";
import { TEST_AUTH, keyboard, startTestApi } from "./testing/test-api.ts";
import { call } from "./testing/http.ts";

type Api = Awaited<ReturnType<typeof startTestApi>>;
let api: Api;
const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

function claims(overrides: Record<string, unknown> = {}) {
  const iat = now();
  return {
    sub: "mallory",
    iss: "orderflow",
    aud: "orderflow-api",
    iat,
    exp: iat + 600,
    ...overrides,
  };
}

function hs256(payload: Record<string, unknown>, secret: Uint8Array = TEST_AUTH.secret) {
  return new SignJWT(payload).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(secret);
}

/** Each attack, as a way to build the Authorization header (or its absence) and the URL. */
async function attacks(): Promise<[string, { authorization?: string; query?: string }][]> {
  const valid = await hs256(claims());
  const [header, payload, signature] = valid.split(".");
  const rsa = await generateKeyPair("RS256", { extractable: true });
  const publicPem = await exportSPKI(rsa.publicKey);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  return [
    ["no token at all", {}],
    ["alg none", bearer(`${b64({ alg: "none", typ: "JWT" })}.${payload}.`)],
    ["alg none with the old signature", bearer(`${b64({ alg: "none" })}.${payload}.${signature}`)],
    [
      "signed with another key",
      bearer(
        await hs256(claims(), new TextEncoder().encode("another-secret-that-is-long-enough!!")),
      ),
    ],
    [
      "RS256 signed with a real RSA key",
      bearer(await new SignJWT(claims()).setProtectedHeader({ alg: "RS256" }).sign(rsa.privateKey)),
    ],
    [
      "HS256 keyed with the RSA public key (the confusion attack)",
      bearer(await hs256(claims(), new TextEncoder().encode(publicPem))),
    ],
    ["expired", bearer(await hs256(claims({ iat: now() - 7200, exp: now() - 3600 })))],
    ["not yet valid (nbf)", bearer(await hs256(claims({ nbf: now() + 3600 })))],
    [
      "issued in the future (iat)",
      bearer(await hs256(claims({ iat: now() + 3600, exp: now() + 7200 }))),
    ],
    ["wrong issuer", bearer(await hs256(claims({ iss: "someone-else" })))],
    ["wrong audience", bearer(await hs256(claims({ aud: "another-api" })))],
    [
      "no expiry",
      bearer(await hs256({ sub: "mallory", iss: "orderflow", aud: "orderflow-api", iat: now() })),
    ],
    ["no subject", bearer(await hs256(claims({ sub: undefined })))],
    ["empty subject", bearer(await hs256(claims({ sub: "" })))],
    ["tampered payload", bearer(`${header}.${b64({ ...claims(), sub: "alice" })}.${signature}`)],
    ["tampered signature", bearer(`${header}.${payload}.${signature!.slice(0, -4)}AAAA`)],
    ["token in the query string", { query: `?access_token=${valid}` }],
    ["oversized but correctly signed", bearer(await hs256(claims({ pad: "x".repeat(6000) })))],
    ["Basic scheme", { authorization: `Basic ${Buffer.from("alice:pw").toString("base64")}` }],
    ["Bearer without a token", { authorization: "Bearer" }],
    ["garbage", { authorization: "Bearer not.a.jwt" }],
    ["two tokens", { authorization: `Bearer ${valid} ${valid}` }],
  ];
}

let cases: Awaited<ReturnType<typeof attacks>>;

beforeAll(async () => {
  api = await startTestApi();
  cases = await attacks();
});
afterAll(() => api.close());

const routes = [
  {
    method: "POST" as const,
    path: "/orders",
    body: JSON.stringify({ order_id: "ORD-attack", items: [keyboard] }),
  },
  { method: "GET" as const, path: "/orders/ORD-attack" },
  { method: "GET" as const, path: "/dlq/stats" },
];

test("every forged, stale or misplaced token is a 401 with a Bearer challenge, and no handler runs", async () => {
  expect(cases.length).toBeGreaterThanOrEqual(20);
  for (const [name, attack] of cases) {
    for (const route of routes) {
      const answer = await call(api.url, `${route.path}${attack.query ?? ""}`, {
        method: route.method,
        headers: {
          ...(attack.authorization ? { authorization: attack.authorization } : {}),
          ...(route.body ? { "content-type": "application/json" } : {}),
        },
        ...(route.body ? { body: route.body } : {}),
      });
      expect({ name, route: route.path, status: answer.status }).toEqual({
        name,
        route: route.path,
        status: 401,
      });
      expect(answer.headers["www-authenticate"]).toMatch(/^Bearer realm="orderflow"/);
      expect(answer.headers["content-type"]).toBe("application/problem+json; charset=utf-8");
    }
  }
  // The proof that nothing got past authentication: the doubles behind every handler saw nothing.
  expect(api.queue.messages).toEqual([]);
  expect(api.orders.calls).toEqual([]);
  expect(api.dlq.calls).toBe(0);
  expect(api.logs.filter((l) => l.msg === "request" && l.user_id !== undefined)).toEqual([]);
});

test("the control: the same requests with a valid token do reach the handlers", async () => {
  const token = await api.token("mallory");
  for (const route of routes) {
    const answer = await call(api.url, route.path, {
      method: route.method,
      token,
      ...(route.body ? { headers: { "content-type": "application/json" }, body: route.body } : {}),
    });
    expect([route.path, answer.status]).toEqual([route.path, route.method === "POST" ? 202 : 200]);
  }
  expect(api.queue.messages).toHaveLength(1);
});
