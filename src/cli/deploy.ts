import { destroyClients } from "../aws/clients.ts";
import { deploy as deployStack, POLL_INTERVAL_MS } from "../stack/deploy.ts";
import { describeSettings } from "../stack/settings.ts";
import { print } from "./lifecycle.ts";
import { chooseSettings, type DeployOptions } from "./options.ts";
import { clientsFor, counted, describeTarget, probeEndpoint } from "./target.ts";

const labels: Record<string, string> = {
  embedded: " (the embedded cloud)",
  localstack: " (LocalStack)",
};

/** `orderflow deploy`: creates or updates the stack, and prints the settings and each change. */
export async function deploy(options: DeployOptions): Promise<void> {
  const clients = clientsFor(options.endpoint);
  const endpoint = clients.config.endpoint;
  try {
    const { name, settings, why } = chooseSettings(options.settingsName, options.prefix, endpoint);
    const kind = endpoint ? await probeEndpoint(endpoint) : "aws";
    print(
      `orderflow: deploying stack "${settings.prefix || "(no prefix)"}" to ${await describeTarget(clients)}${labels[kind] ?? ""}`,
    );
    print(`  settings: ${name} (${why}; --settings production|local|test to choose)`);
    for (const line of describeSettings(settings)) print(`    ${line}`);
    const started = performance.now();
    const result = await deployStack(clients, settings, {
      log: (line) => print(`  ${line}`),
      ...(kind === "localstack" ? { pollIntervalMs: POLL_INTERVAL_MS.localstack } : {}),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    print(`orderflow: deployed (${counted(result.actions.length, "change")}) in ${seconds} s`);
  } finally {
    destroyClients(clients);
  }
}
