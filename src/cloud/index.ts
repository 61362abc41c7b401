/*
 * The embedded AWS backend on one port: fauxqs serves SQS, S3 and STS; orderflow's own
 * Lambda, IAM and CloudWatch Logs services sit in front of it, picked per request by the
 * router before fauxqs parses anything.
 */
import { buildApp } from "fauxqs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createHealthService } from "./health.ts";
import { createIamService } from "./iam/api.ts";
import { createLocalSqs } from "./lambda/local-sqs.ts";
import { createLambdaService } from "./lambda/service.ts";
import { createLogsService } from "./logs/api.ts";
import { LogsStore } from "./logs/model.ts";
import { routeOf, type Route } from "./router.ts";
import {
  createFauxqsStores,
  rehostQueues,
  type FauxqsMessage,
  type FauxqsQueueSnapshot,
} from "./fauxqs-stores.ts";
import { installS3Fixes } from "./sqs-s3/s3-fixes.ts";
import { createSqsQueryRefusal } from "./sqs-s3/sqs-query.ts";
import { createCloudClock, type TimeMode } from "./cloud-clock.ts";
import type { CloudContext, FaultOptions, Service } from "./types.ts";

export interface StartCloudOptions {
  /** 4566 by default; 0 picks any free port. */
  port?: number;
  host?: string;
  region?: string;
  accountId?: string;
  faults?: FaultOptions;
  /**
   * "real" (the default) keeps wall-clock time; "skip" runs at real speed while the cloud
   * works and jumps to the next timer (a visibility timeout, a delay, a long poll's end) as
   * soon as it is idle, so waits that take minutes on AWS take moments.
   */
  time?: TimeMode;
  /**
   * Keep SQS queues and messages and S3 buckets and objects in this directory (fauxqs' SQLite
   * file), so that a restart finds them again. Lambda functions and mappings are not kept:
   * deploying again (idempotent) brings them back.
   */
  dataDir?: string;
}

/** A message as the queue holds it, seen without receiving it. */
export interface QueuedMessage {
  messageId: string;
  body: string;
  messageAttributes: FauxqsMessage["messageAttributes"];
  sentTimestamp: number;
  approximateReceiveCount: number;
  approximateFirstReceiveTimestamp?: number;
  deadLetterQueueSourceArn?: string;
}

export interface InflightMessage extends QueuedMessage {
  visibilityDeadline: number;
}

export interface QueueContents {
  ready: QueuedMessage[];
  delayed: QueuedMessage[];
  inflight: InflightMessage[];
}

export interface Cloud {
  readonly endpoint: string;
  readonly port: number;
  readonly region: string;
  readonly accountId: string;
  readonly logs: LogsStore;
  stop(): Promise<void>;
  /** The queue's messages by state, without receiving them (no receive count changes). */
  inspectQueue(name: string): QueueContents | undefined;
}

function copyMessage(m: FauxqsMessage): QueuedMessage {
  return {
    messageId: m.messageId,
    body: m.body,
    messageAttributes: structuredClone(m.messageAttributes),
    sentTimestamp: m.sentTimestamp,
    approximateReceiveCount: m.approximateReceiveCount,
    ...(m.approximateFirstReceiveTimestamp
      ? { approximateFirstReceiveTimestamp: m.approximateFirstReceiveTimestamp }
      : {}),
    ...(m.deadLetterQueueSourceArn ? { deadLetterQueueSourceArn: m.deadLetterQueueSourceArn } : {}),
  };
}

/**
 * fauxqs moves expired in-flight and delayed messages back to ready on its next timer tick or
 * receive; a look in between classifies them by their deadlines, as a receive would see them.
 */
function contentsAt(snapshot: FauxqsQueueSnapshot, now: number): QueueContents {
  const { ready, delayed, inflight } = snapshot.messages;
  const due = (m: FauxqsMessage) => (m.delayUntil ?? 0) <= now;
  return {
    ready: [
      ...ready,
      ...inflight.filter((e) => e.visibilityDeadline <= now).map((e) => e.message),
      ...delayed.filter(due),
    ].map(copyMessage),
    delayed: delayed.filter((m) => !due(m)).map(copyMessage),
    inflight: inflight
      .filter((e) => e.visibilityDeadline > now)
      .map((e) => ({ ...copyMessage(e.message), visibilityDeadline: e.visibilityDeadline })),
  };
}

/** One structured JSON line on stderr: a service failed while answering a request. */
function logError(msg: string, fields: Record<string, unknown>): void {
  const line = {
    time: new Date().toISOString(),
    level: "error",
    component: "cloud",
    msg,
    ...fields,
  };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}

async function dispatch(service: Service, req: IncomingMessage, res: ServerResponse) {
  try {
    await service.handle(req, res);
  } catch (error) {
    logError("service failed", { service: service.name, error: String(error) });
    if (!res.headersSent) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          __type: "InternalFailure",
          message: "internal error in the embedded cloud",
        }),
      );
    } else {
      res.destroy();
    }
  }
}

export async function startCloud(options: StartCloudOptions = {}): Promise<Cloud> {
  const host = options.host ?? "127.0.0.1";
  const region = options.region ?? "us-east-1";
  const accountId = options.accountId ?? "000000000000";
  const stores = await createFauxqsStores(
    options.dataDir === undefined ? {} : { dataDir: options.dataDir },
  );
  // Queue URLs carry the host the client used (http://127.0.0.1:<port>/<account>/<name>)
  // instead of fauxqs' sqs.<region>.localhost, which needs DNS help to resolve.
  stores.sqsStore.host = "";
  const clock = createCloudClock(options.time);
  const logs = new LogsStore(() => clock.now());
  let endpoint = "";
  const context: CloudContext = {
    region,
    accountId,
    endpoint: () => endpoint,
    logs,
    clock,
    // Lambda's pollers reach the queues without HTTP (issue 7); handlers' calls stay on the wire.
    sqs: await createLocalSqs(stores.sqsStore),
    ...(options.faults ? { faults: options.faults } : {}),
  };
  const services: Partial<Record<Route, Service>> = {
    health: createHealthService(),
    iam: createIamService({ accountId, now: () => clock.now() }),
    logs: createLogsService({ store: logs, region, accountId }),
    lambda: createLambdaService(context),
    "sqs-query": createSqsQueryRefusal(),
  };

  // fauxqs' types name its own store classes; ours are structurally the same objects.
  const app = buildApp({ logger: false, defaultRegion: region, stores: stores as never });
  app.addHook("onRequest", async (request, reply) => {
    // fauxqs rewrites virtual-hosted S3 URLs (bucket.host/key to /bucket/key) for any dotted
    // Host before hooks run; our services must see the URL the client sent.
    const raw = request.raw as IncomingMessage & { originalUrl?: string };
    const sent = { method: raw.method, url: raw.originalUrl ?? raw.url, headers: raw.headers };
    const service = services[routeOf(sent)];
    if (!service) return;
    raw.url = sent.url;
    reply.hijack();
    void dispatch(service, request.raw, reply.raw);
    return reply;
  });
  installS3Fixes(app, stores.s3Store);

  const wanted = options.port ?? 4566;
  try {
    await app.listen({ port: wanted, host });
  } catch (error) {
    await Promise.all(Object.values(services).map((s) => s.stop?.()));
    await app.close();
    stores.persistence?.close();
    const code = (error as { code?: string }).code;
    if (code !== "EADDRINUSE") throw error;
    throw new Error(`cannot start the cloud: ${host}:${wanted} is already in use`, {
      cause: error,
    });
  }
  const port = (app.server.address() as AddressInfo).port;
  const publicHost =
    host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  endpoint = `http://${publicHost}:${port}`;
  rehostQueues(stores.sqsStore, endpoint);

  return {
    endpoint,
    port,
    region,
    accountId,
    logs,
    async stop() {
      await Promise.all(Object.values(services).map((s) => s.stop?.()));
      await app.close();
      stores.persistence?.close();
      clock.dispose();
    },
    inspectQueue(name) {
      const snapshot = stores.sqsStore.inspectQueue(name);
      return snapshot ? contentsAt(snapshot, Date.now()) : undefined;
    },
  };
}
