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
