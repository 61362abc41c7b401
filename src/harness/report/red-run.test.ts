// A red run explains itself, end to end. The stack's task function is wired with a wrong
// pricing rule (the discount truncated instead of rounded half-up); one scenario of
// features/promo-codes.feature runs against it through the scenario world and the step
// recorder, as `npm test` runs it; then the reporter is fed that run under GitHub Actions.
// Only what the embedded cloud, the API and one handler cost: no Lambda runtime, no deploy.
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
} from "@aws-sdk/client-sqs";
import type { Envelope } from "@cucumber/messages";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createTaskHandler } from "../../../lambdas/task.ts";
import type { RunningApi } from "../../api/index.ts";
import { startTestCloud, stopTestCloud, type TestCloud } from "../../cloud/testing/test-cloud.ts";
import { priceOrder } from "../../domain/index.ts";
import { resourceNames } from "../../stack/names.ts";
import { linesFromWords } from "../order-words.ts";
import { RUN_FILE_ENV, writeRunFile, type RunFile } from "../run-file.ts";
import { startScenarioApi } from "../scenario-api.ts";
import { runStep } from "../step-runner.ts";
import { World } from "../world.ts";
import ScenarioReporter from "./reporter.ts";
import { STEP_LOG_DIR_ENV } from "./step-log.ts";
import { useTempDirs } from "../../testing/temp-dirs.ts";

const tempDir = useTempDirs();
const FEATURE = "Promo codes";
const SCENARIO = "A laptop and two mice with promo code SAVE10 cost 944.97";
const names = resourceNames("red-");

/** The broken rule: 10 % of 1049.97 is 104.997, which this makes 104.99 rather than 105.00. */
const truncatingDiscount: typeof priceOrder = (order, pricedAt) => {
  const invoice = priceOrder(order, pricedAt);
  const amountCents = Math.floor((invoice.subtotalCents * invoice.discount.percent) / 100);
  return {
    ...invoice,
    discount: { ...invoice.discount, amountCents },
    totalCents: invoice.subtotalCents - amountCents,
  };
};

let cloud: TestCloud;
let api: RunningApi;
let run: RunFile;
const saved = { steps: process.env[STEP_LOG_DIR_ENV], run: process.env[RUN_FILE_ENV] };

beforeAll(async () => {
  cloud = await startTestCloud();
  const { s3, sqs } = cloud.aws;
  await s3.send(new CreateBucketCommand({ Bucket: names.bucket }));
  for (const queue of [names.taskQueue, names.notificationQueue, names.dlq])
    await sqs.send(new CreateQueueCommand({ QueueName: queue }));
  const jwtSecret = randomBytes(32).toString("hex");
  api = await startScenarioApi(cloud.aws, names, jwtSecret, () => {});
  run = {
    backend: "embedded",
    facts: [
      { label: "Backend", value: "embedded" },
      { label: "Why", value: "a test wired the task function with a truncating discount" },
    ],
    region: cloud.cloud.region,
    endpoint: cloud.cloud.endpoint,
    apiUrl: api.url,
    jwtSecret,
    prefix: "red-",
    names,
    queuePeek: "developer-endpoint",
  };
});

afterAll(async () => {
  process.env[STEP_LOG_DIR_ENV] = saved.steps;
  if (saved.run === undefined) delete process.env[RUN_FILE_ENV];
  else process.env[RUN_FILE_ENV] = saved.run;
  await api.close();
  await stopTestCloud(cloud);
});

/** task_lambda's own handler, wired with the broken rule, given the task queue's one message. */
async function brokenTaskFunction(): Promise<void> {
  const { s3, sqs } = cloud.aws;
  const urlOf = async (name: string) =>
    (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
  const taskQueue = await urlOf(names.taskQueue);
  const { Messages } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: taskQueue, WaitTimeSeconds: 5 }),
  );
  const message = Messages?.[0];
  if (!message?.MessageId || message.Body === undefined) throw new Error("no order was queued");
  const handler = createTaskHandler({
    s3,
    sqs,
    bucket: names.bucket,
    notificationQueueUrl: (await urlOf(names.notificationQueue)) ?? "",
    log: { info: () => {}, warn: () => {}, error: () => {} },
    price: truncatingDiscount,
  });
  const answer = await handler({
    Records: [{ messageId: message.MessageId, body: message.Body, attributes: {} }],
  });
  expect(answer).toEqual({ batchItemFailures: [] });
  await sqs.send(
    new DeleteMessageCommand({ QueueUrl: taskQueue, ReceiptHandle: message.ReceiptHandle }),
  );
}

test("a scenario broken on purpose fails with an annotation on its step, its diagnostics and a summary that opens with it", async () => {
  const reports = tempDir("orderflow-red-run-");
  const printed: string[] = [];
  const reporter = new ScenarioReporter(
    { rootDir: process.cwd() },
    {
      outputDir: reports,
      silent: true,
      write: (text) => printed.push(text),
      env: { GITHUB_ACTIONS: "true" },
    },
  );
  reporter.onRunStart();
  const runFile = join(reports, "run.json");
  await writeRunFile(runFile, run);
  process.env[RUN_FILE_ENV] = runFile;

  const world = new World(run);
  const testPath = join(process.cwd(), "steps", "promo-codes.steps.ts");
  const place = (index: number) => ({ testPath, testName: `${FEATURE} ${SCENARIO}`, index });
  const startedAt = Date.now();
  let failure: unknown;
  try {
    await runStep(place(0), world, () => world.tokens.signIn());
    await runStep(place(1), world, () =>
      world.orders.place(linesFromWords("a laptop and two mice"), { promoCode: "SAVE10" }),
    );
    await brokenTaskFunction();
    await runStep(place(2), world, () =>
      world.invoices.expectAmounts({ subtotal: "1049.97", discount: "105.00", total: "944.97" }),
    );
  } catch (error) {
    failure = error;
  } finally {
    await world.dispose();
  }
  expect(failure).toBeInstanceOf(Error);

  reporter.onTestFileResult(
    { path: testPath, context: { config: { displayName: { name: "scenarios" } } } } as never,
    {
      testResults: [
        {
          ancestorTitles: [FEATURE],
          title: SCENARIO,
          // As jest-light-runner reports it: the title alone, without the feature's.
          fullName: SCENARIO,
          status: "failed",
          duration: Date.now() - startedAt,
          startAt: startedAt,
          failureMessages: [(failure as Error).stack ?? String(failure)],
        },
      ],
    } as never,
  );
  await reporter.onRunComplete(undefined, {} as never);

  // The pull request shows it on the step's line of the feature file.
  expect(printed).toEqual([
    `::error file=features/promo-codes.feature,line=10,title=${SCENARIO}::` +
      "expect(received).toEqual(expected) // deep equality: " +
      "expected discount '105.00', total '944.97'; received discount '104.99', total '944.98'\n",
  ]);

  // The failed step carries what explains it, in the messages the HTML report is made of.
  const envelopes = (await readFile(join(reports, "cucumber-messages.ndjson"), "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Envelope);
  const failedStep = envelopes.find(
    (e) => e.testStepFinished?.testStepResult.status === "FAILED",
  )?.testStepFinished;
  const attached = envelopes.flatMap((e) =>
    e.attachment && e.attachment.testStepId === failedStep?.testStepId ? [e.attachment] : [],
  );
  const orderId = world.orderId;
  expect(attached.map((a) => a.fileName)).toEqual([
    `invoice of ${orderId} (invoices/${orderId}.json)`,
    `stored order record of ${orderId} (orders/)`,
    `queues, looked at without receiving: messages about ${orderId}`,
    `function log lines that mention ${orderId}`,
    `results bucket: every object of ${orderId}`,
  ]);
  const [invoice, record, queues, logs, bucket] = attached.map((a) =>
    a.mediaType === "application/json" ? (JSON.parse(a.body) as unknown) : a.body,
  );
  expect(invoice).toMatchObject({ discount: { amount: "104.99" }, total: "944.98" });
  expect(record).toMatchObject({ [orderId]: { order_id: orderId, promo_code: "SAVE10" } });
  expect(queues).toMatchObject({
    [names.taskQueue]: { ready: 0, in_flight: 0, about_these_orders: [] },
    [names.notificationQueue]: {
      about_these_orders: [expect.objectContaining({ state: "ready" })],
    },
    [names.dlq]: { about_these_orders: [] },
  });
  expect(logs).toBe(
    Object.values(names.functions)
      .map((fn) => `${fn}:\n  (no lines)`)
      .join("\n\n"),
  );
  expect(Object.keys(bucket as object)).toEqual([
    `orders/${orderId}.json`,
    `invoices/${orderId}.json`,
  ]);

  // The job summary opens with the failed scenario: feature, step and the error's first line.
  const summary = await readFile(join(reports, "summary.md"), "utf8");
  const [heading, ...opening] = summary.split("\n");
  expect(heading).toMatch(
    /^## ❌ orderflow scenarios on the embedded backend: 0 passed, 1 failed, 0 skipped in \d+\.\d s$/,
  );
  expect(opening.slice(0, 6)).toEqual([
    "",
    "### Failed",
    "",
    `- **${FEATURE}** › ${SCENARIO}  `,
    "  ` Then the invoice shows a subtotal of 1049.97, a discount of 105.00 and a total of 944.97 ` (features/promo-codes.feature:10)  ",
    "  ` expect(received).toEqual(expected) // deep equality: expected discount '105.00', total '944.97'; received discount '104.99', total '944.98' `",
  ]);
});
