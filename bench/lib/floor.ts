import { fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { CreateQueueCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import * as z from "zod";
import { destroyClients, emulatorClients } from "../../src/aws/clients.ts";
import { orderIds, sampleOrderMessage } from "./orders.ts";
import type { Figures } from "./runner.ts";

export interface FloorOptions {
  /** Orders sent and handled in one run. */
  orders: number;
  /** Concurrent receive loops in the consumer process (a mapping's concurrency). */
  pollers: number;
  /** SendMessage calls in flight from the producer (the API's concurrency). */
  sendConcurrency: number;
}

const consumerPath = fileURLToPath(new URL("./floor-consumer.ts", import.meta.url));

const messageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready") }),
  z.object({
    type: z.literal("done"),
    processed: z.number(),
    at: z.number(),
    /** The consumer's whole CPU time, its start-up included (small next to thousands of orders). */
    cpuMs: z.number(),
  }),
]);
type ConsumerMessage = z.infer<typeof messageSchema>;

function now(): number {
  return performance.timeOrigin + performance.now();
}

/** Runs `task` for 0..count-1 with at most `limit` in flight. */
export async function boundedEach(
  count: number,
  limit: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
}

/**
 * The floor: the AWS calls the pipeline cannot avoid, with nothing else. This process sends
 * orders to the task queue; a child process receives them ten at a time, writes each invoice,
 * sends the notifications in one batch and deletes the batch. Orders per second, measured
 * from the first send to the last delete.
 */
export async function runFloor(endpoint: string, options: FloorOptions): Promise<Figures> {
  const clients = emulatorClients(endpoint);
  const tag = `floor-${Date.now().toString(36)}`;
  const [task, notification] = await Promise.all(
    [`${tag}-task`, `${tag}-notification`].map((QueueName) =>
      clients.sqs.send(new CreateQueueCommand({ QueueName })),
    ),
  );
  await clients.s3.send(new CreateBucketCommand({ Bucket: tag }));

  const child = fork(consumerPath, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const next = async (): Promise<ConsumerMessage> => {
    const [raw] = (await once(child, "message")) as [unknown];
    return messageSchema.parse(raw);
  };
  try {
    const exited = once(child, "exit");
    child.send({
      endpoint,
      taskQueueUrl: task!.QueueUrl,
      notificationQueueUrl: notification!.QueueUrl,
      bucket: tag,
      expected: options.orders,
      pollers: options.pollers,
    });
    const ready = await next();
    if (ready.type !== "ready") throw new Error("floor consumer answered out of order");
    const done = next();
    const ids = orderIds("floor");
    const started = now();
    const cpuBefore = process.cpuUsage();
    await boundedEach(options.orders, options.sendConcurrency, async () => {
      await clients.sqs.send(
        new SendMessageCommand({
          QueueUrl: task!.QueueUrl,
          MessageBody: sampleOrderMessage(ids.next()),
        }),
      );
    });
    const sentAt = now();
    const result = await done;
    const cpu = process.cpuUsage(cpuBefore);
    await exited;
    if (result.type !== "done") throw new Error("floor consumer answered out of order");
    const seconds = (result.at - started) / 1000;
    return {
      floorOrdersPerSecond: options.orders / seconds,
      floorSendOrdersPerSecond: options.orders / ((sentAt - started) / 1000),
      floorSeconds: seconds,
      // The cloud and the producer share this process; the consumer reports its own.
      floorCpuMsPerOrder: ((cpu.user + cpu.system) / 1000 + result.cpuMs) / options.orders,
    };
  } finally {
    if (child.exitCode === null) child.kill();
    destroyClients(clients);
  }
}
