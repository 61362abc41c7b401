import { parseArgs } from "node:util";
import type { TimeMode } from "../cloud/cloud-clock.ts";
import {
  isSettingsName,
  NAMED_SETTINGS,
  withSettings,
  type SettingsName,
  type StackSettings,
} from "../stack/settings.ts";
import { DEFAULT_SCOPE } from "../stack/deployer-policy.ts";

export const DEFAULT_API_PORT = 3000;
export const DEFAULT_CLOUD_PORT = 4566;

export const USAGE = `usage: orderflow <command> [options]

  up        embedded cloud + deploy + API in one process (npm start)
              --port N (API, default ${DEFAULT_API_PORT})  --cloud-port N (default ${DEFAULT_CLOUD_PORT})  --host H
              --data-dir DIR (keep queues, messages and objects there across restarts)
              --settings local|test|production (timeouts; default local)
  cloud     the embedded cloud alone        --port N (default ${DEFAULT_CLOUD_PORT})  --host H
              --time real|skip (skip: time jumps to the next timer when the cloud is idle)
  deploy    create or update the stack      --endpoint URL  --prefix P  --settings production|local|test
              (default: local against an endpoint, production on AWS)
  destroy   remove the stack                --endpoint URL  --prefix P
  api       the API against a deployed stack --endpoint URL  --prefix P  --port N  --host H
  policy    the IAM policy a CI role needs to deploy, test and destroy stacks (JSON)
              --prefix PATTERN (default of-*-)  --region R  --account A (default: any)
              --trust OWNER/REPO: the role's trust policy for GitHub's OIDC instead

Without --endpoint, deploy/destroy/api use AWS_ENDPOINT_URL, or real AWS when that is unset.
Port 0 picks a free port; the real URLs are printed.`;

/** Where a command listens: a port (undefined: its default; 0: any free one) and a host. */
interface Listening {
  port: number | undefined;
  host: string | undefined;
}

/** Where the stack is: --endpoint, else AWS_ENDPOINT_URL, else real AWS (undefined). */
interface Target {
  endpoint: string | undefined;
}

export interface UpOptions extends Listening {
  name: "up";
  cloudPort: number | undefined;
  /** Where queues, messages and objects are kept across restarts; undefined: in memory. */
  dataDir: string | undefined;
  settingsName: SettingsName;
  settings: StackSettings;
}
export interface CloudOptions extends Listening {
  name: "cloud";
  time: TimeMode;
}
export interface DeployOptions extends Target {
  name: "deploy";
  prefix: string;
  /** The settings asked for; undefined: chosen by where the stack goes (see chooseSettings). */
  settingsName: SettingsName | undefined;
}
export interface DestroyOptions extends Target {
  name: "destroy";
  prefix: string;
}
export interface ApiOptions extends Listening, Target {
  name: "api";
  prefix: string;
}
export interface PolicyOptions {
  name: "policy";
  /** A prefix pattern, `*` allowed. */
  prefix: string;
  region: string;
  account: string;
  /** OWNER/REPO: print the trust policy for GitHub's OIDC instead. */
  trust: string | undefined;
}

/** A command line, read: each command with the options it takes and nothing else. */
export type Command =
  | { name: "help" }
  | UpOptions
  | CloudOptions
  | DeployOptions
  | DestroyOptions
  | ApiOptions
  | PolicyOptions;

const optionSpec = {
  port: { type: "string" },
  "cloud-port": { type: "string" },
  host: { type: "string" },
  endpoint: { type: "string" },
  prefix: { type: "string" },
  settings: { type: "string" },
  time: { type: "string" },
  "data-dir": { type: "string" },
  region: { type: "string" },
  account: { type: "string" },
  trust: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Flag = keyof typeof optionSpec;
type Values = Partial<Record<Exclude<Flag, "help">, string>>;

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

function listeningOf(values: Values): Listening {
  return { port: portOf("port", values.port), host: values.host };
}

/** up's two ports, which cannot be one (0, any free port, excepted). */
function twoPorts(listening: Listening, cloudPort: number | undefined): number | undefined {
  const api = listening.port ?? DEFAULT_API_PORT;
  if (api !== 0 && api === (cloudPort ?? DEFAULT_CLOUD_PORT))
    throw new UsageError(
      `--port and --cloud-port are both ${api}: the API and the cloud need one each`,
    );
  return cloudPort;
}

function targetOf(values: Values): Target {
  const value = values.endpoint;
  if (value !== undefined && (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol))) {
    throw new UsageError(
      `--endpoint must be an http(s) URL such as http://127.0.0.1:4566, not "${value}"`,
    );
  }
  return { endpoint: value };
}

function dataDirOf(value: string | undefined): string | undefined {
  if (value?.trim() === "") throw new UsageError("--data-dir must name a directory");
  return value;
}

function timeOf(value: string | undefined): TimeMode {
  if (value === undefined || value === "real" || value === "skip") return value ?? "real";
  throw new UsageError(`--time must be real or skip, not "${value}"`);
}

function settingsNameOf(name: string): SettingsName {
  if (!isSettingsName(name))
    throw new UsageError(`--settings must be production, local or test, not "${name}"`);
  return name;
}

/** The stack's prefix, held to the rules a deploy holds it to. */
function prefixOf(value: string | undefined): string {
  try {
    return withSettings(NAMED_SETTINGS.production, { prefix: value ?? "" }).prefix;
  } catch (error) {
    throw new UsageError(`--prefix: ${(error as Error).message}`);
  }
}

/** The settings a deploy applies, and why those: asked for, or the default for the target. */
export function chooseSettings(
  asked: SettingsName | undefined,
  prefix: string,
  endpoint: string | undefined,
): { name: SettingsName; settings: StackSettings; why: string } {
  const [name, why]: [SettingsName, string] = asked
    ? [asked, `--settings ${asked}`]
    : endpoint
      ? ["local", "the default against an endpoint"]
      : ["production", "the default on AWS"];
  return { name, settings: withSettings(NAMED_SETTINGS[name], { prefix }), why };
}

/** Each command's flags, and how its options are read from them. */
const commands: {
  [C in Exclude<Command, { name: "help" }> as C["name"]]: [Flag[], (v: Values) => C];
} = {
  up: [
    ["port", "cloud-port", "host", "data-dir", "settings"],
    (v) => {
      const settingsName = settingsNameOf(v.settings ?? "local");
      const listening = listeningOf(v);
      return {
        name: "up",
        ...listening,
        cloudPort: twoPorts(listening, portOf("cloud-port", v["cloud-port"])),
        dataDir: dataDirOf(v["data-dir"]),
        settingsName,
        settings: NAMED_SETTINGS[settingsName],
      };
    },
  ],
  cloud: [
    ["port", "host", "time"],
    (v) => ({ name: "cloud", ...listeningOf(v), time: timeOf(v.time) }),
  ],
  deploy: [
    ["endpoint", "prefix", "settings"],
    (v) => ({
      name: "deploy",
      ...targetOf(v),
      prefix: prefixOf(v.prefix),
      settingsName: v.settings === undefined ? undefined : settingsNameOf(v.settings),
    }),
  ],
  destroy: [
    ["endpoint", "prefix"],
    (v) => ({ name: "destroy", ...targetOf(v), prefix: prefixOf(v.prefix) }),
  ],
  api: [
    ["endpoint", "prefix", "port", "host"],
    (v) => ({
      name: "api",
      ...listeningOf(v),
      ...targetOf(v),
      prefix: prefixOf(v.prefix),
    }),
  ],
  policy: [
    ["prefix", "region", "account", "trust"],
    (v) => ({
      name: "policy",
      prefix: matching("--prefix", v.prefix ?? DEFAULT_SCOPE.prefix, /^[a-z0-9*-]*$/),
      region: matching(
        "--region",
        v.region ?? DEFAULT_SCOPE.region,
        /^([a-z]{2}(-[a-z]+)+-\d|\*)$/,
      ),
      account: matching("--account", v.account ?? DEFAULT_SCOPE.account, /^(\d{12}|\*)$/),
      trust: v.trust === undefined ? undefined : matching("--trust", v.trust, /^[\w.-]+\/[\w.-]+$/),
    }),
  ],
};

/** Where a command will listen: each port (defaults applied) with the flag that sets it. */
export function listenersOf(
  command: Command,
): { port: number; host: string | undefined; flag: string }[] {
  switch (command.name) {
    case "up":
      return [
        { port: command.port ?? DEFAULT_API_PORT, host: command.host, flag: "--port" },
        {
          port: command.cloudPort ?? DEFAULT_CLOUD_PORT,
          host: command.host,
          flag: "--cloud-port",
        },
      ];
    case "cloud":
      return [{ port: command.port ?? DEFAULT_CLOUD_PORT, host: command.host, flag: "--port" }];
    case "api":
      return [{ port: command.port ?? DEFAULT_API_PORT, host: command.host, flag: "--port" }];
    default:
      return [];
  }
}

/** `value`, when it is what `flag` takes. */
function matching(flag: string, value: string, shape: RegExp): string {
  if (!shape.test(value)) throw new UsageError(`${flag} does not take "${value}"`);
  return value;
}

function isCommandName(name: string): name is keyof typeof commands {
  return Object.hasOwn(commands, name);
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
  if (!isCommandName(name)) throw new UsageError(`unknown command "${name}"`);
  const [permitted, read] = commands[name];
  const { help: _help, ...given } = values;
  const stray = (Object.keys(given) as Flag[]).find((flag) => !permitted.includes(flag));
  if (stray) throw new UsageError(`${name} does not take --${stray}`);
  return read(given);
}
