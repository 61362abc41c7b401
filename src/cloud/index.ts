/*
 * The embedded AWS backend on one port, one node:http server: orderflow's own SQS, Lambda,
 * IAM and CloudWatch Logs services, picked per request by the router; S3 and STS are fauxqs',
 * reached through its public API (./s3/). All of it keeps time on one clock.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createHealthService } from "./health.ts";
import { createIamService } from "./iam/api.ts";
import { createLambdaService } from "./lambda/service.ts";
import { createLogsService } from "./logs/api.ts";
import { LogsStore } from "./logs/model.ts";
import { routeOf, type Route } from "./router.ts";
import { readBody, replayRequest } from "./wire.ts";
import { createServiceFaults, type FaultCount } from "./service-faults/inject.ts";
import { startFauxqsS3 } from "./s3/fauxqs-s3.ts";
import type { QueueContents } from "./sqs/inspect.ts";
import { isSqsAction } from "./sqs/query-input.ts";
import { createSqsService } from "./sqs/service.ts";
import { createCloudClock, type TimeMode } from "./cloud-clock.ts";
import type { CloudContext, FaultOptions, Service, ServiceFaultOptions } from "./types.ts";

export type { FaultCount, FaultKind } from "./service-faults/inject.ts";
export type {
  FaultOptions,
  LatencyOptions,
  ServiceFaultOptions,
  ServiceFaultRates,
} from "./types.ts";
export type { InflightMessage, QueueContents, QueuedMessage } from "./sqs/inspect.ts";

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
   * Keep SQS queues and messages (an SQLite file, written before each answer) and S3 buckets
   * and objects (fauxqs' own store, in the `s3` folder) in this directory, so that a restart
   * finds them again. Lambda functions and mappings are not kept: deploying again (idempotent)
   * brings them back.
   */
  dataDir?: string;
}

export interface Cloud {
  readonly endpoint: string;
  readonly port: number;
  readonly region: string;
  readonly accountId: string;
  readonly logs: LogsStore;
  /** Whether the cloud's clock keeps real time or skips idle time. */
  readonly time: TimeMode;
  /** The cloud's clock, in epoch milliseconds: ahead of the wall clock once it has skipped. */
  now(): number;
  stop(): Promise<void>;
  /** The queue's messages by state, without receiving them (no receive count changes). */
  inspectQueue(name: string): QueueContents | undefined;
  /** The service faults struck so far, per action and kind; empty when none are configured. */
  faultCounts(): FaultCount[];
  /**
   * Changes the service faults of a running cloud (an outage that begins or ends); the dice
   * start again from the seed. Undefined turns them off.
   */
  setServiceFaults(options: ServiceFaultOptions | undefined): void;
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
    // A client that left midway (a Lambda worker stopped by a timeout or a crash) broke the
    // request, not the service: there is nobody to answer and nothing to report.
    if (req.destroyed && !res.headersSent) return;
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

/** An unsigned form POST: its Action field says whether it is SQS's. The body is read once. */
async function formRoute(req: IncomingMessage): Promise<{ route: Route; req: IncomingMessage }> {
  const body = await readBody(req);
  const action = new URLSearchParams(body.toString("utf8")).get("Action");
  return { route: isSqsAction(action) ? "sqs" : "s3", req: replayRequest(req, body) };
}

function listen(
  server: ReturnType<typeof createServer>,
  port: number,
  host: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

export async function startCloud(options: StartCloudOptions = {}): Promise<Cloud> {
  const host = options.host ?? "127.0.0.1";
  const region = options.region ?? "us-east-1";
  const accountId = options.accountId ?? "000000000000";
  const clock = createCloudClock(options.time);
  let endpoint = "";
  const sqs = createSqsService({
    clock,
    region,
    accountId,
    endpoint: () => endpoint,
    parked: (waiting) => clock.idleWhile(waiting),
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
  });
  const s3 = await startFauxqsS3(
    options.dataDir !== undefined ? { dataDir: join(options.dataDir, "s3") } : {},
  );
  const logs = new LogsStore(() => clock.now());
  const context: CloudContext = {
    region,
    accountId,
    endpoint: () => endpoint,
    logs,
    clock,
    // Lambda's pollers reach the queues without HTTP; handlers' calls stay on the wire.
    sqs: sqs.local,
    ...(options.faults ? { faults: options.faults } : {}),
  };
  const services: Record<Exclude<Route, "form">, Service> = {
    health: createHealthService(),
    iam: createIamService({ accountId, now: () => clock.now() }),
    logs: createLogsService({ store: logs, region, accountId }),
    lambda: createLambdaService(context),
    sqs,
    s3,
  };
  // Lambda first: its pollers may still delete the batches they finish.
  const stopServices = async () => {
    await services.lambda.stop?.();
    await Promise.all(
      Object.values(services).map((s) => (s === services.lambda ? undefined : s.stop?.())),
    );
  };

  const serviceFaults = createServiceFaults(options.faults?.services, options.faults?.seed, clock);
  // Faults strike S3 and SQS requests from outside; Lambda's pollers use SQS in-process.
  const serve = (picked: Exclude<Route, "form">, req: IncomingMessage, res: ServerResponse) =>
    picked === "s3" || picked === "sqs"
      ? dispatch(
          {
            name: picked,
            handle: () =>
              serviceFaults.serve(picked, req, res, (r) => services[picked].handle(r, res)),
          },
          req,
          res,
        )
      : dispatch(services[picked], req, res);
  const route = (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const picked = routeOf(req);
    if (picked !== "form") return serve(picked, req, res);
    // A form POST that is not SQS's is fauxqs' SNS or STS, which no fault touches.
    return formRoute(req).then(
      (form) =>
        form.route === "sqs" ? serve("sqs", form.req, res) : dispatch(services.s3, form.req, res),
      (error: unknown) => dispatch({ name: "form", handle: () => Promise.reject(error) }, req, res),
    );
  };
  const server = createServer((req, res) => {
    // A request being served holds the clock: time skips only while the cloud is idle.
    const release = clock.hold();
    void route(req, res).finally(release);
  });
  // Clients keep connections open between calls; closing them sooner races their next request.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  const wanted = options.port ?? 4566;
  try {
    await listen(server, wanted, host);
  } catch (error) {
    await stopServices();
    if ((error as { code?: string }).code !== "EADDRINUSE") throw error;
    throw new Error(`cannot start the cloud: ${host}:${wanted} is already in use`, {
      cause: error,
    });
  }
  const port = (server.address() as AddressInfo).port;
  const publicHost =
    host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  endpoint = `http://${publicHost}:${port}`;

  return {
    endpoint,
    port,
    region,
    accountId,
    logs,
    time: clock.mode,
    now: () => clock.now(),
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Long polls end first, so that their connections can finish before they are cut.
      await stopServices();
      server.closeAllConnections();
      await closed;
      clock.dispose();
    },
    inspectQueue: (name) => sqs.inspect(name),
    faultCounts: () => serviceFaults.counts(),
    setServiceFaults: (next) => serviceFaults.configure(next),
  };
}
