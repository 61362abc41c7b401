import { destroyClients, emulatorClients } from "../aws/clients.ts";
import { EMULATOR_CREDENTIALS } from "../aws/config.ts";
import { deploy } from "../stack/deploy.ts";
import { settingsInBrief } from "../stack/settings.ts";
import { print, shutdown, untilStopped } from "./lifecycle.ts";
import { DEFAULT_API_PORT, DEFAULT_CLOUD_PORT, type UpOptions } from "./options.ts";
import { startApiFor, startCloudOn, tryItText } from "./services.ts";

/** `orderflow up`: the embedded cloud, the stack deployed to it, and the API, in one process. */
export async function up(options: UpOptions): Promise<void> {
  const { settings, dataDir } = options;
  const cloud = await startCloudOn(
    options.cloudPort ?? DEFAULT_CLOUD_PORT,
    options.host,
    "--cloud-port",
    dataDir === undefined ? {} : { dataDir },
  );
  const clients = emulatorClients(cloud.endpoint, cloud.region);
  print(`orderflow: embedded cloud on ${cloud.endpoint}; deploying the stack`);
  const started = performance.now();
  // The API looks its queues up on first use, so its thread starts while the stack deploys.
  const [deployed, apiStart] = await Promise.allSettled([
    deploy(clients, settings, { log: (line) => print(`  ${line}`) }),
    startApiFor(clients, "", options.port ?? DEFAULT_API_PORT, options.host),
  ]);
  if (deployed.status === "rejected" || apiStart.status === "rejected") {
    if (apiStart.status === "fulfilled") await apiStart.value.close();
    destroyClients(clients);
    await cloud.stop();
    throw deployed.status === "rejected"
      ? deployed.reason
      : (apiStart as PromiseRejectedResult).reason;
  }
  print(`  deployed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const api = apiStart.value;
  print();
  print("orderflow is up");
  print(`  API        ${api.url}`);
  print(`  API docs   ${api.url}/docs`);
  print(
    `  cloud      ${cloud.endpoint}   (AWS_ENDPOINT_URL for the aws CLI and SDKs; credentials ${EMULATOR_CREDENTIALS.accessKeyId}/${EMULATOR_CREDENTIALS.secretAccessKey})`,
  );
  if (dataDir) {
    print(`  data       ${dataDir}   (queues, messages and objects survive a restart)`);
  }
  print(`  settings   ${options.settingsName}: ${settingsInBrief(settings)}`);
  print();
  print(tryItText(api.url));
  print();
  print("Ctrl-C stops everything.");
  const reason = await untilStopped();
  print(`orderflow: ${reason}, stopping`);
  // New orders stop first; in-flight requests finish; then the functions and the cloud. An
  // invocation cut off by the stop leaves its message in flight: SQS hands it out again after
  // the visibility timeout (with --data-dir, after a restart).
  await shutdown([
    ["the API", () => api.close()],
    [
      "the embedded cloud",
      async () => {
        destroyClients(clients);
        await cloud.stop();
      },
    ],
  ]);
  print("orderflow: stopped");
}
