import type { SoakReport } from "./run-soak.ts";

function table(rows: [string, string | number][]): string[] {
  const width = 46;
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${String(value).padStart(8)}`);
}

/** The campaign as a plain-text table: what was sent, where every order ended, what broke. */
export function formatReport(report: SoakReport): string {
  const { options: o, figures: f, seconds: s } = report;
  const lines = [
    `soak: ${o.orders} orders, ${Math.round(o.poisonShare * 100)}% poison, seed ${o.seed}; ` +
      `faults per invocation: crash ${o.crashRate}, timeout ${o.timeoutRate}; duplicate deliveries ${o.duplicateRate}; ` +
      (o.time === "skip"
        ? "production settings on a clock that skips idle time (retry after 180 s), dead-letter after 2 receives"
        : `real time, retry after ${o.visibilitySeconds} s, dead-letter after 2 receives`),
    `faults per attempt of an S3 call: InternalError ${o.s3ErrorRate}, SlowDown ${o.s3ThrottleRate}, reset ${o.s3ResetRate}; ` +
      `of an SQS call: ServiceUnavailable ${o.sqsErrorRate}, RequestThrottled ${o.sqsThrottleRate}, reset ${o.sqsResetRate}; ` +
      `latency ${o.latencyMs} ms + exponential jitter of mean ${o.latencyJitterMs} ms`,
    "",
    "sent",
    ...table([
      ["good orders accepted by the API (202)", f.goodAccepted],
      ["  of which on a client's retry (after a 503)", report.acceptedOnRetry],
      ["good orders refused by the API", f.goodRefused],
      ["poison orders put on the task queue", f.poisonSent],
      ["orders not sent", f.notSent],
    ]),
    "",
    "where each order ended",
    ...table([
      ["invoiced + notified, first try", f.invoicedFirstTry],
      ["invoiced + notified, after a retry (seen)", f.invoicedAfterRetry],
      ["good, dead-lettered by transient faults", f.deadLetteredGood],
      ["poison, dead-lettered with a failure record", f.poisonRecorded],
    ]),
    "",
    "conservation (all must be 0)",
    ...table([
      ["lost", f.lost],
      ["duplicated (invoice and failure record)", f.duplicated],
      ["incomplete (invoice without notification)", f.incomplete],
      ["misplaced (wrong record or reason)", f.misplaced],
      ["stray keys in the bucket", f.strayKeys],
      ["messages left in queues", f.queuedLeft],
    ]),
    "",
    "failed invocations in the functions' logs (batches of up to 10)",
    ...table([
      ["crashed (worker died)", report.faultsLogged.crashes],
      ["timed out", report.faultsLogged.timeouts],
      ["dead-letter deliveries already invoiced", report.faultsLogged.alreadyInvoiced],
      ["records tried again in the function (S3/SQS)", report.faultsLogged.recordRetries],
    ]),
    "",
    "faults of S3 and SQS: attempts struck / retried away by the SDK / not (the call failed, or its caller died first)",
    ...report.serviceFaults.map(
      (t) =>
        `  ${`${t.service} ${t.kind}`.padEnd(30)}  ${String(t.struck).padStart(8)}  ${t.kind === "latency" ? "       -" : String(t.retriedAway).padStart(8)}  ${t.kind === "latency" ? "       -" : String(t.struck - t.retriedAway).padStart(8)}`,
    ),
    "",
    `time: setup ${s.setup} s, send ${s.send} s (${rate(o.orders, s.send)} orders/s), settle ${s.settle} s, audit ${s.audit} s`,
    "",
    report.ok
      ? "PASS: zero lost, zero duplicated; every order ended in exactly one place"
      : `FAIL: ${report.violations.length} problem(s)`,
    ...report.violations.map((v) => `  - ${v}`),
  ];
  return lines.join("\n");
}

function rate(count: number, secondsTaken: number): string {
  return secondsTaken > 0 ? (count / secondsTaken).toFixed(0) : "-";
}
