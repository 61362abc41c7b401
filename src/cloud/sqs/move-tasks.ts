/*
 * Message move tasks (StartMessageMoveTask, ListMessageMoveTasks, CancelMessageMoveTask): the
 * redrive an operator starts after reviewing a dead-letter queue. Messages go to a given
 * queue or back to the queue each came from, at a set rate (a clock wait between messages) or
 * as fast as the cloud can (yielding to other work every few messages).
 */
import { randomUUID } from "node:crypto";
import { invalidParameter, invalidValue, SqsError } from "./errors.ts";
import type { SqsModel } from "./model.ts";
import { parseQueueArn } from "./queue-names.ts";
import type { Queue } from "./queue.ts";
import { arriving, contentOf } from "./stored-message.ts";

export type MoveTaskStatus = "RUNNING" | "COMPLETED" | "CANCELLING" | "CANCELLED" | "FAILED";

export interface MoveTask {
  id: string;
  handle: string;
  sourceArn: string;
  destinationArn?: string;
  maxPerSecond?: number;
  status: MoveTaskStatus;
  started: number;
  toMove: number;
  moved: number;
  failureReason?: string;
  cancel: AbortController;
}

const SLICE = 100;
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

const queueGone = () => new SqsError("QueueDoesNotExist", "The specified queue does not exist.");

const sourceMissing = (parameter: "SourceArn" | "DestinationArn") =>
  new SqsError(
    "ResourceNotFoundException",
    `The resource that you specified for the ${parameter} parameter doesn't exist.`,
  );

export function encodeTaskHandle(taskId: string, sourceArn: string): string {
  return Buffer.from(JSON.stringify({ taskId, sourceArn }), "utf8").toString("base64");
}

function decodeTaskHandle(handle: string): { taskId: string; sourceArn: string } {
  try {
    const doc = JSON.parse(Buffer.from(handle, "base64").toString("utf8")) as Record<
      string,
      unknown
    >;
    if (typeof doc.taskId === "string" && typeof doc.sourceArn === "string") {
      return { taskId: doc.taskId, sourceArn: doc.sourceArn };
    }
  } catch {
    // falls through to the error below
  }
  throw invalidParameter("Value for parameter TaskHandle is invalid.");
}

export class MoveTasks {
  private readonly model: SqsModel;
  private readonly tasks: MoveTask[] = [];
  private readonly running = new Set<Promise<void>>();

  constructor(model: SqsModel) {
    this.model = model;
  }

  start(sourceArn: string, destinationArn?: string, maxPerSecond?: number): MoveTask {
    const source = this.existing(sourceArn, "SourceArn");
    if (!this.model.listQueues().some((q) => q.redrivePolicy?.deadLetterTargetArn === source.arn)) {
      throw invalidParameter("Source queue must be configured as a Dead Letter Queue.");
    }
    if (destinationArn !== undefined) this.existing(destinationArn, "DestinationArn");
    if (maxPerSecond !== undefined && (maxPerSecond < 1 || maxPerSecond > 500)) {
      throw invalidValue(
        maxPerSecond,
        "MaxNumberOfMessagesPerSecond",
        "Must be between 1 and 500.",
      );
    }
    if (
      this.tasks.some(
        (t) => t.sourceArn === sourceArn && (t.status === "RUNNING" || t.status === "CANCELLING"),
      )
    ) {
      throw invalidParameter(
        "There is already a task running. Only one active task is allowed for a source queue arn at a given time.",
      );
    }
    const id = randomUUID();
    const task: MoveTask = {
      id,
      handle: encodeTaskHandle(id, sourceArn),
      sourceArn,
      ...(destinationArn !== undefined ? { destinationArn } : {}),
      ...(maxPerSecond !== undefined ? { maxPerSecond } : {}),
      status: "RUNNING",
      started: this.model.clock.now(),
      toMove: source.counts(this.model.clock.now()).ready,
      moved: 0,
      cancel: new AbortController(),
    };
    this.tasks.unshift(task);
    const run = this.run(task).finally(() => this.running.delete(run));
    this.running.add(run);
    return task;
  }

  /** The source queue's tasks, most recent first. */
  list(sourceArn: string, max = 1): MoveTask[] {
    if (!parseQueueArn(sourceArn)) {
      throw invalidParameter(
        "You must use this format to specify the SourceArn: arn:<partition>:<service>:<region>:<account-id>:<resource-id>",
      );
    }
    this.existing(sourceArn, "SourceArn");
    if (max < 1 || max > 10) throw invalidValue(max, "MaxResults", "Must be between 1 and 10.");
    return this.tasks.filter((t) => t.sourceArn === sourceArn).slice(0, max);
  }

  cancel(handle: string): MoveTask {
    const { taskId, sourceArn } = decodeTaskHandle(handle);
    this.existing(sourceArn, "SourceArn");
    const task = this.tasks.find((t) => t.id === taskId);
    if (!task) throw new SqsError("ResourceNotFoundException", "Task does not exist.");
    if (task.status !== "RUNNING") throw invalidParameter("Only active tasks can be cancelled.");
    task.status = "CANCELLING";
    task.cancel.abort();
    return task;
  }

  /** Cancels every running task and waits for them to stop. */
  async stop(): Promise<void> {
    for (const task of this.tasks) task.cancel.abort();
    await Promise.allSettled([...this.running]);
  }

  private existing(arn: string, parameter: "SourceArn" | "DestinationArn"): Queue {
    const queue = this.model.queueByArn(arn);
    if (!queue) throw sourceMissing(parameter);
    return queue;
  }

  private async run(task: MoveTask): Promise<void> {
    const { signal } = task.cancel;
    try {
      while (!signal.aborted && this.moveOne(task)) {
        task.moved++;
        if (!this.anyLeft(task)) break;
        if (task.maxPerSecond) await this.model.clock.sleep(1000 / task.maxPerSecond, signal);
        else if (task.moved % SLICE === 0) await yieldToOthers();
      }
      task.status = signal.aborted ? "CANCELLED" : "COMPLETED";
    } catch (error) {
      task.status = "FAILED";
      task.failureReason = error instanceof SqsError ? error.code : String(error);
    }
  }

  private anyLeft(task: MoveTask): boolean {
    const source = this.model.queueByArn(task.sourceArn);
    return source !== undefined && source.counts(this.model.clock.now()).ready > 0;
  }

  /** Moves the source's next ready message; false when there is none left. */
  private moveOne(task: MoveTask): boolean {
    const model = this.model;
    const source = model.queueByArn(task.sourceArn);
    const fixed =
      task.destinationArn === undefined ? undefined : model.queueByArn(task.destinationArn);
    if (!source || (task.destinationArn !== undefined && !fixed)) throw queueGone();
    const now = model.clock.now();
    return model.write(() => {
      const next = source.shift(now);
      if (!next) return false;
      const target = fixed ?? model.queueByArn(next.deadLetterQueueSourceArn ?? "");
      if (!target) {
        source.add(next, now);
        throw queueGone();
      }
      const { deadLetterQueueSourceArn: _from, ...content } = contentOf(next);
      // The message starts over in its new queue: a fresh receive count, sent now.
      target.add(
        arriving(
          { ...content, sentTimestamp: now, retainFrom: now, receiveCount: 0 },
          model.nextSeq(),
        ),
        now,
      );
      return true;
    });
  }
}
