/** The Lambda service's own structured events (a function's output goes to CloudWatch Logs). */
export type LambdaLog = (
  level: "info" | "warn" | "error",
  msg: string,
  fields?: Record<string, unknown>,
) => void;

/**
 * Warnings and errors as JSON lines on stderr. Info events (failed batches, injected faults)
 * are dropped: a function's failures are already in its own log group.
 */
export const stderrLog: LambdaLog = (level, msg, fields = {}) => {
  if (level === "info") return;
  const line = { time: new Date().toISOString(), level, component: "lambda", msg, ...fields };
  process.stderr.write(`${JSON.stringify(line)}\n`);
};
