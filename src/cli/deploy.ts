import { destroyClients } from "../aws/clients.ts";
import { deploy as deployStack } from "../stack/deploy.ts";
import { print } from "./lifecycle.ts";
import type { DeployOptions } from "./options.ts";
import { clientsFor, counted, describeTarget } from "./services.ts";

/** `orderflow deploy`: creates or updates the stack, and prints each change. */
export async function deploy(options: DeployOptions): Promise<void> {
  const { settings } = options;
  const clients = clientsFor(options.endpoint);
  try {
    print(
      `orderflow: deploying stack "${settings.prefix || "(no prefix)"}" to ${await describeTarget(clients)}`,
    );
    const started = performance.now();
    const result = await deployStack(clients, settings, { log: (line) => print(`  ${line}`) });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    print(`orderflow: deployed (${counted(result.actions.length, "change")}) in ${seconds} s`);
  } finally {
    destroyClients(clients);
  }
}
