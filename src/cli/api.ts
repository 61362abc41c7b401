import { GetQueueUrlCommand } from "@aws-sdk/client-sqs";
import { destroyClients, type AwsClients } from "../aws/clients.ts";
import { isMissing } from "../stack/aws-errors.ts";
import { resourceNames } from "../stack/names.ts";
import { print, shutdown, untilStopped } from "./lifecycle.ts";
import { DEFAULT_API_PORT, type ApiOptions } from "./options.ts";
import { startApiFor, tryItText } from "./services.ts";
import { clientsFor } from "./target.ts";

/** The API alone is no use without the stack: say so at start, not on the first order. */
async function requireStack(clients: AwsClients, prefix: string): Promise<void> {
  const queue = resourceNames(prefix).taskQueue;
  try {
    await clients.sqs.send(new GetQueueUrlCommand({ QueueName: queue }));
  } catch (error) {
    if (!isMissing(error)) throw error;
    const where = clients.config.endpoint ? ` -- --endpoint ${clients.config.endpoint}` : "";
    throw new Error(`no queue ${queue} there: deploy the stack first (npm run deploy${where})`, {
      cause: error,
    });
  }
}

/** `orderflow api`: the API alone, against a stack deployed elsewhere. */
export async function api(options: ApiOptions): Promise<void> {
  const clients = clientsFor(options.endpoint);
  try {
    await requireStack(clients, options.prefix);
  } catch (error) {
    destroyClients(clients);
    throw error;
  }
  const api = await startApiFor(
    clients,
    options.prefix,
    options.port ?? DEFAULT_API_PORT,
    options.host,
  );
  print(
    `orderflow api on ${api.url} (docs ${api.url}/docs) using ${clients.config.endpoint ?? `AWS ${clients.config.region}`}`,
  );
  print(tryItText(api.url));
  await untilStopped();
  await shutdown([["the API", () => api.close()]]);
  destroyClients(clients);
  print("orderflow api: stopped");
}
