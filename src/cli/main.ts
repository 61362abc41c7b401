// orderflow's command line: the whole system in one process, or its parts against any endpoint.
// Each command lives in src/cli/; this file reads the command line and hands over.
import { print } from "./lifecycle.ts";
import { listenersOf, parseCommand, USAGE, type Command } from "./options.ts";
import { requireFreePorts } from "./ports.ts";

// Each command is imported when it runs: `help`, a mistyped option or a taken port then
// answers at once, without loading the SDK clients, the cloud and the API that others need.
async function run(command: Command): Promise<void> {
  await requireFreePorts(listenersOf(command));
  switch (command.name) {
    case "up":
      return (await import("./up.ts")).up(command);
    case "cloud":
      return (await import("./cloud.ts")).cloud(command);
    case "deploy":
      return (await import("./deploy.ts")).deploy(command);
    case "destroy":
      return (await import("./destroy.ts")).destroy(command);
    case "api":
      return (await import("./api.ts")).api(command);
    case "policy":
      return (await import("./policy.ts")).policy(command);
    case "help":
      print(USAGE);
      return;
  }
}

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

/** Runs the command line `argv`; answers the exit code. Errors go to `writeError` (stderr). */
export async function main(
  argv: string[],
  writeError: (text: string) => void = (text) => process.stderr.write(text),
): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    const message = (error as Error).message;
    const help = message.startsWith("unknown command")
      ? `\n\n${USAGE}`
      : "\n(orderflow help lists the commands and options)";
    writeError(`orderflow: ${message}${help}\n`);
    return 2;
  }
  try {
    await run(command);
    return 0;
  } catch (error) {
    writeError(`orderflow ${command.name}: ${explain(error)}\n`);
    return 1;
  }
}
