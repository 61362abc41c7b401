// One event source mapping's poller: long-polls its queue, batches, invokes the function
// synchronously, deletes what succeeded and never touches the visibility of the rest.
import type { Message } from "@aws-sdk/client-sqs";
import { performance } from "node:perf_hooks";
import type { Clock } from "../../clock.ts";
import type { FaultDice } from "../faults.ts";
import type { LambdaLog } from "../lambda-log.ts";
import type { PollerQueue } from "./poller-queue.ts";
import { readBatchItemFailures, toRecord } from "./sqs-records.ts";

/**
 * Lambda's own pollers long-poll for 20 s; a message still wakes them at once, and a pause or
 * stop cuts the wait short. Long waits also let a skipping clock jump far in one step.
 */
const POLL_WAIT_SECONDS = 20;
const RETRY_DELAY_MS = 1000;
/**
 * One more batch in flight at most this often, and only while receives come back full: a
 * worker thread's cold start costs far more CPU than a warm instance needs for ten messages,
 * so on a small machine a burst of cold starts slows the drain it was meant to speed up.
 */
const SCALE_UP_INTERVAL_MS = 1000;

export interface PollerSettings {
  batchSize: number;
  windowSeconds: number;
  maxConcurrency: number;
  reportBatchItemFailures: boolean;
}

export interface InvocationResult {
  ok: boolean;
  payload: string;
}

export interface PollerDeps {
  queue: PollerQueue;
  queueArn: string;
  region: string;
  settings: () => PollerSettings;
  invoke: (payload: string, injectFaults: boolean) => Promise<InvocationResult>;
  dice: FaultDice;
  log: LambdaLog;
  /** The cloud's clock: batching windows and retry pauses are waits on it. */
  clock: Clock;
}

export class SqsPoller {
  private readonly deps: PollerDeps;
  private running = false;
  private looping = false;
  private loopDone: Promise<void> = Promise.resolve();
  private abort = new AbortController();
  private inFlight = 0;
  /** Batches allowed in flight now: starts at one, grows while a backlog persists. */
  private wanted = 1;
  private lastScaleUp = Number.NEGATIVE_INFINITY;
  /** When the current backlog began: the first full batch since the poller was down to one. */
  private fullSince: number | undefined;
  private readonly slotWaiters: (() => void)[] = [];
  private readonly batches = new Set<Promise<void>>();
  /** Set while receives keep failing, so a deleted queue is reported once, not every second. */
  private failing = false;

  constructor(deps: PollerDeps) {
    this.deps = deps;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.abort.signal.aborted) this.abort = new AbortController();
    // A loop still finishing a pause sees `running` again and simply carries on.
    if (this.looping) return;
    this.looping = true;
    this.loopDone = this.loop().finally(() => {
      this.looping = false;
    });
  }

  /** Messages wait in its queue to be received now. */
  queueHasReady(): boolean {
    return this.deps.queue.hasReady();
  }

  /** Stops receiving: a long poll under way is cut short; messages it got are still processed. */
  async pause(): Promise<void> {
    this.running = false;
    this.abort.abort();
    this.wakeSlotWaiters();
    await this.loopDone;
  }

  /** Stops at once (the cloud is going away) and waits for batches under way. */
  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    this.wakeSlotWaiters();
    await this.loopDone;
    await Promise.allSettled([...this.batches]);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      await this.acquireSlot();
      if (!this.running) {
        this.releaseSlot();
        break;
      }
      let messages: Message[];
      try {
        messages = await this.collect();
      } catch (error) {
        this.releaseSlot();
        if (!this.running) break;
        if (!this.failing) {
          this.deps.log("warn", "receive failed; retrying every second", {
            queue: this.deps.queueArn,
            error: String(error),
          });
        }
        this.failing = true;
        this.deps.queue.forget();
        await this.deps.clock.sleep(RETRY_DELAY_MS, this.abort.signal);
        continue;
      }
      this.failing = false;
      this.scale(messages.length);
      if (messages.length === 0) {
        this.releaseSlot();
        continue;
      }
      const batch = this.process(messages).finally(() => {
        this.releaseSlot();
        this.batches.delete(batch);
      });
      this.batches.add(batch);
    }
  }

  private async collect(): Promise<Message[]> {
    const settings = this.deps.settings();
    // Ending empty, this poll only starts again: a skipping clock need not jump to its end.
    const batch = await this.receive(Math.min(10, settings.batchSize), POLL_WAIT_SECONDS, true);
    if (batch.length === 0 || settings.windowSeconds === 0) return batch;
    const { clock } = this.deps;
    const deadline = clock.now() + settings.windowSeconds * 1000;
    while (batch.length < settings.batchSize && clock.now() < deadline && this.running) {
      const wait = Math.min(20, Math.ceil((deadline - clock.now()) / 1000));
      batch.push(...(await this.receive(Math.min(10, settings.batchSize - batch.length), wait)));
    }
    return batch;
  }

  private receive(max: number, waitSeconds: number, renewable = false): Promise<Message[]> {
    return this.deps.queue.receive(max, waitSeconds, this.abort.signal, renewable);
  }

  private async process(messages: Message[]): Promise<void> {
    const { queueArn, region, settings, invoke, dice, log } = this.deps;
    const payload = JSON.stringify({ Records: messages.map((m) => toRecord(m, queueArn, region)) });
    const ids = messages.map((m) => m.MessageId ?? "");
    const result = await invoke(payload, true).catch((error: unknown) => ({
      ok: false,
      payload: String(error),
    }));
    if (!result.ok) {
      log("info", "batch failed; messages stay for the queue's redrive", {
        queue: queueArn,
        message_ids: ids,
      });
      return;
    }
    let succeeded = messages;
    if (settings().reportBatchItemFailures) {
      const verdict = readBatchItemFailures(result.payload, ids);
      if (verdict.kind === "all-failed") {
        log("info", "batch failed", { reason: verdict.reason, queue: queueArn, message_ids: ids });
        return;
      }
      if (verdict.kind === "some-failed")
        succeeded = messages.filter((m) => !verdict.failed.has(m.MessageId ?? ""));
    }
    if (dice.duplicate()) {
      log("info", "fault: duplicate delivery", { queue: queueArn, message_ids: ids });
      await invoke(payload, false).catch(() => undefined);
    }
    await this.delete(succeeded);
  }

  private async delete(messages: Message[]): Promise<void> {
    if (messages.length === 0) return;
    try {
      for (let i = 0; i < messages.length; i += 10) {
        const chunk = messages.slice(i, i + 10);
        await this.deps.queue.delete(chunk.map((m) => m.ReceiptHandle ?? ""));
      }
    } catch (error) {
      this.deps.log("warn", "delete failed", { queue: this.deps.queueArn, error: String(error) });
    }
  }

  /**
   * Up by one once full batches have kept coming for a second since the backlog began and since
   * the last step; down by one at a batch that is not full. A single burst is no backlog: it is
   * drained by the batch already allowed, without a cold start for one more.
   */
  private scale(received: number): void {
    const { batchSize, maxConcurrency } = this.deps.settings();
    // Scaling follows the load on this machine: wall-clock time.
    const now = performance.now();
    if (received < Math.min(10, batchSize)) {
      this.wanted = Math.max(1, this.wanted - 1);
      // Back at one batch, the backlog is gone; above it, a steady load dips now and then.
      if (this.wanted === 1) this.fullSince = undefined;
      return;
    }
    this.fullSince ??= now;
    const since = Math.max(this.fullSince, this.lastScaleUp);
    if (this.wanted < maxConcurrency && now - since >= SCALE_UP_INTERVAL_MS) {
      this.wanted += 1;
      this.lastScaleUp = now;
    }
  }

  private limit(): number {
    return Math.min(this.wanted, this.deps.settings().maxConcurrency);
  }

  private acquireSlot(): Promise<void> {
    if (this.inFlight < this.limit()) {
      this.inFlight += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.slotWaiters.push(() => {
        this.inFlight += 1;
        resolve();
      }),
    );
  }

  private releaseSlot(): void {
    this.inFlight -= 1;
    if (this.inFlight < this.limit()) this.slotWaiters.shift()?.();
  }

  private wakeSlotWaiters(): void {
    for (const wake of this.slotWaiters.splice(0)) wake();
  }
}
