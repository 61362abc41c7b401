import { destroyClients } from "../aws/clients.ts";
import { destroy as destroyStack } from "../stack/destroy.ts";
import { print } from "./lifecycle.ts";
import type { DestroyOptions } from "./options.ts";
import { clientsFor, counted, describeTarget } from "./target.ts";

/** `orderflow destroy`: removes the stack of a prefix, and prints each removal. */
export async function destroy(options: DestroyOptions): Promise<void> {
  const { prefix } = options;
  const clients = clientsFor(options.endpoint);
  try {
    print(
      `orderflow: destroying stack "${prefix || "(no prefix)"}" on ${await describeTarget(clients)}`,
    );
    const result = await destroyStack(clients, { prefix }, { log: (line) => print(`  ${line}`) });
    print(`orderflow: destroyed (${counted(result.actions.length, "removal")})`);
  } finally {
    destroyClients(clients);
  }
}
