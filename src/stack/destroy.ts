import { DeleteLogGroupCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DeleteRoleCommand, DeleteRolePolicyCommand } from "@aws-sdk/client-iam";
import {
  DeleteEventSourceMappingCommand,
  DeleteFunctionCommand,
  ListEventSourceMappingsCommand,
} from "@aws-sdk/client-lambda";
import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
} from "@aws-sdk/client-s3";
import { DeleteQueueCommand, GetQueueUrlCommand } from "@aws-sdk/client-sqs";
import type { AwsClients } from "../aws/clients.ts";
import { unlessMissing } from "./aws-errors.ts";
import type { DeployOptions } from "./deploy.ts";
import { resourceNames, type ResourceNames } from "./names.ts";
import { ROLE_POLICY_NAME } from "./policies.ts";
import { productionSettings, validateSettings, type StackSettings } from "./settings.ts";

export interface DestroyResult {
  names: ResourceNames;
  actions: string[];
}

type Did = (action: string) => void;

async function removeFunction(clients: AwsClients, name: string, did: Did): Promise<void> {
  const listed = await unlessMissing(() =>
    clients.lambda.send(new ListEventSourceMappingsCommand({ FunctionName: name })),
  );
  for (const m of listed?.EventSourceMappings ?? []) {
    // A mapping goes on being listed while Lambda deletes it: that one is already on its way.
    if (!m.UUID || m.State === "Deleting") continue;
    const gone = await unlessMissing(() =>
      clients.lambda.send(new DeleteEventSourceMappingCommand({ UUID: m.UUID })),
    );
    if (gone) did(`delete event source mapping ${m.EventSourceArn ?? m.UUID} -> ${name}`);
  }
  if (
    await unlessMissing(() =>
      clients.lambda.send(new DeleteFunctionCommand({ FunctionName: name })),
    )
  ) {
    did(`delete function ${name}`);
  }
  // Lambda made the log group, but it belongs to the function and would outlive it.
  const group = `/aws/lambda/${name}`;
  if (
    await unlessMissing(() => clients.logs.send(new DeleteLogGroupCommand({ logGroupName: group })))
  ) {
    did(`delete log group ${group}`);
  }
}

async function removeRole(clients: AwsClients, role: string, did: Did): Promise<void> {
  await unlessMissing(() =>
    clients.iam.send(new DeleteRolePolicyCommand({ RoleName: role, PolicyName: ROLE_POLICY_NAME })),
  );
  if (await unlessMissing(() => clients.iam.send(new DeleteRoleCommand({ RoleName: role })))) {
    did(`delete role ${role}`);
  }
}

async function removeQueue(clients: AwsClients, name: string, did: Did): Promise<void> {
  const found = await unlessMissing(() =>
    clients.sqs.send(new GetQueueUrlCommand({ QueueName: name })),
  );
  if (!found?.QueueUrl) return;
  await unlessMissing(() => clients.sqs.send(new DeleteQueueCommand({ QueueUrl: found.QueueUrl })));
  did(`delete queue ${name}`);
}

/** A bucket must be empty before it can go. */
async function removeBucket(clients: AwsClients, bucket: string, did: Did): Promise<void> {
  for (;;) {
    const page = await unlessMissing(() =>
      clients.s3.send(new ListObjectsV2Command({ Bucket: bucket })),
    );
    if (!page) return;
    const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
    if (keys.length === 0) break;
    await clients.s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }),
    );
  }
  if (await unlessMissing(() => clients.s3.send(new DeleteBucketCommand({ Bucket: bucket })))) {
    did(`delete bucket ${bucket}`);
  }
}

/** Removes everything deploy creates for this prefix; pieces already gone are skipped. */
export async function destroy(
  clients: AwsClients,
  settingsInput: Pick<StackSettings, "prefix">,
  options: DeployOptions = {},
): Promise<DestroyResult> {
  const { prefix } = validateSettings({ ...productionSettings, prefix: settingsInput.prefix });
  const log = options.log ?? ((line: string) => console.log(line));
  const names = resourceNames(prefix);
  const actions: string[] = [];
  const did: Did = (action) => {
    actions.push(action);
    log(action);
  };
  for (const fn of Object.values(names.functions)) await removeFunction(clients, fn, did);
  await removeRole(clients, names.role, did);
  for (const q of [names.taskQueue, names.notificationQueue, names.dlq])
    await removeQueue(clients, q, did);
  await removeBucket(clients, names.bucket, did);
  if (actions.length === 0) log("nothing to remove");
  return { names, actions };
}
