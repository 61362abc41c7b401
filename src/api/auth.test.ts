import { SignJWT, decodeProtectedHeader } from "jose";
import type { IncomingMessage } from "node:http";
import {
  MAX_TOKEN_LENGTH,
  authConfigFromEnv,
  authenticate,
  issueToken,
  rememberedTokenCount,
} from "./auth.ts";
import { call, type CallOptions } from "./testing/http.ts";
import { TEST_AUTH, startTestApi } from "./testing/test-api.ts";

test("JWT_SECRET of at least 32 bytes is used as the key", () => {
  const secret = "0123456789abcdef0123456789abcdef";
  const config = authConfigFromEnv({ JWT_SECRET: secret }, () => {
    throw new Error("no warning expected");
  });
  expect(new TextDecoder().decode(config.secret)).toBe(secret);
  expect(config).toMatchObject({
    issuer: "orderflow",
    audience: "orderflow-api",
    ttlSeconds: 3600,
    maxRememberedTokens: 10_000,
  });
});

test("a short JWT_SECRET is a clear start-up error that says how to make one", () => {
  expect(() => authConfigFromEnv({ JWT_SECRET: "short" })).toThrow(
    "JWT_SECRET must be at least 32 bytes, it has 5; generate one with: openssl rand -base64 48",
  );
});

test("without JWT_SECRET: a random 32-byte secret and one warning line", () => {
  const warnings: string[] = [];
  const a = authConfigFromEnv({}, (m) => warnings.push(m));
  const b = authConfigFromEnv({}, (m) => warnings.push(m));
  expect(a.secret).toHaveLength(32);
  expect(a.secret).not.toEqual(b.secret);
  expect(warnings).toHaveLength(2);
  expect(warnings[0]).toMatch(/JWT_SECRET is not set/);
  const empty = authConfigFromEnv({ JWT_SECRET: "" }, (m) => warnings.push(m));
  expect(empty.secret).toHaveLength(32);
  expect(warnings).toHaveLength(3);
});

test("by default the warning is one JSON line on stderr", () => {
  const write = process.stderr.write;
  const written: unknown[] = [];
  process.stderr.write = ((chunk: unknown) => written.push(chunk) > 0) as typeof write;
  try {
    authConfigFromEnv({});
  } finally {
    process.stderr.write = write;
  }
  expect(written).toEqual([
    '{"level":"warn","msg":"JWT_SECRET is not set: using a random secret, tokens end with this process"}\n',
  ]);
});

test("an issued token says what it is: an HS256 JWT", async () => {
  const token = await issueToken(TEST_AUTH, "alice", Date.now());
  expect(decodeProtectedHeader(token)).toEqual({ alg: "HS256", typ: "JWT" });
});

/** authenticate() without a server: the user, or the 401 it throws. */
async function authenticateAt(token: string, nowMs: number, config = TEST_AUTH) {
  const request = { headers: { authorization: `Bearer ${token}` } } as IncomingMessage;
  return authenticate(request, new URLSearchParams(), config, nowMs);
}

test("a token issued up to 5 s ahead of our clock is taken (clock skew), 6 s is not", async () => {
  const now = Date.parse("2026-11-25T10:00:00Z");
  const config = { ...TEST_AUTH };
  expect(await authenticateAt(await issueToken(config, "alice", now + 5_000), now, config)).toBe(
    "alice",
  );
  await expect(
    authenticateAt(await issueToken(config, "bob", now + 6_000), now, config),
  ).rejects.toMatchObject({ status: 401, message: "the token is not valid yet" });
});

test("the memory of verified tokens is bounded: past the limit it starts again", async () => {
  const config = { ...TEST_AUTH, maxRememberedTokens: 3 };
  expect(rememberedTokenCount(config)).toBe(0);
  const now = Date.parse("2026-11-25T10:00:00Z");
  const signIn = async (user: string) =>
    authenticateAt(await issueToken(config, user, now), now, config);
  for (const user of ["ann", "bob", "cy", "ann"]) await signIn(user);
  expect(rememberedTokenCount(config)).toBe(3);
  expect(await signIn("one-too-many")).toBe("one-too-many");
  expect(rememberedTokenCount(config)).toBe(1);
});

describe("the 401 answer names the problem, with the RFC 6750 challenge", () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  const now = () => Math.floor(Date.now() / 1000);
  const sign = (claims: Record<string, unknown>, secret = TEST_AUTH.secret) =>
    new SignJWT({ iss: "orderflow", aud: "orderflow-api", iat: now(), exp: now() + 600, ...claims })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(secret);
  const bearer = async (token: Promise<string> | string) => ({
    headers: { authorization: `Bearer ${await token}` },
  });
  const challenge = (error: string, description: string) =>
    `Bearer realm="orderflow", error="${error}", error_description="${description}"`;

  interface Case {
    name: string;
    request: () => Promise<CallOptions & { query?: string }>;
    detail: string;
    /** The RFC 6750 error code; none when no credentials were sent at all. */
    error?: "invalid_request" | "invalid_token";
  }
  const invalidToken = (name: string, token: () => Promise<string> | string, detail: string) => ({
    name,
    request: () => bearer(token()),
    detail,
    error: "invalid_token" as const,
  });
  const cases: Case[] = [
    {
      name: "no Authorization header",
      request: async () => ({}),
      detail: "a Bearer token is required",
    },
    {
      name: "the token in the query string",
      request: async () => ({ query: `?access_token=${await api.token("alice")}` }),
      detail: "send the token in the Authorization header, not in the URL",
      error: "invalid_request",
    },
    {
      name: "another scheme",
      request: async () => ({ headers: { authorization: "Basic YWxpY2U6cHc=" } }),
      detail: "the Authorization header must be 'Bearer <token>'",
      error: "invalid_request",
    },
    {
      name: "a scheme that only ends in Bearer",
      request: async () => ({ headers: { authorization: `XBearer ${await api.token("alice")}` } }),
      detail: "the Authorization header must be 'Bearer <token>'",
      error: "invalid_request",
    },
    invalidToken(
      "a token over the size limit",
      () => "a".repeat(MAX_TOKEN_LENGTH + 1),
      "the token is too long",
    ),
    invalidToken(
      "garbage just within the size limit",
      () => "a".repeat(MAX_TOKEN_LENGTH),
      "the token is not valid",
    ),
    invalidToken(
      "an expired token",
      () => sign({ sub: "alice", iat: now() - 7200, exp: now() - 3600 }),
      "the token has expired",
    ),
    invalidToken(
      "another key's signature",
      () => sign({ sub: "alice" }, new TextEncoder().encode("z".repeat(40))),
      "the token is not valid",
    ),
    invalidToken("an empty subject", () => sign({ sub: "" }), "the token has no subject"),
    invalidToken(
      "a token issued in the future",
      () => sign({ sub: "alice", iat: now() + 3600, exp: now() + 7200 }),
      "the token is not valid yet",
    ),
  ];

  test.each(cases)("$name", async ({ request, detail, error }) => {
    const { query = "", ...options } = await request();
    const answer = await call(api.url, `/dlq/stats${query}`, options);
    expect(answer.status).toBe(401);
    expect(answer.headers["www-authenticate"]).toBe(
      error ? challenge(error, detail) : 'Bearer realm="orderflow"',
    );
    expect(answer.json).toEqual({
      type: "urn:orderflow:problem:unauthorized",
      title: "Unauthorized",
      status: 401,
      detail,
    });
  });

  test("the scheme is case-insensitive and spaces around the token are allowed", async () => {
    const token = await api.token("alice");
    for (const authorization of [`bearer ${token}`, `BEARER   ${token}  `]) {
      expect((await call(api.url, "/dlq/stats", { headers: { authorization } })).status).toBe(200);
    }
  });
});
