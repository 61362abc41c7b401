// The API over the embedded cloud with the stack deployed, for the tests of what the API does
// when AWS's own services fail. Faults are set after the deployment, on the running cloud.
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { destroyClients, emulatorClients, type AwsClients } from "../../aws/clients.ts";
import type { ClientTuning } from "../../aws/config.ts";
import { startCloud, type Cloud } from "../../cloud/index.ts";
import { deploy } from "../../stack/deploy.ts";
import type { ResourceNames } from "../../stack/names.ts";
import { productionSettings } from "../../stack/settings.ts";
import { issueToken } from "../auth.ts";
import { createAwsApiDeps } from "../aws-deps.ts";
import type { ReconcilerOptions } from "../reconciler.ts";
import { startApi, type RunningApi } from "../server.ts";
import type { ApiDeps, LogLine } from "../types.ts";
import { TEST_AUTH } from "./test-api.ts";

export interface CloudApi {
  cloud: Cloud;
  clients: AwsClients;
  names: ResourceNames;
  api: RunningApi;
  logs: LogLine[];
  token(userId: string): Promise<string>;
  /** The bucket's keys under a prefix. */
  keys(prefix: string): Promise<string[]>;
  stop(): Promise<void>;
}

export interface CloudApiOptions {
  reconcile?: ReconcilerOptions | false;
  betweenRecordAndMessage?: ApiDeps["betweenRecordAndMessage"];
  /** For the clients of the deployment, the API and the test. */
  clients?: ClientTuning;
}

/** A skipping cloud with production settings, as the scenarios run them. */
export async function startCloudApi(options: CloudApiOptions = {}): Promise<CloudApi> {
  const cloud = await startCloud({ port: 0, time: "skip" });
  const clients = emulatorClients(cloud.endpoint, cloud.region, options.clients);
  const { names } = await deploy(clients, productionSettings, { log: () => undefined });
  const logs: LogLine[] = [];
  const api = await startApi({
    port: 0,
    reconcile: options.reconcile ?? false,
    deps: {
      ...createAwsApiDeps({ ...names, clients }),
      auth: TEST_AUTH,
      rateLimit: { capacity: 1_000_000, refillPerSecond: 1_000_000 },
      log: (line) => logs.push(line),
      ...(options.betweenRecordAndMessage
        ? { betweenRecordAndMessage: options.betweenRecordAndMessage }
        : {}),
    },
  });
  return {
    cloud,
    clients,
    names,
    api,
    logs,
    token: (userId) => issueToken(TEST_AUTH, userId, Date.now()),
    async keys(prefix) {
      const page = await clients.s3.send(
        new ListObjectsV2Command({ Bucket: names.bucket, Prefix: prefix }),
      );
      return (page.Contents ?? []).map((o) => o.Key ?? "");
    },
    async stop() {
      await api.close();
      destroyClients(clients);
      await cloud.stop();
    },
  };
}
