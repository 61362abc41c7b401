import { authConfigFromEnv } from "./auth.ts";

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
  });
});

test("a short JWT_SECRET is a clear start-up error", () => {
  expect(() => authConfigFromEnv({ JWT_SECRET: "short" })).toThrow(
    "JWT_SECRET must be at least 32 bytes, it has 5",
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
});
