import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { IAMClient } from "@aws-sdk/client-iam";
import { LambdaClient } from "@aws-sdk/client-lambda";
import type { S3Client } from "@aws-sdk/client-s3";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { STSClient } from "@aws-sdk/client-sts";
import * as z from "zod";
import {
  clientBase,
  EMULATOR_CREDENTIALS,
  awsConfigFor,
  type AwsConfig,
  type ClientTuning,
} from "./config.ts";
import { createDataClients } from "./data-clients.ts";

export interface AwsClients {
  config: AwsConfig;
  s3: S3Client;
  sqs: SQSClient;
  lambda: LambdaClient;
  iam: IAMClient;
  logs: CloudWatchLogsClient;
  sts: STSClient;
}

const envSchema = z.object({
  AWS_ENDPOINT_URL: z
    .url({ message: "AWS_ENDPOINT_URL must be a URL such as http://127.0.0.1:4566" })
    .optional(),
  AWS_REGION: z.string().min(1).optional(),
  AWS_DEFAULT_REGION: z.string().min(1).optional(),
  AWS_ACCESS_KEY_ID: z.string().min(1).optional(),
  AWS_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  AWS_SESSION_TOKEN: z.string().min(1).optional(),
});

/**
 * Reads the endpoint, region and credentials the way the AWS CLI does. With an endpoint and
 * no credentials, emulator credentials are used; without an endpoint the SDK's
 * default credential chain applies (real AWS).
 */
export function awsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AwsConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid environment: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const e = parsed.data;
  const region = e.AWS_REGION ?? e.AWS_DEFAULT_REGION ?? "us-east-1";
  const explicit =
    e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY
      ? {
          accessKeyId: e.AWS_ACCESS_KEY_ID,
          secretAccessKey: e.AWS_SECRET_ACCESS_KEY,
          ...(e.AWS_SESSION_TOKEN ? { sessionToken: e.AWS_SESSION_TOKEN } : {}),
        }
      : undefined;
  if (!e.AWS_ENDPOINT_URL) return explicit ? { region, credentials: explicit } : { region };
  return {
    region,
    endpoint: e.AWS_ENDPOINT_URL,
    credentials: explicit ?? EMULATOR_CREDENTIALS,
  };
}

/** One client per service, all pointed at the same endpoint (or at AWS). */
export function createClients(config: AwsConfig, tuning: ClientTuning = {}): AwsClients {
  const base = clientBase(config, tuning);
  return {
    config,
    ...createDataClients(config, tuning),
    lambda: new LambdaClient(base),
    iam: new IAMClient(base),
    logs: new CloudWatchLogsClient(base),
    sts: new STSClient(base),
  };
}

/** Every client, for the emulator listening at `endpoint`. */
export function emulatorClients(
  endpoint: string,
  region = "us-east-1",
  tuning: ClientTuning = {},
): AwsClients {
  return createClients(awsConfigFor(region, endpoint), tuning);
}

export function destroyClients(clients: AwsClients): void {
  for (const c of [
    clients.s3,
    clients.sqs,
    clients.lambda,
    clients.iam,
    clients.logs,
    clients.sts,
  ]) {
    c.destroy();
  }
}
