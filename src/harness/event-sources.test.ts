import { CreateEventSourceMappingCommand, CreateFunctionCommand } from "@aws-sdk/client-lambda";
import { CreateQueueCommand, GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { strToU8, zipSync } from "fflate";
import type { AwsClients } from "../aws/clients.ts";
import { startTestCloud, stopTestCloud, type TestCloud } from "../cloud/testing/test-cloud.ts";
import { EventSources } from "./event-sources.ts";
import type { RunFile } from "./run-file.ts";
import { DlqProcessor } from "./world/dlq-processor.ts";
import { Scenario } from "./world/scenario.ts";

let cloud: TestCloud;
let clients: AwsClients;
/** The Lambda operations sent, in order, by name. */
const sent: string[] = [];
const FUNCTION = "paused_lambda";

beforeAll(async () => {
  cloud = await startTestCloud();
  clients = cloud.aws;
  clients.lambda.middlewareStack.add(
    (next, context) => (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: "initialize" },
  );
  const { QueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: "paused" }));
  const { Attributes } = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
  );
  const code = strToU8("exports.handler = async () => ({ batchItemFailures: [] });");
  await clients.lambda.send(
    new CreateFunctionCommand({
      FunctionName: FUNCTION,
      Role: "arn:aws:iam::000000000000:role/lambda-role",
      Runtime: "nodejs22.x",
      Handler: "index.handler",
      Code: { ZipFile: zipSync({ "index.js": [code, { mtime: new Date("2020-01-01") }] }) },
    }),
  );
  await clients.lambda.send(
    new CreateEventSourceMappingCommand({
      FunctionName: FUNCTION,
      EventSourceArn: Attributes?.QueueArn,
    }),
  );
});

afterAll(async () => {
  await stopTestCloud(cloud);
});

const updates = () => sent.filter((name) => name === "UpdateEventSourceMappingCommand").length;

describe("EventSources", () => {
  test("sends no update when the trigger is already as wanted", async () => {
    const triggers = new EventSources(clients.lambda);
    await triggers.setEnabled(FUNCTION, true);
    expect(updates()).toBe(0);
    await triggers.setEnabled(FUNCTION, false);
    expect(updates()).toBe(1);
    await triggers.setEnabled(FUNCTION, false);
    expect(updates()).toBe(1);
    await triggers.setEnabled(FUNCTION, true);
    expect(updates()).toBe(2);
  });
});

/** A scenario whose cleanup the test runs, as the world does after each scenario. */
class FinishedScenario extends Scenario {
  finish(): Promise<void> {
    return this.cleanUp();
  }
}

function scenarioWithDlqProcessor(): FinishedScenario {
  const run = { backend: "embedded", names: { functions: { dlqProcessor: FUNCTION } } };
  return new FinishedScenario(run as RunFile);
}

describe("the dead-letter processor's trigger", () => {
  test("is resumed after a scenario that left it paused", async () => {
    const scenario = scenarioWithDlqProcessor();
    const processor = new DlqProcessor(scenario, new EventSources(clients.lambda));
    await processor.pause();
    const before = updates();
    await scenario.finish();
    expect(updates()).toBe(before + 1);
  });

  test("is not resumed again after a scenario that resumed it itself", async () => {
    const scenario = scenarioWithDlqProcessor();
    const processor = new DlqProcessor(scenario, new EventSources(clients.lambda));
    await processor.pause();
    await processor.resume();
    const before = sent.length;
    await scenario.finish();
    expect(sent.slice(before)).toEqual([]);
  });
});
