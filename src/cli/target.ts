// Reaching a stack wherever it is (an endpoint, or real AWS) and saying where that is.
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { awsConfigFromEnv, createClients, type AwsClients } from "../aws/clients.ts";

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

/** "12 changes", "1 removal". */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
