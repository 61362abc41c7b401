// The Lambda service of the embedded cloud: functions, their execution environments and
// SQS event source mappings, behind the REST-JSON wire.
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from "@aws-sdk/client-sqs";
import { EMULATOR_CREDENTIALS } from "../../aws/config.ts";
import type { CloudContext, Service } from "../types.ts";
import { handleLambdaRequest } from "./control-plane/api.ts";
import { CodeStore } from "./control-plane/code-store.ts";
import { invalidParameter } from "./errors.ts";
import { stderrLog, type LambdaLog } from "./lambda-log.ts";
import {
  EventSourceStore,
  pollerSettings,
  type QueueFacts,
} from "./control-plane/event-source-store.ts";
import { createFaultDice } from "./faults.ts";
import { FunctionStore } from "./control-plane/function-store.ts";
import { Invoker } from "./runtime/invoker.ts";
import { LambdaRuntime } from "./runtime/runtime.ts";
import type { CodeBody } from "./control-plane/schemas.ts";
import { localQueue, queueNameOf, sdkQueue } from "./event-sources/poller-queue.ts";
import { SqsPoller } from "./event-sources/sqs-poller.ts";

export interface LambdaServiceOptions {
  /** Concurrent execution environments per function (AWS would throttle; we queue). */
  maxInstancesPerFunction?: number;
  /** Where the service's own events go; by default warnings and errors go to stderr. */
  log?: LambdaLog;
}

export function createLambdaService(
  ctx: CloudContext,
  options: LambdaServiceOptions = {},
): Service {
  const log = options.log ?? stderrLog;
  const credentials = EMULATOR_CREDENTIALS;
  let sqsClient: SQSClient | undefined;
  let s3Client: S3Client | undefined;
  // The endpoint is known only once the cloud listens: clients are made on first use.
  const sqs = () =>
    (sqsClient ??= new SQSClient({ region: ctx.region, endpoint: ctx.endpoint(), credentials }));
  const s3 = () =>
    (s3Client ??= new S3Client({
      region: ctx.region,
      endpoint: ctx.endpoint(),
      credentials,
      forcePathStyle: true,
    }));

  const dice = createFaultDice(ctx.faults);
  const code = new CodeStore();
  const functions = new FunctionStore({
    region: ctx.region,
    accountId: ctx.accountId,
    code,
    clock: ctx.clock,
  });
  const runtime = new LambdaRuntime({
    region: ctx.region,
    endpoint: ctx.endpoint,
    logs: ctx.logs,
    dice,
    clock: ctx.clock,
    ...(options.maxInstancesPerFunction
      ? { maxInstancesPerFunction: options.maxInstancesPerFunction }
      : {}),
  });
  const invoker = new Invoker(functions, runtime, log);
  const mappings = new EventSourceStore({
    functions,
    clock: ctx.clock,
    describeQueue: (arn) => describeQueue(sqs(), arn),
    createPoller: (mapping) =>
      new SqsPoller({
        queue: ctx.sqs
          ? localQueue(ctx.sqs, mapping.eventSourceArn)
          : sdkQueue(sqs, mapping.eventSourceArn),
        queueArn: mapping.eventSourceArn,
        region: ctx.region,
        settings: () => pollerSettings(mapping),
        invoke: async (payload, injectFaults) => {
          const outcome = await invoker.invoke(mapping.functionName, { payload, injectFaults });
          return { ok: !outcome.error, payload: outcome.payload };
        },
        dice,
        log,
        clock: ctx.clock,
      }),
  });

  // No time skips while a queue holds messages an enabled mapping is about to take.
  const stopBusyCheck = ctx.clock.busyWhen(() => mappings.hasReadyWork());

  async function loadZip(body: CodeBody): Promise<Uint8Array> {
    if (body.ZipFile !== undefined) return Buffer.from(body.ZipFile, "base64");
    if (body.S3Bucket && body.S3Key)
      return fetchFromS3(s3(), body.S3Bucket, body.S3Key, body.S3ObjectVersion);
    if (body.ImageUri)
      throw invalidParameter(
        "The embedded cloud runs Zip packages only (ImageUri is not supported).",
      );
    throw invalidParameter("Please provide a source for function code.");
  }

  return {
    name: "lambda",
    handle: (req, res) =>
      handleLambdaRequest(
        {
          region: ctx.region,
          accountId: ctx.accountId,
          functions,
          mappings,
          invoker,
          loadZip,
          endpoint: ctx.endpoint,
          async deleteFunction(ref) {
            const fn = functions.delete(ref);
            await runtime.retire(fn.name);
            code.remove(fn.codeDirs);
            return fn;
          },
        },
        req,
        res,
      ),
    async stop() {
      stopBusyCheck();
      const pollers = mappings.stop();
      await runtime.stop();
      await Promise.all([pollers, invoker.stop()]);
      functions.stop();
      code.stop();
      sqsClient?.destroy();
      s3Client?.destroy();
    },
  };
}

async function fetchFromS3(
  s3: S3Client,
  bucket: string,
  key: string,
  version?: string,
): Promise<Uint8Array> {
  try {
    const object = await s3.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        VersionId: version || undefined,
      }),
    );
    return (await object.Body?.transformToByteArray()) ?? new Uint8Array();
  } catch (error) {
    throw invalidParameter(
      `Error occurred while GetObject. S3 Error Code: ${(error as Error).name}. S3 Error Message: ${(error as Error).message}`,
    );
  }
}

async function describeQueue(sqs: SQSClient, arn: string): Promise<QueueFacts> {
  const { name, account } = queueNameOf(arn);
  try {
    const { QueueUrl } = await sqs.send(
      new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }),
    );
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["VisibilityTimeout"] }),
    );
    return { exists: true, visibilityTimeout: Number(Attributes?.VisibilityTimeout ?? 30) };
  } catch (error) {
    const name = (error as Error).name;
    if (name.includes("NonExistentQueue") || name.includes("QueueDoesNotExist")) {
      return { exists: false, visibilityTimeout: 0 };
    }
    throw error;
  }
}
