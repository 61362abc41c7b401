// Starting the parts the commands share (the embedded cloud, the API thread) and reaching a
// stack, with errors that say what to do.
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import {
  authConfigFromEnv,
  rateLimitFromEnv,
  startApiThread,
  type ApiThread,
} from "../api/index.ts";
import { awsConfigFromEnv, createClients, type AwsClients } from "../aws/clients.ts";
import { startCloud, type Cloud, type StartCloudOptions } from "../cloud/index.ts";
import { resourceNames } from "../stack/names.ts";

/** Clients for --endpoint, else AWS_ENDPOINT_URL, else real AWS. */
export function clientsFor(endpoint: string | undefined): AwsClients {
  const env = endpoint ? { ...process.env, AWS_ENDPOINT_URL: endpoint } : process.env;
  return createClients(awsConfigFromEnv(env));
}

/** The endpoint, or the AWS account and region, for the first line a command prints. */
export async function describeTarget(clients: AwsClients): Promise<string> {
  if (clients.config.endpoint) return clients.config.endpoint;
  const who = await clients.sts.send(new GetCallerIdentityCommand({}));
  return `AWS account ${who.Account} in ${clients.config.region}`;
}

/** What answers at an endpoint, by its `/_localstack/health` document (which ours imitates). */
export async function probeEndpoint(
  endpoint: string,
): Promise<"embedded" | "localstack" | "other"> {
  try {
    const res = await fetch(new URL("/_localstack/health", endpoint), {
      signal: AbortSignal.timeout(2_000),
    });
    const health = (await res.json()) as { edition?: unknown; services?: unknown };
    if (health.edition === "orderflow-embedded") return "embedded";
    return res.ok && typeof health.services === "object" ? "localstack" : "other";
  } catch {
    return "other";
  }
}

function listenError(error: unknown, flag: string, port: number): Error {
  const e = error as NodeJS.ErrnoException;
  if (
    e.code === "EADDRINUSE" ||
    (e.cause as NodeJS.ErrnoException | undefined)?.code === "EADDRINUSE"
  ) {
    return new Error(
      `port ${port} is already in use (another orderflow, or LocalStack?): choose another with ${flag} (0 picks a free one)`,
      { cause: error },
    );
  }
  return error as Error;
}

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

/** "12 changes", "1 removal". */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
