// The floor's consumer process: what task_lambda does to AWS, without a Lambda runtime.
// Per batch: ReceiveMessage (up to 10), one PutObject per order, one SendMessageBatch of
// notifications, one DeleteMessageBatch. Started by floor.ts with fork(); talks over IPC.
import { PutObjectCommand } from "@aws-sdk/client-s3";
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type Message,
} from "@aws-sdk/client-sqs";
import * as z from "zod";
import { awsConfigFor } from "../../src/aws/config.ts";
import {
  createDataClients,
  destroyDataClients,
  type DataClients,
} from "../../src/aws/data-clients.ts";

const jobSchema = z.object({
  endpoint: z.url(),
  taskQueueUrl: z.url(),
  notificationQueueUrl: z.url(),
  bucket: z.string().min(1),
  expected: z.number().int().positive(),
  pollers: z.number().int().positive(),
});
type Job = z.infer<typeof jobSchema>;

/** Wall-clock ms with sub-ms precision, comparable across processes on one machine. */
function now(): number {
  return performance.timeOrigin + performance.now();
}

const bodySchema = z.object({ order_id: z.string(), user_id: z.string() }).loose();

async function handleBatch(c: DataClients, job: Job, messages: Message[]): Promise<void> {
  const orders = messages.map((m) => bodySchema.parse(JSON.parse(m.Body ?? "")));
  await Promise.all(
    orders.map((o) =>
      c.s3.send(
        new PutObjectCommand({
          Bucket: job.bucket,
          Key: `invoices/${o.order_id}.json`,
          Body: JSON.stringify({ order_id: o.order_id, user_id: o.user_id, total: "0.00" }),
          ContentType: "application/json",
        }),
      ),
    ),
  );
  await c.sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: job.notificationQueueUrl,
      Entries: orders.map((o, i) => ({
        Id: String(i),
        MessageBody: JSON.stringify({ order_id: o.order_id, user_id: o.user_id }),
      })),
    }),
  );
  await c.sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: job.taskQueueUrl,
      Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
    }),
  );
}

async function run(job: Job): Promise<void> {
  const c = createDataClients(awsConfigFor("us-east-1", job.endpoint));
  let processed = 0;
  // The moment the last order was handled; it also cuts the other pollers' long polls short.
  let finishedAt = 0;
  const finished = new AbortController();
  const receive = () =>
    c.sqs
      .send(
        new ReceiveMessageCommand({
          QueueUrl: job.taskQueueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
        }),
        { abortSignal: finished.signal },
      )
      .catch((error: unknown) => {
        if (finished.signal.aborted) return { Messages: [] };
        throw error;
      });
  const poll = async () => {
    while (processed < job.expected) {
      const { Messages = [] } = await receive();
      if (Messages.length === 0) continue;
      await handleBatch(c, job, Messages);
      processed += Messages.length;
      if (processed >= job.expected && finishedAt === 0) {
        finishedAt = now();
        finished.abort();
      }
    }
  };
  process.send!({ type: "ready" });
  await Promise.all(Array.from({ length: job.pollers }, poll));
  const { user, system } = process.cpuUsage();
  process.send!({ type: "done", processed, at: finishedAt, cpuMs: (user + system) / 1000 });
  destroyDataClients(c);
}

process.once("message", (raw) => {
  run(jobSchema.parse(raw)).then(
    () => process.disconnect(),
    (err: unknown) => {
      console.error(
        JSON.stringify({ level: "error", msg: "floor consumer failed", err: String(err) }),
      );
      process.exit(1);
    },
  );
});
