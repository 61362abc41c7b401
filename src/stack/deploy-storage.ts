import {
  CreateBucketCommand,
  HeadBucketCommand,
  type BucketLocationConstraint,
} from "@aws-sdk/client-s3";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SetQueueAttributesCommand,
  type QueueAttributeName,
} from "@aws-sdk/client-sqs";
import { errorStatus, unlessMissing } from "./aws-errors.ts";
import type { StepContext } from "./deploy-context.ts";

export async function ensureBucket(ctx: StepContext, bucket: string): Promise<void> {
  const { s3 } = ctx.clients;
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return;
  } catch (error) {
    if (errorStatus(error) === 403) {
      throw new Error(`bucket ${bucket} belongs to another account: deploy with a --prefix`, {
        cause: error,
      });
    }
    if (
      errorStatus(error) !== 404 &&
      !["NotFound", "NoSuchBucket"].includes((error as Error).name)
    ) {
      throw error;
    }
  }
  const region = ctx.clients.config.region;
  await s3.send(
    new CreateBucketCommand({
      Bucket: bucket,
      // us-east-1 is the one region that must not be named.
      ...(region === "us-east-1"
        ? {}
        : {
            CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint },
          }),
    }),
  );
  ctx.did(`create bucket ${bucket}`);
}

export interface QueueInfo {
  name: string;
  url: string;
  arn: string;
}

type Attributes = Partial<Record<QueueAttributeName, string>>;

function sameAttribute(name: string, want: string, have: string | undefined): boolean {
  if (have === undefined) return false;
  if (name !== "RedrivePolicy") return want === have;
  // maxReceiveCount may come back as a string; compare what it means.
  const a = JSON.parse(want) as { deadLetterTargetArn: string; maxReceiveCount: number | string };
  const b = JSON.parse(have) as { deadLetterTargetArn: string; maxReceiveCount: number | string };
  return (
    a.deadLetterTargetArn === b.deadLetterTargetArn &&
    Number(a.maxReceiveCount) === Number(b.maxReceiveCount)
  );
}

async function queueArn(
  ctx: StepContext,
  url: string,
): Promise<{ arn: string; current: Attributes }> {
  const answer = await ctx.clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["All"] }),
  );
  const current = (answer.Attributes ?? {}) as Attributes;
  if (!current.QueueArn) throw new Error(`queue ${url} has no QueueArn`);
  return { arn: current.QueueArn, current };
}

/** Creates the queue, or sets the attributes that differ from what we want. */
export async function ensureQueue(
  ctx: StepContext,
  name: string,
  wanted: Attributes,
): Promise<QueueInfo> {
  const { sqs } = ctx.clients;
  const existing = await unlessMissing(() => sqs.send(new GetQueueUrlCommand({ QueueName: name })));
  if (!existing?.QueueUrl) {
    const created = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: wanted }));
    if (!created.QueueUrl) throw new Error(`CreateQueue ${name} returned no QueueUrl`);
    ctx.did(`create queue ${name}`);
    return { name, url: created.QueueUrl, arn: (await queueArn(ctx, created.QueueUrl)).arn };
  }
  const url = existing.QueueUrl;
  const { arn, current } = await queueArn(ctx, url);
  const changed = Object.entries(wanted).filter(
    ([key, value]) =>
      value !== undefined && !sameAttribute(key, value, current[key as QueueAttributeName]),
  );
  if (changed.length > 0) {
    await sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: url, Attributes: Object.fromEntries(changed) }),
    );
    ctx.did(`update queue ${name} (${changed.map(([k]) => k).join(", ")})`);
  }
  return { name, url, arn };
}
