// A cloud with the stack's bucket and notification queue, for the handlers' tests.
import { CreateBucketCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import { CreateQueueCommand } from "@aws-sdk/client-sqs";
import type { AwsClients } from "../../src/aws/clients.ts";
import type { ClientTuning } from "../../src/aws/config.ts";
import type { Cloud, StartCloudOptions } from "../../src/cloud/index.ts";
import {
  startTestCloud as startCloudAndClients,
  stopTestCloud,
} from "../../src/cloud/testing/test-cloud.ts";

export interface TestCloud {
  cloud: Cloud;
  clients: AwsClients;
  bucket: string;
  notificationQueueUrl: string;
  readJson(key: string): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startTestCloud(
  options: StartCloudOptions = {},
  tuning: ClientTuning = {},
): Promise<TestCloud> {
  const { cloud, aws: clients } = await startCloudAndClients(options, tuning);
  const bucket = "results-bucket";
  await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const queue = await clients.sqs.send(new CreateQueueCommand({ QueueName: "notification-queue" }));
  return {
    cloud,
    clients,
    bucket,
    notificationQueueUrl: queue.QueueUrl!,
    async readJson(key) {
      const answer = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return JSON.parse(await answer.Body!.transformToString()) as unknown;
    },
    stop: () => stopTestCloud({ cloud, aws: clients }),
  };
}
