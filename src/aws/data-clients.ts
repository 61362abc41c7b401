// The S3 and SQS clients alone: what the API and the handlers need, without loading the other
// four SDK clients (about 120 ms of a thread's start).
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { clientBase, type AwsConfig, type ClientTuning } from "./config.ts";
import { HOT_PATH_OPTIONS, s3EndpointOptions } from "./s3-options.ts";

export interface DataClients {
  s3: S3Client;
  sqs: SQSClient;
}

export function createDataClients(config: AwsConfig, tuning: ClientTuning = {}): DataClients {
  const base = clientBase(config, tuning);
  return {
    s3: new S3Client({ ...base, ...HOT_PATH_OPTIONS, ...s3EndpointOptions(config.endpoint) }),
    sqs: new SQSClient({ ...base, ...HOT_PATH_OPTIONS }),
  };
}

export function destroyDataClients(clients: DataClients): void {
  clients.s3.destroy();
  clients.sqs.destroy();
}
