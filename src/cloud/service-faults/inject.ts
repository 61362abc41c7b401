/*
 * Service faults on the cloud's port: a request for S3 or SQS from outside the cloud is held
 * back for its latency, then answered with AWS's own transient error, or served and cut off
 * mid-answer, as the dice say. Every fault is counted, and so is every one the caller's SDK
 * retried away: its retries of one call share an `amz-sdk-invocation-id`, so a later attempt
 * of a struck call that is served means the fault never reached the caller.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CloudClock } from "../cloud-clock.ts";
import { credentialScope } from "../router.ts";
import type { ServiceFaultOptions } from "../types.ts";
import { readBody, replayRequest } from "../wire.ts";
import { s3Action, sqsAction } from "./actions.ts";
import { createServiceDice, type FaultedService, type StrikeKind } from "./dice.ts";
import { cutMidResponse, writeS3Fault, writeSqsFault } from "./answers.ts";

export type FaultKind =
  "InternalError" | "SlowDown" | "ServiceUnavailable" | "RequestThrottled" | "reset" | "latency";

/** How often one kind of fault struck one action, and how many of those the SDK retried away. */
export interface FaultCount {
  service: FaultedService;
  action: string;
  kind: FaultKind;
  struck: number;
  /** Struck, then a later attempt of the same SDK call was served: the caller never saw it. */
  retriedAway: number;
}

export interface ServiceFaults {
  /** Serves one S3 or SQS request through `serve`, after the dice have had their say. */
  serve(
    service: FaultedService,
    req: IncomingMessage,
    res: ServerResponse,
    serve: (req: IncomingMessage) => Promise<void>,
  ): Promise<void>;
  counts(): FaultCount[];
  /** New rates from now on (the dice start again from the seed); undefined turns faults off. */
  configure(options: ServiceFaultOptions | undefined): void;
}

const KIND_NAMES: Record<FaultedService, Record<Exclude<StrikeKind, "reset">, FaultKind>> = {
  s3: { error: "InternalError", throttle: "SlowDown" },
  sqs: { error: "ServiceUnavailable", throttle: "RequestThrottled" },
};

interface Target {
  action: string;
  req: IncomingMessage;
  protocol: "json" | "query" | "rest";
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return typeof value === "string" ? value : undefined;
};

/** The SQS action; a Query-protocol form body is read here and handed on as it came. */
async function sqsTarget(req: IncomingMessage): Promise<Target> {
  const target = header(req, "x-amz-target");
  if (target !== undefined)
    return { action: sqsAction(target, new URLSearchParams()), req, protocol: "json" };
  const url = req.url ?? "/";
  const params = new URLSearchParams(url.split("?")[1] ?? "");
  if (!String(req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded")) {
    return { action: sqsAction(undefined, params), req, protocol: "query" };
  }
  const body = await readBody(req);
  for (const [key, value] of new URLSearchParams(body.toString("utf8"))) params.set(key, value);
  return { action: sqsAction(undefined, params), req: replayRequest(req, body), protocol: "query" };
}

/** Requests no fault touches: the developer endpoints, and STS, which fauxqs also serves. */
function exempt(service: FaultedService, req: IncomingMessage): boolean {
  if ((req.url ?? "").startsWith("/_")) return true;
  return service === "s3" && credentialScope(req)?.service === "sts";
}

class Tally {
  private readonly rows = new Map<string, FaultCount>();
  /** Struck SDK calls by invocation id, with the rows their faults were counted in. */
  private readonly pending = new Map<string, FaultCount[]>();

  struck(service: FaultedService, action: string, kind: FaultKind, invocation?: string): void {
    const key = `${service} ${action} ${kind}`;
    let row = this.rows.get(key);
    if (!row) {
      row = { service, action, kind, struck: 0, retriedAway: 0 };
      this.rows.set(key, row);
    }
    row.struck += 1;
    if (invocation === undefined || kind === "latency") return;
    const rows = this.pending.get(invocation) ?? [];
    rows.push(row);
    this.pending.set(invocation, rows);
  }

  served(invocation: string | undefined): void {
    if (invocation === undefined) return;
    const rows = this.pending.get(invocation);
    if (!rows) return;
    this.pending.delete(invocation);
    for (const row of rows) row.retriedAway += 1;
  }

  counts(): FaultCount[] {
    return [...this.rows.values()].map((row) => ({ ...row }));
  }
}

export function createServiceFaults(
  options: ServiceFaultOptions | undefined,
  seed: number | undefined,
  clock: CloudClock,
): ServiceFaults {
  let dice = options && createServiceDice(options, seed);
  const tally = new Tally();

  return {
    async serve(service, req, res, serve) {
      if (!dice || exempt(service, req)) return serve(req);
      const target: Target =
        service === "sqs"
          ? await sqsTarget(req)
          : { action: s3Action(req.method, req.url ?? "/"), req, protocol: "rest" };
      const invocation = header(req, "amz-sdk-invocation-id");
      const roll = dice.roll(service, target.action);
      if (roll.latencyMs > 0) {
        tally.struck(service, target.action, "latency");
        // Time on the network, not work of the cloud: a clock that skips idle time may skip it.
        await clock.idleWhile(clock.sleep(roll.latencyMs));
        // The caller gave up meanwhile (a function's worker cut off by a crash): nothing to serve.
        if (req.destroyed) return;
      }
      if (roll.strike === undefined) {
        tally.served(invocation);
        return serve(target.req);
      }
      if (roll.strike === "reset") {
        tally.struck(service, target.action, "reset", invocation);
        cutMidResponse(res);
        return serve(target.req);
      }
      tally.struck(service, target.action, KIND_NAMES[service][roll.strike], invocation);
      target.req.resume();
      if (target.protocol === "rest") {
        writeS3Fault(res, roll.strike, req.method, req.url ?? "/");
      } else {
        writeSqsFault(res, roll.strike, target.protocol);
      }
    },
    counts: () => tally.counts(),
    configure(next) {
      dice = next && createServiceDice(next, seed);
    },
  };
}
