import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createClients, destroyClients } from "../aws/clients.ts";
import { errorMessage } from "../stack/aws-errors.ts";
import { deploy } from "../stack/deploy.ts";
import { destroy } from "../stack/destroy.ts";
import { withSettings } from "../stack/settings.ts";
import { chooseBackend, type BackendChoice } from "./backend-choice.ts";
import { startBackend } from "./backends.ts";
import { pingDocker } from "./docker.ts";
import { chosenFacts, deployedFacts, factLines } from "./run-facts.ts";
import type { RunFact } from "./report/scenario-results.ts";
import { stackPlanFor, type StackPlan } from "./stack-plan.ts";
import { requireMatchingScenarios } from "./tag-filter.ts";
import { newRunFilePath, RUN_FILE_ENV, writeRunFailure, writeRunFile } from "./run-file.ts";
import { startScenarioApi } from "./scenario-api.ts";
import { rememberTeardown } from "./teardown-registry.ts";
import { awsConfigFor } from "../aws/config.ts";

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/**
 * A shared backend (external: an endpoint that is up, or AWS) gets its own resource names:
 * TEST_PREFIX when CI wants to know them (to destroy what a crashed run left), else a fresh one.
 */
function sharedPrefix(env: NodeJS.ProcessEnv): string {
  return env.TEST_PREFIX?.trim() || `of-${randomBytes(4).toString("hex")}-`;
}

/** What `startStack` hands the run file and the teardown. */
interface StackRun {
  choice: BackendChoice;
  plan: StackPlan;
  facts: RunFact[];
  runFile: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Starts the backend, deploys the stack on it, starts the API and writes where everything is
 * for the test workers; answers what stops it all. When something fails, the run file says
 * why instead, and every scenario fails with that.
 */
async function startStack({ choice, plan, facts, runFile, env }: StackRun) {
  const undo: (() => Promise<void>)[] = [];
  const teardown = async () => {
    for (const fn of undo.reverse())
      await fn().catch((e: unknown) => say(`teardown: ${String(e)}`));
  };
  try {
    const backend = await startBackend(choice, env, plan.clock);
    undo.push(() => backend.stop());
    const clients = createClients(awsConfigFor(backend.region, backend.endpoint));
    undo.push(async () => destroyClients(clients));
    const prefix = backend.shared ? sharedPrefix(env) : "";
    const settings = withSettings(plan.settings, { prefix });
    const deployed = await deploy(clients, settings, {
      log: () => {},
      ...(plan.pollIntervalMs ? { pollIntervalMs: plan.pollIntervalMs } : {}),
    });
    if (backend.shared)
      undo.push(async () => void (await destroy(clients, settings, { log: () => {} })));
    say(
      `orderflow scenarios: stack deployed${prefix ? ` with prefix ${prefix}` : ""} (${deployed.actions.length} changes)`,
    );

    const jwtSecret = randomBytes(48).toString("base64url");
    mkdirSync("reports", { recursive: true });
    const apiLog = createWriteStream(join("reports", "api.log"));
    undo.push(() => new Promise<void>((resolve) => apiLog.end(resolve)));
    const api = await startScenarioApi(clients, deployed.names, jwtSecret, (line) =>
      apiLog.write(`${JSON.stringify(line)}\n`),
    );
    undo.push(() => api.close());

    await writeRunFile(runFile, {
      backend: choice.kind,
      facts: [...facts, ...deployedFacts(backend.endpoint, prefix)],
      region: backend.region,
      ...(backend.endpoint ? { endpoint: backend.endpoint } : {}),
      apiUrl: api.url,
      jwtSecret,
      prefix,
      names: deployed.names,
      queuePeek: backend.queuePeek,
    });
    say(`orderflow scenarios: API at ${api.url}, AWS endpoint ${backend.endpoint ?? "real AWS"}`);
  } catch (error) {
    const message = errorMessage(error);
    say(`orderflow scenarios: the backend did not start: ${message}`);
    await writeRunFailure(runFile, message);
    await teardown();
    return async () => {};
  }
  return teardown;
}

/**
 * Jest's global setup for the "scenarios" project. It chooses the backend (a missing Docker
 * engine fails here, at once) and says what the run will be; the backend, the stack and the
 * API then start while the unit tests run, and each scenario waits for the run file that says
 * where they are (run-file.ts).
 */
export default async function globalSetup(): Promise<void> {
  const env = process.env;
  requireMatchingScenarios(env.TAGS);
  const choice = await chooseBackend(env, () => pingDocker(env));
  const plan = stackPlanFor(choice.kind, env);
  const facts = chosenFacts(choice, plan, env);
  say(`\n${factLines(facts).join("\n")}`);
  const runFile = newRunFilePath();
  // Workers are started after the global setup and inherit this.
  env[RUN_FILE_ENV] = runFile;
  const started = startStack({ choice, plan, facts, runFile, env });
  rememberTeardown(async () => (await started)());
}
