import { authConfigFromEnv, createAwsApiDeps, startApi, type RunningApi } from "../api/index.ts";
import type { AwsClients } from "../aws/clients.ts";
import type { ResourceNames } from "../stack/names.ts";

/**
 * The API the scenarios talk to, in this process, against a deployed stack, with a secret of
 * the run's own (the scenarios forge tokens with it to test refusals).
 */
export function startScenarioApi(
  clients: AwsClients,
  names: Pick<ResourceNames, "bucket" | "taskQueue" | "dlq">,
  jwtSecret: string,
  log: (line: Record<string, unknown>) => void,
): Promise<RunningApi> {
  return startApi({
    port: 0,
    host: "127.0.0.1",
    deps: {
      ...createAwsApiDeps({
        clients,
        bucket: names.bucket,
        taskQueue: names.taskQueue,
        dlq: names.dlq,
      }),
      auth: authConfigFromEnv({ JWT_SECRET: jwtSecret }),
      // Scenarios are not a load test: the rate limit has its own tests (src/api).
      rateLimit: { capacity: 10_000, refillPerSecond: 10_000 },
      log,
    },
  });
}
