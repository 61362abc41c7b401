// Test support: a cloud on a free port and SDK clients pointed at it.
import { emulatorClients, destroyClients, type AwsClients } from "../../aws/clients.ts";
import type { ClientTuning } from "../../aws/config.ts";
import { startCloud, type Cloud, type StartCloudOptions } from "../index.ts";

export interface TestCloud {
  cloud: Cloud;
  aws: AwsClients;
}

export async function startTestCloud(
  options: StartCloudOptions = {},
  tuning: ClientTuning = {},
): Promise<TestCloud> {
  const cloud = await startCloud({ port: 0, ...options });
  const aws = emulatorClients(cloud.endpoint, cloud.region, tuning);
  return { cloud, aws };
}

export async function stopTestCloud({ cloud, aws }: TestCloud): Promise<void> {
  destroyClients(aws);
  await cloud.stop();
}
