// No SQS request reaches fauxqs: every way a client can speak SQS to the cloud is served by
// orderflow's SQS. Proven from fauxqs' own store afterwards (its SQLite file in the data
// directory): S3 writes land there, SQS writes never do.
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { mkdtempSync, rmSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { createClients, destroyClients } from "../aws/clients.ts";
import { awsConfigFor } from "../aws/config.ts";
import { startCloud } from "./index.ts";
import { jsonCall, queryCall } from "./sqs/testing/raw-requests.ts";

test("SQS in every protocol and shape is served by orderflow's SQS, never by fauxqs", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "orderflow-routing-"));
  const cloud = await startCloud({ port: 0, dataDir });
  const aws = createClients(awsConfigFor(cloud.region, cloud.endpoint));
  try {
    const { QueueUrl } = await aws.sqs.send(new CreateQueueCommand({ QueueName: "sdk-json" }));
    await aws.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "signed JSON" }));
    await jsonCall(cloud.endpoint, "CreateQueue", { QueueName: "raw-json" });
    await queryCall(cloud.endpoint, { Action: "CreateQueue", QueueName: "signed-query" });
    const unsigned = { "content-type": "application/x-www-form-urlencoded" };
    const form = await request(cloud.endpoint, {
      method: "POST",
      headers: unsigned,
      body: "Action=CreateQueue&QueueName=unsigned-form&Version=2012-11-05",
    });
    expect(form.statusCode).toBe(200);
    await form.body.dump();
    const onUrl = await request(`${QueueUrl}?Action=SendMessage&MessageBody=unsigned+GET`);
    expect(onUrl.statusCode).toBe(200);
    await onUrl.body.dump();
    const peek = await request(`${cloud.endpoint}/_aws/sqs/messages?QueueUrl=${QueueUrl}`);
    await peek.body.dump();
    const { Messages } = await aws.sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }),
    );
    expect(Messages?.map((m) => m.Body).sort()).toEqual(["signed JSON", "unsigned GET"]);
    expect(cloud.inspectQueue("unsigned-form")).toBeDefined();
    await aws.s3.send(new CreateBucketCommand({ Bucket: "fauxqs-gets-s3" }));
  } finally {
    destroyClients(aws);
    await cloud.stop();
  }
  const fauxqs = new DatabaseSync(join(dataDir, "s3", "fauxqs.db"), { readOnly: true });
  try {
    const count = (table: string) =>
      (fauxqs.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(count("s3_buckets")).toBe(1);
    expect(count("sqs_queues")).toBe(0);
    expect(count("sqs_messages")).toBe(0);
  } finally {
    fauxqs.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
