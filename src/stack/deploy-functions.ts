import {
  CreateFunctionCommand,
  GetFunctionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
} from "@aws-sdk/client-lambda";
import { errorMessage, isError, unlessMissing } from "./aws-errors.ts";
import { HANDLER, type LambdaBundle } from "./bundle.ts";
import { WAIT_MS, type StepContext } from "./deploy-context.ts";
import { pollUntil, retryWhile } from "./poll.ts";

export const RUNTIME = "nodejs22.x";

export interface FunctionSpec {
  name: string;
  bundle: LambdaBundle;
  roleArn: string;
  environment: Record<string, string>;
  /** The role is new: on AWS, Lambda may refuse it for a few seconds. */
  freshRole: boolean;
}

function wantedConfiguration(ctx: StepContext, spec: FunctionSpec) {
  return {
    FunctionName: spec.name,
    Runtime: RUNTIME,
    Handler: HANDLER,
    Role: spec.roleArn,
    Timeout: ctx.settings.functionTimeoutSeconds,
    MemorySize: ctx.settings.memorySizeMb,
    Environment: { Variables: spec.environment },
  } as const;
}

/** Names of the configuration fields that differ from what we want. */
export function configurationChanges(
  have: FunctionConfiguration,
  want: ReturnType<typeof wantedConfiguration>,
): string[] {
  const changes: string[] = [];
  if (have.Runtime !== want.Runtime) changes.push("Runtime");
  if (have.Handler !== want.Handler) changes.push("Handler");
  if (have.Role !== want.Role) changes.push("Role");
  if (have.Timeout !== want.Timeout) changes.push("Timeout");
  if (have.MemorySize !== want.MemorySize) changes.push("MemorySize");
  const vars = have.Environment?.Variables ?? {};
  const wanted = want.Environment.Variables;
  const sameVars =
    Object.keys(vars).length === Object.keys(wanted).length &&
    Object.entries(wanted).every(([k, v]) => vars[k] === v);
  if (!sameVars) changes.push("Environment");
  return changes;
}

async function getConfiguration(
  ctx: StepContext,
  name: string,
): Promise<FunctionConfiguration | undefined> {
  const answer = await unlessMissing(() =>
    ctx.clients.lambda.send(new GetFunctionCommand({ FunctionName: name })),
  );
  return answer?.Configuration;
}

/** Waits until the function is Active and no update is in progress; a Failed state ends the wait. */
export function waitUntilReady(ctx: StepContext, name: string): Promise<FunctionConfiguration> {
  return pollUntil(
    async () => {
      const c = await getConfiguration(ctx, name);
      if (!c) throw new Error(`function ${name} disappeared while waiting for it`);
      if (c.State === "Failed" || c.LastUpdateStatus === "Failed") {
        throw new Error(
          `function ${name} failed: ${c.StateReason ?? c.LastUpdateStatusReason ?? "no reason given"}`,
        );
      }
      const updated = c.LastUpdateStatus === undefined || c.LastUpdateStatus === "Successful";
      return c.State === "Active" && updated ? c : undefined;
    },
    { what: `function ${name} to be Active`, timeoutMs: WAIT_MS, intervalMs: ctx.pollMs },
  );
}

function roleNotReady(error: unknown): boolean {
  return isError(error, "InvalidParameterValue") && /role|assume/i.test(errorMessage(error));
}

async function createFunction(ctx: StepContext, spec: FunctionSpec): Promise<void> {
  const create = () =>
    ctx.clients.lambda.send(
      new CreateFunctionCommand({
        ...wantedConfiguration(ctx, spec),
        Code: { ZipFile: spec.bundle.zip },
        PackageType: "Zip",
        Description: "orderflow",
      }),
    );
  // A new IAM role takes a few seconds to become assumable by Lambda on AWS.
  const retry = ctx.onAws && spec.freshRole;
  await retryWhile(create, (e) => retry && roleNotReady(e), {
    what: `role of ${spec.name} to be assumable`,
    timeoutMs: 90_000,
    intervalMs: 3_000,
  });
  ctx.did(`create function ${spec.name}`);
}

/** Creates the function, or brings its code and configuration up to date; returns its ARN. */
export async function ensureFunction(ctx: StepContext, spec: FunctionSpec): Promise<string> {
  const { lambda } = ctx.clients;
  if (!(await getConfiguration(ctx, spec.name))) await createFunction(ctx, spec);
  let current = await waitUntilReady(ctx, spec.name);

  if (current.CodeSha256 !== spec.bundle.sha256) {
    await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: spec.name, ZipFile: spec.bundle.zip }),
    );
    ctx.did(`update function code ${spec.name}`);
    current = await waitUntilReady(ctx, spec.name);
  }
  const want = wantedConfiguration(ctx, spec);
  const changes = configurationChanges(current, want);
  if (changes.length > 0) {
    await lambda.send(new UpdateFunctionConfigurationCommand(want));
    ctx.did(`update function configuration ${spec.name} (${changes.join(", ")})`);
    current = await waitUntilReady(ctx, spec.name);
  }
  if (!current.FunctionArn) throw new Error(`function ${spec.name} has no ARN`);
  return current.FunctionArn;
}
