// Starting the parts the commands share (the embedded cloud, the API thread), with errors that
// say what to do.
import {
  authConfigFromEnv,
  rateLimitFromEnv,
  startApiThread,
  type ApiThread,
} from "../api/index.ts";
import type { AwsClients } from "../aws/clients.ts";
import { startCloud, type Cloud, type StartCloudOptions } from "../cloud/index.ts";
import { resourceNames } from "../stack/names.ts";
import { listenError } from "./ports.ts";

/** The embedded cloud on `port`, the command's `flag` named when the port is taken. */
export async function startCloudOn(
  port: number,
  host: string | undefined,
  flag: string,
  more: Pick<StartCloudOptions, "dataDir" | "time"> = {},
): Promise<Cloud> {
  try {
    return await startCloud({ port, ...(host ? { host } : {}), ...more });
  } catch (error) {
    throw listenError(error, flag, port);
  }
}

/** The API on its own thread, as it is its own service on AWS: the cloud keeps this one. */
export async function startApiFor(
  clients: AwsClients,
  prefix: string,
  port: number,
  host: string | undefined,
): Promise<ApiThread> {
  const names = resourceNames(prefix);
  try {
    return await startApiThread({
      aws: clients.config,
      bucket: names.bucket,
      taskQueue: names.taskQueue,
      dlq: names.dlq,
      auth: authConfigFromEnv(process.env),
      rateLimit: rateLimitFromEnv(process.env),
      port,
      host,
    });
  } catch (error) {
    throw listenError(error, "--port", port);
  }
}

/** What to paste to place an order and look at it, against the API at `api`. */
export function tryItText(api: string): string {
  const json = "-H 'content-type: application/json'";
  const auth = '-H "authorization: Bearer $TOKEN"';
  const order = `{"order_id":"ORD-1001","items":[{"name":"Keyboard","price":349.99,"quantity":3}],"promo_code":"SAVE10"}`;
  return [
    "Try it:",
    `  TOKEN=$(curl -s -X POST ${api}/token ${json} -d '{"user_id":"alice"}' | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')`,
    `  curl -s -X POST ${api}/orders ${auth} ${json} -d '${order}'`,
    `  curl -s ${api}/orders/ORD-1001 ${auth}`,
  ].join("\n");
}
