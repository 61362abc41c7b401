import { runSoak } from "./run-soak.ts";

// A cloud, a deployment and two retry rounds of a couple of seconds each, on a shared machine.
const SLOW = 240_000;

test(
  "500 orders under injected crashes, timeouts and duplicate deliveries: every order ends in exactly one place",
  async () => {
    const report = await runSoak({
      orders: 500,
      poisonShare: 0.05,
      seed: 7,
      crashRate: 0.05,
      timeoutRate: 0.03,
      duplicateRate: 0.05,
      concurrency: 16,
      visibilitySeconds: 6,
      deadlineSeconds: 200,
    });
    const f = report.figures;
    expect(report.violations).toEqual([]);
    expect(report.settled).toBe(true);
    expect(f).toMatchObject({
      goodAccepted: 475,
      goodRefused: 0,
      poisonSent: 25,
      notSent: 0,
      poisonRecorded: 25,
      lost: 0,
      duplicated: 0,
      incomplete: 0,
      misplaced: 0,
      strayKeys: 0,
      queuedLeft: 0,
    });
    expect(f.invoicedFirstTry + f.invoicedAfterRetry + f.deadLetteredGood).toBe(f.goodAccepted);
    // The campaign means something only if faults struck. (The retry split is sampled from the
    // queue, a lower bound, so it is printed, not asserted.)
    expect(report.faultsLogged.crashes + report.faultsLogged.timeouts).toBeGreaterThan(0);
    expect(report.ok).toBe(true);
  },
  SLOW,
);
