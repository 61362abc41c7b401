import { runSoak } from "./run-soak.ts";

// A cloud, a deployment and a few retry rounds, on a shared machine.
const SLOW = 120_000;

test(
  "40 orders under function faults and S3/SQS faults, production settings on a skipping clock: every order ends in exactly one place",
  async () => {
    const report = await runSoak({
      orders: 40,
      poisonShare: 0.05,
      seed: 7,
      time: "skip",
      crashRate: 0.05,
      timeoutRate: 0.03,
      duplicateRate: 0.05,
      // The documented fault budget's rates, latency kept small: a served request holds the clock.
      s3ErrorRate: 0.02,
      s3ThrottleRate: 0.02,
      s3ResetRate: 0.01,
      sqsErrorRate: 0.02,
      sqsThrottleRate: 0.02,
      sqsResetRate: 0.01,
      latencyMs: 1,
      latencyJitterMs: 1,
      concurrency: 16,
      deadlineSeconds: 100,
    });
    const f = report.figures;
    expect(report.violations).toEqual([]);
    expect(report.settled).toBe(true);
    expect(f).toMatchObject({
      goodAccepted: 38,
      goodRefused: 0,
      poisonSent: 2,
      notSent: 0,
      poisonRecorded: 2,
      lost: 0,
      duplicated: 0,
      incomplete: 0,
      misplaced: 0,
      strayKeys: 0,
      queuedLeft: 0,
    });
    expect(f.invoicedFirstTry + f.invoicedAfterRetry + f.deadLetteredGood).toBe(f.goodAccepted);
    // The campaign means something only if faults struck, and the SDK made some of them good.
    const struck = report.serviceFaults.filter((t) => t.kind !== "latency");
    expect(struck.reduce((n, t) => n + t.struck, 0)).toBeGreaterThan(0);
    expect(struck.reduce((n, t) => n + t.retriedAway, 0)).toBeGreaterThan(0);
    expect(report.ok).toBe(true);
  },
  SLOW,
);
