import type { AwsClients } from "../aws/clients.ts";
import { lambdaBundle, type FunctionKey } from "./bundle.ts";
import type { StepContext } from "./deploy-context.ts";
import { ensureFunction } from "./deploy-functions.ts";
import { ensureMapping } from "./deploy-mappings.ts";
import { ensureRole } from "./deploy-role.ts";
import { ensureBucket, ensureQueue, type QueueInfo } from "./deploy-storage.ts";
import { resourceNames, type ResourceNames } from "./names.ts";
import { lambdaPolicy } from "./policies.ts";
import { validateSettings, type StackSettings } from "./settings.ts";

export interface DeployOptions {
  /** Where to print each change; stdout by default, a no-op to stay quiet. */
  log?: (line: string) => void;
  /** How often to ask whether a function or mapping has settled; see POLL_INTERVAL_MS. */
  pollIntervalMs?: number;
}

/**
 * How often deploy asks whether functions are Active and mappings Enabled. The embedded cloud
 * settles in tens of milliseconds; LocalStack takes seconds (it starts a container per
 * function) and every question costs it a request on a busy machine; AWS asks for patience.
 */
export const POLL_INTERVAL_MS = { aws: 2_000, localstack: 250, embedded: 20 } as const;

export interface DeployResult {
  names: ResourceNames;
  /** What this run changed, in order; empty when everything was already as wanted. */
  actions: string[];
  queues: { task: QueueInfo; notification: QueueInfo; dlq: QueueInfo };
  functionArns: Record<FunctionKey, string>;
}

const FUNCTION_KEYS: FunctionKey[] = ["task", "notification", "dlqProcessor"];

export function stepContext(
  clients: AwsClients,
  settings: StackSettings,
  actions: string[],
  log: (line: string) => void,
  pollIntervalMs?: number,
): StepContext {
  const onAws = clients.config.endpoint === undefined;
  return {
    clients,
    settings,
    onAws,
    pollMs: pollIntervalMs ?? (onAws ? POLL_INTERVAL_MS.aws : POLL_INTERVAL_MS.embedded),
    did(action) {
      actions.push(action);
      log(action);
    },
  };
}

async function ensureQueues(
  ctx: StepContext,
  names: ResourceNames,
): Promise<DeployResult["queues"]> {
  const visibility = String(ctx.settings.visibilityTimeoutSeconds);
  const dlq = await ensureQueue(ctx, names.dlq, {
    VisibilityTimeout: visibility,
    MessageRetentionPeriod: String(ctx.settings.dlqRetentionSeconds),
  });
  const task = await ensureQueue(ctx, names.taskQueue, {
    VisibilityTimeout: visibility,
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: dlq.arn,
      maxReceiveCount: ctx.settings.maxReceiveCount,
    }),
  });
  const notification = await ensureQueue(ctx, names.notificationQueue, {
    VisibilityTimeout: visibility,
  });
  return { task, notification, dlq };
}

/**
 * Creates what is missing and updates what differs; a second run changes nothing.
 * The same plain SDK calls serve the embedded cloud, LocalStack and AWS.
 */
export async function deploy(
  clients: AwsClients,
  settingsInput: StackSettings,
  options: DeployOptions = {},
): Promise<DeployResult> {
  const settings = validateSettings(settingsInput);
  const log = options.log ?? ((line: string) => console.log(line));
  const names = resourceNames(settings.prefix);
  const actions: string[] = [];
  const ctx = stepContext(clients, settings, actions, log, options.pollIntervalMs);

  const bundles = Promise.all(FUNCTION_KEYS.map((key) => lambdaBundle(key)));
  await ensureBucket(ctx, names.bucket);
  const queues = await ensureQueues(ctx, names);
  const policy = lambdaPolicy(names, {
    task: queues.task.arn,
    notification: queues.notification.arn,
    dlq: queues.dlq.arn,
  });
  const role = await ensureRole(ctx, names.role, policy);
  const environment = {
    RESULTS_BUCKET: names.bucket,
    NOTIFICATION_QUEUE_URL: queues.notification.url,
  };

  const built = await bundles;
  const arns = await Promise.all(
    FUNCTION_KEYS.map((key, i) =>
      ensureFunction(ctx, {
        name: names.functions[key],
        bundle: built[i]!,
        roleArn: role.arn,
        environment,
        freshRole: role.fresh,
      }),
    ),
  );
  const sources: [FunctionKey, QueueInfo][] = [
    ["task", queues.task],
    ["notification", queues.notification],
    ["dlqProcessor", queues.dlq],
  ];
  await Promise.all(
    sources.map(([key, queue]) =>
      ensureMapping(ctx, {
        functionName: names.functions[key],
        queueName: queue.name,
        queueArn: queue.arn,
        freshRole: role.fresh,
      }),
    ),
  );
  if (actions.length === 0) log("no changes");
  const functionArns = { task: arns[0]!, notification: arns[1]!, dlqProcessor: arns[2]! };
  return { names, actions, queues, functionArns };
}
