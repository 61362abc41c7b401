// Test support: holding a skipping cloud's clock from outside.
import { request } from "node:http";

/**
 * A request whose body has not arrived yet is a request being served: it holds the cloud's
 * clock. Resolves (once connected) to a function that sends the body and so lets the clock go.
 * A CloudWatch Logs request by default, which no service fault touches.
 */
export async function holdClock(
  endpoint: string,
  target = "Logs_20140328.DescribeLogGroups",
): Promise<() => Promise<void>> {
  const body = JSON.stringify({});
  const req = request(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": target,
      "content-length": Buffer.byteLength(body),
    },
  });
  const answered = new Promise<void>((resolve, reject) => {
    req.on("response", (res) => res.resume().on("end", resolve));
    req.on("error", reject);
  });
  req.flushHeaders();
  await new Promise((resolve) => req.once("socket", (s) => s.once("connect", resolve)));
  return async () => {
    req.end(body);
    await answered;
  };
}
