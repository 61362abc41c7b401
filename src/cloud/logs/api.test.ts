import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import type { AwsClients } from "../../aws/clients.ts";
import type { Cloud } from "../index.ts";
import { startTestCloud, stopTestCloud } from "../testing/test-cloud.ts";

let cloud: Cloud;
let aws: AwsClients;

beforeAll(async () => {
  ({ cloud, aws } = await startTestCloud());
});

afterAll(() => stopTestCloud({ cloud, aws }));

async function failure(promise: Promise<unknown>): Promise<[string, string]> {
  try {
    await promise;
  } catch (error) {
    return [(error as Error).name, (error as Error).message];
  }
  throw new Error("expected the call to fail");
}

async function stream(group: string, name: string, messages: string[], start = 1_700_000_000_000) {
  await aws.logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch(() => undefined);
  await aws.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: name }));
  await aws.logs.send(
    new PutLogEventsCommand({
      logGroupName: group,
      logStreamName: name,
      logEvents: messages.map((message, i) => ({ timestamp: start + i, message })),
    }),
  );
}

describe("log groups", () => {
  it("creates, describes with a prefix, pages and deletes groups", async () => {
    for (const g of ["/groups/a", "/groups/b", "/groups/c"]) {
      await aws.logs.send(new CreateLogGroupCommand({ logGroupName: g }));
    }
    const first = await aws.logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: "/groups/", limit: 2 }),
    );
    expect(first.logGroups?.map((g) => g.logGroupName)).toEqual(["/groups/a", "/groups/b"]);
    expect(first.logGroups?.[0]).toMatchObject({
      arn: "arn:aws:logs:us-east-1:000000000000:log-group:/groups/a:*",
      logGroupArn: "arn:aws:logs:us-east-1:000000000000:log-group:/groups/a",
      metricFilterCount: 0,
    });
    const second = await aws.logs.send(
      new DescribeLogGroupsCommand({
        logGroupNamePrefix: "/groups/",
        limit: 2,
        nextToken: first.nextToken,
      }),
    );
    expect(second.logGroups?.map((g) => g.logGroupName)).toEqual(["/groups/c"]);
    expect(second.nextToken).toBeUndefined();

    await aws.logs.send(
      new PutRetentionPolicyCommand({ logGroupName: "/groups/a", retentionInDays: 7 }),
    );
    const a = await aws.logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: "/groups/a" }),
    );
    expect(a.logGroups?.[0]?.retentionInDays).toBe(7);

    await aws.logs.send(new DeleteLogGroupCommand({ logGroupName: "/groups/b" }));
    const left = await aws.logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: "/groups/" }),
    );
    expect(left.logGroups?.map((g) => g.logGroupName)).toEqual(["/groups/a", "/groups/c"]);
  });

  it("finds groups by a name pattern (substring, any case)", async () => {
    await aws.logs.send(new CreateLogGroupCommand({ logGroupName: "/aws/lambda/Pattern-Fn" }));
    const out = await aws.logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePattern: "pattern-fn" }),
    );
    expect(out.logGroups?.map((g) => g.logGroupName)).toEqual(["/aws/lambda/Pattern-Fn"]);
  });

  it("refuses names AWS refuses", async () => {
    expect(
      (await failure(aws.logs.send(new CreateLogGroupCommand({ logGroupName: "bad name!" }))))[0],
    ).toBe("InvalidParameterException");
    await aws.logs.send(new CreateLogGroupCommand({ logGroupName: "/names" }));
    expect(
      (
        await failure(
          aws.logs.send(
            new CreateLogStreamCommand({ logGroupName: "/names", logStreamName: "a:b" }),
          ),
        )
      )[0],
    ).toBe("InvalidParameterException");
  });

  it("answers ResourceAlreadyExistsException and ResourceNotFoundException", async () => {
    await aws.logs.send(new CreateLogGroupCommand({ logGroupName: "/dup" }));
    expect(
      await failure(aws.logs.send(new CreateLogGroupCommand({ logGroupName: "/dup" }))),
    ).toEqual(["ResourceAlreadyExistsException", "The specified log group already exists"]);
    expect(
      await failure(aws.logs.send(new DeleteLogGroupCommand({ logGroupName: "/never" }))),
    ).toEqual(["ResourceNotFoundException", "The specified log group does not exist."]);
    expect(
      await failure(
        aws.logs.send(new CreateLogStreamCommand({ logGroupName: "/never", logStreamName: "s" })),
      ),
    ).toEqual(["ResourceNotFoundException", "The specified log group does not exist."]);
  });
});

describe("log streams", () => {
  it("describes streams by name or by last event time, with timestamps", async () => {
    await stream("/streams", "b-stream", ["one"], 2_000);
    await stream("/streams", "a-stream", ["two", "three"], 5_000);
    const byName = await aws.logs.send(new DescribeLogStreamsCommand({ logGroupName: "/streams" }));
    expect(byName.logStreams?.map((s) => s.logStreamName)).toEqual(["a-stream", "b-stream"]);
    expect(byName.logStreams?.[0]).toMatchObject({
      firstEventTimestamp: 5_000,
      lastEventTimestamp: 5_001,
      arn: "arn:aws:logs:us-east-1:000000000000:log-group:/streams:log-stream:a-stream",
    });
    const latest = await aws.logs.send(
      new DescribeLogStreamsCommand({
        logGroupName: "/streams",
        orderBy: "LastEventTime",
        descending: true,
        limit: 1,
      }),
    );
    expect(latest.logStreams?.map((s) => s.logStreamName)).toEqual(["a-stream"]);
    expect(latest.nextToken).toBeDefined();
    const prefixed = await aws.logs.send(
      new DescribeLogStreamsCommand({
        logGroupIdentifier: "arn:aws:logs:us-east-1:000000000000:log-group:/streams",
        logStreamNamePrefix: "b-",
      }),
    );
    expect(prefixed.logStreams?.map((s) => s.logStreamName)).toEqual(["b-stream"]);
  });

  it("refuses a duplicate stream and events for a missing one", async () => {
    await stream("/streams-err", "s", ["x"]);
    expect(
      (
        await failure(
          aws.logs.send(
            new CreateLogStreamCommand({ logGroupName: "/streams-err", logStreamName: "s" }),
          ),
        )
      )[0],
    ).toBe("ResourceAlreadyExistsException");
    expect(
      await failure(
        aws.logs.send(
          new PutLogEventsCommand({
            logGroupName: "/streams-err",
            logStreamName: "missing",
            logEvents: [{ timestamp: 1, message: "m" }],
          }),
        ),
      ),
    ).toEqual(["ResourceNotFoundException", "The specified log stream does not exist."]);
    await aws.logs.send(
      new DeleteLogStreamCommand({ logGroupName: "/streams-err", logStreamName: "s" }),
    );
    expect(
      (
        await failure(
          aws.logs.send(
            new GetLogEventsCommand({ logGroupName: "/streams-err", logStreamName: "s" }),
          ),
        )
      )[0],
    ).toBe("ResourceNotFoundException");
  });

  it("refuses events out of chronological order", async () => {
    await stream("/order", "s", []).catch(() => undefined);
    const [name] = await failure(
      aws.logs.send(
        new PutLogEventsCommand({
          logGroupName: "/order",
          logStreamName: "s",
          logEvents: [
            { timestamp: 10, message: "late" },
            { timestamp: 5, message: "early" },
          ],
        }),
      ),
    );
    expect(name).toBe("InvalidParameterException");
  });
});

describe("GetLogEvents", () => {
  const messages = ["m0", "m1", "m2", "m3", "m4"];

  beforeAll(async () => {
    await stream("/get", "s", messages, 1_000);
  });

  it("pages forward from the head and answers the same token at the end", async () => {
    const seen: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page++) {
      const out = await aws.logs.send(
        new GetLogEventsCommand({
          logGroupName: "/get",
          logStreamName: "s",
          startFromHead: true,
          limit: 2,
          nextToken: token,
        }),
      );
      expect(out.nextForwardToken).toBeDefined();
      expect(out.nextBackwardToken).toBeDefined();
      seen.push(...(out.events ?? []).map((e) => e.message ?? ""));
      if (out.nextForwardToken === token) break;
      token = out.nextForwardToken;
    }
    expect(seen).toEqual(messages);
  });

  it("starts from the tail by default and pages backward", async () => {
    const tail = await aws.logs.send(
      new GetLogEventsCommand({ logGroupName: "/get", logStreamName: "s", limit: 2 }),
    );
    expect(tail.events?.map((e) => e.message)).toEqual(["m3", "m4"]);
    const before = await aws.logs.send(
      new GetLogEventsCommand({
        logGroupName: "/get",
        logStreamName: "s",
        limit: 2,
        nextToken: tail.nextBackwardToken,
      }),
    );
    expect(before.events?.map((e) => e.message)).toEqual(["m1", "m2"]);
    expect(before.events?.[0]).toMatchObject({ timestamp: 1_001 });
    expect(typeof before.events?.[0]?.ingestionTime).toBe("number");
  });

  it("limits by time (start inclusive, end exclusive)", async () => {
    const out = await aws.logs.send(
      new GetLogEventsCommand({
        logGroupName: "/get",
        logStreamName: "s",
        startTime: 1_001,
        endTime: 1_003,
        startFromHead: true,
      }),
    );
    expect(out.events?.map((e) => e.message)).toEqual(["m1", "m2"]);
  });
});

describe("FilterLogEvents", () => {
  beforeAll(async () => {
    await stream(
      "/filter",
      "one",
      ["ERROR disk full", "INFO started", JSON.stringify({ level: "warn", n: 3 })],
      10,
    );
    await stream("/filter", "two", ["WARN slow", "INFO ORD-7 priced"], 11);
  });

  it("searches every stream in time order with the event shape clients read", async () => {
    const out = await aws.logs.send(
      new FilterLogEventsCommand({ logGroupName: "/filter", filterPattern: "INFO" }),
    );
    expect(out.events?.map((e) => [e.logStreamName, e.message])).toEqual([
      ["one", "INFO started"],
      ["two", "INFO ORD-7 priced"],
    ]);
    expect(out.events?.[0]?.eventId).toMatch(/^\d+$/);
    expect(out.searchedLogStreams).toEqual([
      { logStreamName: "one", searchedCompletely: true },
      { logStreamName: "two", searchedCompletely: true },
    ]);
  });

  it("supports ?any terms, quoted phrases and JSON patterns", async () => {
    const run = async (filterPattern: string) =>
      (
        await aws.logs.send(new FilterLogEventsCommand({ logGroupName: "/filter", filterPattern }))
      ).events?.map((e) => e.message);
    expect(await run("?ERROR ?WARN")).toEqual(["ERROR disk full", "WARN slow"]);
    expect(await run('"ORD-7 priced"')).toEqual(["INFO ORD-7 priced"]);
    expect(await run('{ $.level = "warn" && $.n >= 3 }')).toEqual([
      JSON.stringify({ level: "warn", n: 3 }),
    ]);
  });

  it("narrows to named streams and pages with nextToken", async () => {
    const named = await aws.logs.send(
      new FilterLogEventsCommand({ logGroupName: "/filter", logStreamNames: ["two"] }),
    );
    expect(named.events?.map((e) => e.message)).toEqual(["WARN slow", "INFO ORD-7 priced"]);
    const page1 = await aws.logs.send(
      new FilterLogEventsCommand({ logGroupName: "/filter", limit: 3 }),
    );
    expect(page1.events).toHaveLength(3);
    const page2 = await aws.logs.send(
      new FilterLogEventsCommand({ logGroupName: "/filter", limit: 3, nextToken: page1.nextToken }),
    );
    expect(page2.events).toHaveLength(2);
    expect(page2.nextToken).toBeUndefined();
  });

  it("answers InvalidParameterException for a bad pattern and ResourceNotFound for a missing group", async () => {
    expect(
      (
        await failure(
          aws.logs.send(
            new FilterLogEventsCommand({ logGroupName: "/filter", filterPattern: "{ $.a = " }),
          ),
        )
      )[0],
    ).toBe("InvalidParameterException");
    expect(
      (await failure(aws.logs.send(new FilterLogEventsCommand({ logGroupName: "/none" }))))[0],
    ).toBe("ResourceNotFoundException");
  });
});

describe("the model other services write to", () => {
  it("makes events written through cloud.logs visible to the SDK", async () => {
    cloud.logs.putEvents("/aws/lambda/fn", "2026/01/01/[$LATEST]abc", [
      { timestamp: 2, message: "END RequestId: r1" },
      { timestamp: 1, message: "START RequestId: r1 Version: $LATEST" },
    ]);
    const out = await aws.logs.send(
      new GetLogEventsCommand({
        logGroupName: "/aws/lambda/fn",
        logStreamName: "2026/01/01/[$LATEST]abc",
        startFromHead: true,
      }),
    );
    expect(out.events?.map((e) => e.message)).toEqual([
      "START RequestId: r1 Version: $LATEST",
      "END RequestId: r1",
    ]);
  });
});

it("answers UnknownOperationException for an operation it does not serve", async () => {
  const res = await fetch(cloud.endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "Logs_20140328.StartQuery",
    },
    body: "{}",
  });
  expect(res.status).toBe(400);
  expect(await res.json()).toMatchObject({ __type: "UnknownOperationException" });
});
