#!/usr/bin/env node
// orderflow's command line: the whole system in one process, or its parts against any endpoint.
import { parseArgs } from "node:util";
import { GetQueueUrlCommand } from "@aws-sdk/client-sqs";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import {
  authConfigFromEnv,
  rateLimitFromEnv,
  startApiThread,
  type ApiThread,
} from "./api/index.ts";
import { awsConfigFromEnv, createClients, destroyClients, type AwsClients } from "./aws/clients.ts";
import { startCloud, type Cloud } from "./cloud/index.ts";
import { isMissing } from "./stack/aws-errors.ts";
import { deploy } from "./stack/deploy.ts";
import { destroy } from "./stack/destroy.ts";
import { resourceNames } from "./stack/names.ts";
import {
  localSettings,
  productionSettings,
  testSettings,
  withSettings,
  type StackSettings,
} from "./stack/settings.ts";

export const USAGE = `usage: orderflow <command> [options]

  up        embedded cloud + deploy + API in one process (npm start)
              --port N (API, default 3000)  --cloud-port N (default 4566)  --host H
              --data-dir DIR (keep queues, messages and objects there across restarts)
              --settings local|test|production (timeouts; default local)
  cloud     the embedded cloud alone        --port N (default 4566)  --host H
  deploy    create or update the stack      --endpoint URL  --prefix P  --settings production|local|test
  destroy   remove the stack                --endpoint URL  --prefix P
  api       the API against a deployed stack --endpoint URL  --prefix P  --port N  --host H

Without --endpoint, deploy/destroy/api use AWS_ENDPOINT_URL, or real AWS when that is unset.
Port 0 picks a free port; the real URLs are printed.`;

const optionSpec = {
  port: { type: "string" },
  "cloud-port": { type: "string" },
  host: { type: "string" },
  endpoint: { type: "string" },
  prefix: { type: "string" },
  settings: { type: "string" },
  "data-dir": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const allowed: Record<string, (keyof typeof optionSpec)[]> = {
  up: ["port", "cloud-port", "host", "data-dir", "settings"],
  cloud: ["port", "host"],
  deploy: ["endpoint", "prefix", "settings"],
  destroy: ["endpoint", "prefix"],
  api: ["endpoint", "prefix", "port", "host"],
};

export interface Command {
  name: "up" | "cloud" | "deploy" | "destroy" | "api" | "help";
  port?: number;
  cloudPort?: number;
  host?: string;
  endpoint?: string;
  prefix?: string;
  settings?: StackSettings;
  dataDir?: string;
}

/** A user's mistake on the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

function portOf(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535)
    throw new UsageError(`--${flag} must be a port number 0-65535, not "${value}"`);
  return port;
}

function endpointOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw new UsageError(
      `--endpoint must be an http(s) URL such as http://127.0.0.1:4566, not "${value}"`,
    );
  }
  return value;
}

function dataDirOf(value: string): string {
  if (value.trim() === "") throw new UsageError("--data-dir must name a directory");
  return value;
}

const namedSettings: Record<string, StackSettings> = {
  production: productionSettings,
  local: localSettings,
  test: testSettings,
};

function settingsOf(name: string | undefined, prefix: string | undefined): StackSettings {
  const base = namedSettings[name ?? "production"];
  if (!base) throw new UsageError(`--settings must be production, local or test, not "${name}"`);
  try {
    return withSettings(base, { prefix: prefix ?? "" });
  } catch (error) {
    throw new UsageError(`--prefix: ${(error as Error).message}`);
  }
}

/** Reads argv (without node and the script) into a command; throws UsageError on mistakes. */
export function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: optionSpec, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const name = positionals[0] ?? "up";
  if (values.help || name === "help") return { name: "help" };
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  const permitted = allowed[name];
  if (!permitted) throw new UsageError(`unknown command "${name}"`);
  const given = Object.keys(values).filter((k) => k !== "help") as (keyof typeof optionSpec)[];
  const stray = given.find((k) => !permitted.includes(k));
  if (stray) throw new UsageError(`${name} does not take --${stray}`);
  return {
    name: name as Command["name"],
    port: portOf("port", values.port),
    cloudPort: portOf("cloud-port", values["cloud-port"]),
    host: values.host,
    endpoint: endpointOf(values.endpoint),
    prefix: values.prefix,
    ...(values["data-dir"] !== undefined ? { dataDir: dataDirOf(values["data-dir"]) } : {}),
    settings:
      name === "up"
        ? settingsOf(values.settings ?? "local", undefined)
        : name === "deploy" || name === "destroy" || name === "api"
          ? settingsOf(values.settings, values.prefix)
          : undefined,
  };
}

function print(line = ""): void {
  process.stdout.write(`${line}\n`);
}

/** Clients for --endpoint, else AWS_ENDPOINT_URL, else real AWS. */
function clientsFor(endpoint: string | undefined): AwsClients {
  const env = endpoint ? { ...process.env, AWS_ENDPOINT_URL: endpoint } : process.env;
  return createClients(awsConfigFromEnv(env));
}

async function describeTarget(clients: AwsClients): Promise<string> {
  if (clients.config.endpoint) return clients.config.endpoint;
  const who = await clients.sts.send(new GetCallerIdentityCommand({}));
  return `AWS account ${who.Account} in ${clients.config.region}`;
}

const STOP_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
const EXIT_ON_SECOND: Partial<Record<NodeJS.Signals, number>> = {
  SIGINT: 130,
  SIGTERM: 143,
  SIGHUP: 129,
};

/**
 * Resolves with the reason to stop: the first SIGINT, SIGTERM or SIGHUP, or the parent going
 * away. The last one matters under `npm start`: a SIGTERM sent to npm ends npm's `sh -c`, not
 * us, and we would be left running as an orphan. A second signal ends the process at once.
 */
function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    const parent = process.ppid;
    const stop = (reason: string) => {
      clearInterval(watch);
      for (const signal of STOP_SIGNALS) {
        process.off(signal, onSignal);
        process.once(signal, () => process.exit(EXIT_ON_SECOND[signal] ?? 1));
      }
      resolve(reason);
    };
    const onSignal = (signal: NodeJS.Signals) => stop(signal);
    for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
    const watch = setInterval(() => {
      if (process.ppid !== parent) stop("parent process exited");
    }, 500);
    watch.unref();
  });
}

function listenError(error: unknown, flag: string, port: number | undefined): Error {
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

async function startCloudOn(
  port: number,
  host: string | undefined,
  flag: string,
  dataDir?: string,
): Promise<Cloud> {
  try {
    return await startCloud({ port, ...(host ? { host } : {}), ...(dataDir ? { dataDir } : {}) });
  } catch (error) {
    throw listenError(error, flag, port);
  }
}

/** The API on its own thread, as it is its own service on AWS: the cloud keeps this one. */
async function startApiFor(
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
      ...(host ? { host } : {}),
    });
  } catch (error) {
    throw listenError(error, "--port", port);
  }
}

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

/** Stops the parts in order; a part that hangs does not keep the process alive for ever. */
async function shutdown(steps: [string, () => Promise<void> | void][]): Promise<void> {
  const force = setTimeout(() => {
    process.stderr.write("orderflow: still stopping after 10 s; exiting anyway\n");
    process.exit(1);
  }, 10_000);
  force.unref();
  for (const [label, step] of steps) {
    print(`  stopping ${label}`);
    await step();
  }
  clearTimeout(force);
}

async function up(cmd: Command): Promise<void> {
  const cloud = await startCloudOn(cmd.cloudPort ?? 4566, cmd.host, "--cloud-port", cmd.dataDir);
  const clients = createClients({
    region: cloud.region,
    endpoint: cloud.endpoint,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  print(`orderflow: embedded cloud on ${cloud.endpoint}; deploying the stack`);
  const started = performance.now();
  // The API looks its queues up on first use, so its thread starts while the stack deploys.
  const [deployed, apiStart] = await Promise.allSettled([
    deploy(clients, cmd.settings!, { log: (line) => print(`  ${line}`) }),
    startApiFor(clients, "", cmd.port ?? 3000, cmd.host),
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
    `  cloud      ${cloud.endpoint}   (AWS_ENDPOINT_URL for the aws CLI and SDKs; credentials test/test)`,
  );
  if (cmd.dataDir) {
    print(`  data       ${cmd.dataDir}   (queues, messages and objects survive a restart)`);
  }
  print(
    `  settings   function timeout ${cmd.settings!.functionTimeoutSeconds} s, visibility ${cmd.settings!.visibilityTimeoutSeconds} s, dead-letter after ${cmd.settings!.maxReceiveCount} receives`,
  );
  print();
  print(tryItText(api.url));
  print();
  print("Ctrl-C stops everything.");
  const reason = await untilStopped();
  print(`orderflow: ${reason}, stopping`);
  const running = api;
  // New orders stop first; in-flight requests finish; then the functions and the cloud. An
  // invocation cut off by the stop leaves its message in flight: SQS hands it out again after
  // the visibility timeout (with --data-dir, after a restart).
  await shutdown([
    ["the API", () => running.close()],
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

async function cloudOnly(cmd: Command): Promise<void> {
  const cloud = await startCloudOn(cmd.port ?? 4566, cmd.host, "--port");
  print(`orderflow cloud on ${cloud.endpoint} (SQS, S3, STS, Lambda, IAM, CloudWatch Logs)`);
  print(
    `  export AWS_ENDPOINT_URL=${cloud.endpoint} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=${cloud.region}`,
  );
  print(`  npm run deploy -- --endpoint ${cloud.endpoint}`);
  print("Ctrl-C stops it.");
  await untilStopped();
  await shutdown([["the embedded cloud", () => cloud.stop()]]);
  print("orderflow cloud: stopped");
}

async function deployCommand(cmd: Command): Promise<void> {
  const clients = clientsFor(cmd.endpoint);
  try {
    const settings = cmd.settings!;
    print(
      `orderflow: deploying stack "${settings.prefix || "(no prefix)"}" to ${await describeTarget(clients)}`,
    );
    const started = performance.now();
    const result = await deploy(clients, settings, { log: (line) => print(`  ${line}`) });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    print(
      `orderflow: deployed (${result.actions.length} change${result.actions.length === 1 ? "" : "s"}) in ${seconds} s`,
    );
  } finally {
    destroyClients(clients);
  }
}

async function destroyCommand(cmd: Command): Promise<void> {
  const clients = clientsFor(cmd.endpoint);
  try {
    const prefix = cmd.settings!.prefix;
    print(
      `orderflow: destroying stack "${prefix || "(no prefix)"}" on ${await describeTarget(clients)}`,
    );
    const result = await destroy(clients, { prefix }, { log: (line) => print(`  ${line}`) });
    print(
      `orderflow: destroyed (${result.actions.length} removal${result.actions.length === 1 ? "" : "s"})`,
    );
  } finally {
    destroyClients(clients);
  }
}

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

async function apiOnly(cmd: Command): Promise<void> {
  const clients = clientsFor(cmd.endpoint);
  await requireStack(clients, cmd.settings!.prefix);
  const api = await startApiFor(clients, cmd.settings!.prefix, cmd.port ?? 3000, cmd.host);
  print(
    `orderflow api on ${api.url} (docs ${api.url}/docs) using ${clients.config.endpoint ?? `AWS ${clients.config.region}`}`,
  );
  print(tryItText(api.url));
  await untilStopped();
  await shutdown([["the API", () => api.close()]]);
  destroyClients(clients);
  print("orderflow api: stopped");
}

const commands: Record<Command["name"], (cmd: Command) => Promise<void>> = {
  up,
  cloud: cloudOnly,
  deploy: deployCommand,
  destroy: destroyCommand,
  api: apiOnly,
  help: async () => {
    print(USAGE);
  },
};

/** The error, with what to do about it when the cause is a common one. */
export function explain(error: unknown): string {
  const e = error as Error & { code?: string };
  if (e.code === "ECONNREFUSED" || /ECONNREFUSED/.test(e.message)) {
    return `${e.message}: nothing answers there; start it first (npm run cloud, or docker compose up)`;
  }
  if (e.name === "CredentialsProviderError") {
    return `${e.message}: for real AWS set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; for an emulator pass --endpoint`;
  }
  return e.message ?? String(error);
}

export async function main(argv: string[]): Promise<number> {
  let cmd: Command;
  try {
    cmd = parseCommand(argv);
  } catch (error) {
    const message = (error as Error).message;
    const help = message.startsWith("unknown command")
      ? `\n\n${USAGE}`
      : "\n(orderflow help lists the commands and options)";
    process.stderr.write(`orderflow: ${message}${help}\n`);
    return 2;
  }
  try {
    await commands[cmd.name](cmd);
    return 0;
  } catch (error) {
    process.stderr.write(`orderflow ${cmd.name}: ${explain(error)}\n`);
    return 1;
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
