import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import type { AwsClients } from "../aws/clients.ts";
import { startTestCloud, stopTestCloud, type TestCloud } from "../cloud/testing/test-cloud.ts";
import { FunctionLogs, jsonOfLine } from "./function-logs.ts";

describe("jsonOfLine", () => {
  test("reads a Powertools line as the function wrote it", () => {
    expect(jsonOfLine('{"level":"ERROR","message":"order rejected","order_id":"ORD-1"}')).toEqual({
      level: "ERROR",
      message: "order rejected",
      order_id: "ORD-1",
    });
  });

  test("reads past the timestamp, request id and level a runtime puts before console lines", () => {
    const line =
      '2026-11-24T23:33:10.859Z\tddf4e651\tINFO\t{"message":"order priced","order_id":"ORD-2"}';
    expect(jsonOfLine(line)).toMatchObject({ message: "order priced", order_id: "ORD-2" });
  });

  test("ignores the runtime's own lines and broken JSON", () => {
    expect(jsonOfLine("START RequestId: a1070939 Version: $LATEST")).toBeUndefined();
    expect(jsonOfLine('REPORT {"not json')).toBeUndefined();
  });
});

describe("FunctionLogs", () => {
  let cloud: TestCloud;
  let clients: AwsClients;
  const group = "/aws/lambda/logged_lambda";
  const now = Date.now();

  beforeAll(async () => {
    cloud = await startTestCloud();
    clients = cloud.aws;
    await clients.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await clients.logs.send(
      new CreateLogStreamCommand({ logGroupName: group, logStreamName: "s" }),
    );
    const line = (message: string, order: string) =>
      JSON.stringify({ level: "INFO", message, order_id: order });
    await clients.logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: "s",
        logEvents: [
          { timestamp: now - 60_000, message: line("order priced", "ORD-old") },
          { timestamp: now - 1_000, message: "START RequestId: r1 Version: $LATEST" },
          { timestamp: now, message: line("order priced", "ORD-new") },
          { timestamp: now + 1, message: `2026-01-01T00:00:00Z\tr1\tERROR\tboom for ORD-new` },
        ],
      }),
    );
  });

  afterAll(async () => {
    await stopTestCloud(cloud);
  });

  test("asks only for events since the scenario began", async () => {
    const logs = new FunctionLogs(clients.logs, { since: now - 10_000 });
    expect(await logs.linesAbout("logged_lambda", "ORD-old")).toEqual([]);
    expect(await new FunctionLogs(clients.logs).linesAbout("logged_lambda", "ORD-old")).toEqual([
      expect.objectContaining({ message: "order priced" }),
    ]);
  });

  test("finds raw lines that mention an order, and structured lines that name it", async () => {
    const logs = new FunctionLogs(clients.logs, { since: now - 10_000 });
    expect(
      (await logs.eventsMentioning("logged_lambda", "ORD-new")).map((e) => e.timestamp),
    ).toEqual([now, now + 1]);
    expect(await logs.linesAbout("logged_lambda", "ORD-new")).toEqual([
      expect.objectContaining({ timestamp: now, message: "order priced" }),
    ]);
  });

  test("a function that never ran has no lines", async () => {
    const logs = new FunctionLogs(clients.logs, { since: now });
    expect(await logs.eventsMentioning("never_ran_lambda", "ORD-new")).toEqual([]);
  });
});
