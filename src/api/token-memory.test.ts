// A verified token is remembered until it expires: these prove the memory never outlives the
// token's own validity, nor crosses from one secret to another.
import { issueToken } from "./auth.ts";
import { TEST_AUTH, startTestApi } from "./testing/test-api.ts";
import { call } from "./testing/http.ts";

const HOUR = 3_600_000;

test("a remembered token is still refused once it has expired", async () => {
  let clock = Date.parse("2026-11-25T10:00:00Z");
  const api = await startTestApi({ now: () => clock });
  try {
    const token = await api.token("alice");
    expect((await call(api.url, "/dlq/stats", { token })).status).toBe(200);
    expect((await call(api.url, "/dlq/stats", { token })).status).toBe(200);
    clock += HOUR + 60_000;
    const late = await call(api.url, "/dlq/stats", { token });
    expect(late.status).toBe(401);
    expect(late.json).toMatchObject({ detail: "the token has expired" });
  } finally {
    await api.close();
  }
});

test("a token issued for later is refused until its time, then accepted", async () => {
  let clock = Date.parse("2026-11-25T10:00:00Z");
  const api = await startTestApi({ now: () => clock });
  try {
    const early = await issueToken(TEST_AUTH, "bob", clock + 60_000);
    expect((await call(api.url, "/dlq/stats", { token: early })).status).toBe(401);
    clock += 60_000;
    expect((await call(api.url, "/dlq/stats", { token: early })).status).toBe(200);
    clock -= 60_000;
    expect((await call(api.url, "/dlq/stats", { token: early })).status).toBe(401);
  } finally {
    await api.close();
  }
});

test("a token remembered by one API is not taken by an API with another secret", async () => {
  const first = await startTestApi();
  const other = { ...TEST_AUTH, secret: new TextEncoder().encode("x".repeat(40)) };
  const second = await startTestApi({ auth: other });
  try {
    const token = await first.token("carol");
    expect((await call(first.url, "/dlq/stats", { token })).status).toBe(200);
    expect((await call(second.url, "/dlq/stats", { token })).status).toBe(401);
  } finally {
    await first.close();
    await second.close();
  }
});

test("a remembered token's header and payload with another key's signature are refused", async () => {
  const clock = Date.parse("2026-11-25T10:00:00Z");
  const api = await startTestApi({ now: () => clock });
  try {
    const token = await issueToken(TEST_AUTH, "alice", clock);
    expect((await call(api.url, "/dlq/stats", { token })).status).toBe(200);
    const otherKey = { ...TEST_AUTH, secret: new TextEncoder().encode("y".repeat(40)) };
    const forged = await issueToken(otherKey, "alice", clock);
    // The same header and payload, so only the signature tells the two apart.
    expect(forged.split(".").slice(0, 2)).toEqual(token.split(".").slice(0, 2));
    expect(forged).not.toBe(token);
    const answer = await call(api.url, "/dlq/stats", { token: forged });
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ detail: "the token is not valid" });
    expect(api.dlq.calls).toBe(1);
  } finally {
    await api.close();
  }
});

test("a remembered token expires at the very moment a fresh verification would refuse it", async () => {
  const issuedAt = Date.parse("2026-11-25T10:00:00Z");
  let clock = issuedAt;
  const remembering = await startTestApi({ now: () => clock });
  // The same secret in another object: the memory is per configuration, so this one has none.
  const fresh = await startTestApi({ now: () => clock, auth: { ...TEST_AUTH } });
  try {
    const token = await issueToken(TEST_AUTH, "alice", issuedAt);
    expect((await call(remembering.url, "/dlq/stats", { token })).status).toBe(200);
    // jose refuses a token from `exp` plus the 5 s of clock skew it tolerates, to the second.
    clock = issuedAt + (TEST_AUTH.ttlSeconds + 5) * 1000;
    const statuses = await Promise.all(
      [remembering, fresh].map(
        async (api) => (await call(api.url, "/dlq/stats", { token })).status,
      ),
    );
    expect(statuses).toEqual([401, 401]);
    clock -= 1;
    expect((await call(remembering.url, "/dlq/stats", { token })).status).toBe(200);
  } finally {
    await remembering.close();
    await fresh.close();
  }
});
