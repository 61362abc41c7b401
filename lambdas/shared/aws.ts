import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import * as z from "zod";
import { HOT_PATH_OPTIONS, s3EndpointOptions } from "../../src/aws/s3-options.ts";

/** What every handler reads from its environment; the function's own variables come on top. */
export const awsEnvSchema = z.object({
  AWS_ENDPOINT_URL: z.url().optional(),
  AWS_REGION: z.string().min(1).default("us-east-1"),
});

export type AwsEnv = z.output<typeof awsEnvSchema>;

/** Parses the environment with a schema and names the variable that is wrong. */
export function parseEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.output<T> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`invalid environment: ${issue?.path.join(".")}: ${issue?.message}`);
}

function base(env: AwsEnv) {
  return {
    ...HOT_PATH_OPTIONS,
    region: env.AWS_REGION,
    ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL } : {}),
  };
}

/**
 * Credentials come from the runtime's environment (the SDK's default chain). An emulator
 * sets AWS_ENDPOINT_URL and gets the emulator options: path-style buckets, checksums only
 * where S3 requires them.
 */
export function s3FromEnv(env: AwsEnv): S3Client {
  return new S3Client({ ...base(env), ...s3EndpointOptions(env.AWS_ENDPOINT_URL) });
}

/** An explicit endpoint also makes the client ignore the queue URL's host (LocalStack's). */
export function sqsFromEnv(env: AwsEnv): SQSClient {
  return new SQSClient(base(env));
}
