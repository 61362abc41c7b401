// Where a run's clients point and with which keys: shared by the full client set (clients.ts)
// and the S3 + SQS pair the API and the handlers load (data-clients.ts).
import type { S3ClientConfig } from "@aws-sdk/client-s3";

export interface AwsConfig {
  region: string;
  /** Undefined means real AWS. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/**
 * Emulators (the embedded cloud, LocalStack, moto) take any keys; these are the convention,
 * and the only place they are written.
 */
export const EMULATOR_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" } as const;

/** `region` at an emulator's `endpoint`, with emulator credentials; without one, real AWS. */
export function awsConfigFor(region: string, endpoint?: string): AwsConfig {
  return endpoint ? { region, endpoint, credentials: EMULATOR_CREDENTIALS } : { region };
}

/** What a test may change in every client of a set; the SDK's defaults otherwise. */
export interface ClientTuning {
  /** Makes each client's retry strategy (each keeps its own retry quota, as by default). */
  retryStrategy?: () => NonNullable<S3ClientConfig["retryStrategy"]>;
}

/** Region, endpoint and credentials, as every client of one config gets them. */
export function clientBase(config: AwsConfig, tuning: ClientTuning = {}) {
  return {
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
    ...(tuning.retryStrategy ? { retryStrategy: tuning.retryStrategy() } : {}),
  };
}
