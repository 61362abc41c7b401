import { judgeStep, offerLoad, schedule, type OrderRecord } from "./load.ts";

describe("schedule", () => {
  it("spaces sends evenly and bounds their count by rate × duration", () => {
    expect(schedule(4, 1)).toEqual([0, 250, 500, 750]);
    expect(schedule(200, 30)).toHaveLength(6000);
  });
});

describe("offerLoad", () => {
  it("sends every scheduled order once, records the answers, and stops by itself", async () => {
    let n = 0;
    const outcome = await offerLoad(
      { rate: 200, durationSeconds: 0.1, maxInFlight: 4 },
      () => `ORD-${n++}`,
      async (id) => (id === "ORD-3" ? 500 : 202),
    );
    expect(outcome.records.map((r) => r.orderId)).toEqual(
      Array.from({ length: 20 }, (_, i) => `ORD-${i}`),
    );
    expect(outcome.records.filter((r) => r.acceptedAt !== undefined)).toHaveLength(19);
    expect(outcome.records[3]!.status).toBe(500);
  });

  it("never has more requests in flight than allowed", async () => {
    let inFlight = 0;
    let most = 0;
    let n = 0;
    await offerLoad(
      { rate: 1000, durationSeconds: 0.05, maxInFlight: 3 },
      () => `ORD-${n++}`,
      async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setImmediate(r));
        inFlight--;
        return 202;
      },
    );
    expect(most).toBeLessThanOrEqual(3);
    expect(n).toBe(50);
  });

  it("records a failed request as status 0 without stopping", async () => {
    let n = 0;
    const outcome = await offerLoad(
      { rate: 100, durationSeconds: 0.03, maxInFlight: 2 },
      () => `ORD-${n++}`,
      async () => {
        throw new Error("connection refused");
      },
    );
    expect(outcome.records.every((r) => r.status === 0)).toBe(true);
  });
});

function steady(count: number, latency: (i: number) => number): OrderRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    orderId: `ORD-${i}`,
    submitAt: i * 10,
    acceptedAt: i * 10 + 1,
    status: 202,
    invoicedAt: i * 10 + latency(i),
  }));
}

const plan = { rate: 100, durationSeconds: 1, maxInFlight: 10 };

describe("judgeStep", () => {
  it("sustains a step with flat latency, full acceptance and empty queues", () => {
    const verdict = judgeStep({
      plan,
      outcome: { records: steady(100, () => 20), sentPerSecond: 100, lagMs: 0 },
      leftBehind: 0,
    });
    expect(verdict).toEqual({ sustained: true, reasons: [] });
  });

  it("rejects a step whose latency keeps growing", () => {
    const verdict = judgeStep({
      plan,
      outcome: { records: steady(100, (i) => 20 + i * 10), sentPerSecond: 100, lagMs: 0 },
      leftBehind: 0,
    });
    expect(verdict.sustained).toBe(false);
    expect(verdict.reasons).toContainEqual(
      expect.stringMatching(/latency grew from \d+ ms to \d+ ms/),
    );
  });

  it("rejects a step whose invoices trail far behind the offered rate", () => {
    // 100 orders over 1 s, every one invoiced 3 s late: 25/s out for 100/s in.
    const verdict = judgeStep({
      plan,
      outcome: { records: steady(100, () => 3000), sentPerSecond: 100, lagMs: 0 },
      leftBehind: 0,
    });
    expect(verdict.reasons).toEqual(["invoiced only 25/s of 100/s (backlog built up)"]);
  });

  it("names every way a step fell short", () => {
    const records = steady(100, () => 20);
    records[0]!.status = 503;
    delete records[1]!.invoicedAt;
    const verdict = judgeStep({
      plan,
      outcome: { records, sentPerSecond: 80, lagMs: 200 },
      leftBehind: 3,
    });
    expect(verdict.reasons).toEqual([
      "offered only 80/s of 100/s",
      "1 orders not accepted",
      "1 accepted orders never invoiced",
      "3 messages left in queues",
    ]);
  });
});
