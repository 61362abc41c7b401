// The faults a conservation campaign needs: the embedded runtime injects crashes, timeouts
// and duplicate deliveries itself (startCloud({ faults })), never the product's handlers.
import { InvokeCommand } from "@aws-sdk/client-lambda";
import {
  CreateEventSourceMappingCommand,
  GetEventSourceMappingCommand,
} from "@aws-sdk/client-lambda";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import type { FaultOptions } from "../types.ts";
import {
  consoleLines,
  createFunction,
  createQueue,
  decode,
  eventually,
  startKit,
  type Kit,
} from "./testing/lambda-kit.ts";

const kits: Kit[] = [];
afterEach(async () => {
  await Promise.all(kits.splice(0).map((kit) => kit.stop()));
});

async function kitWith(faults: FaultOptions): Promise<Kit> {
  const kit = await startKit({ faults });
  kits.push(kit);
  return kit;
}

const echo = {
  "index.js": "exports.handler = async (e) => { console.log('ran ' + e.n); return e.n; };",
};

async function outcomes(kit: Kit, name: string, count: number): Promise<string[]> {
  const seen: string[] = [];
  for (let n = 0; n < count; n++) {
    const answer = await kit.lambda.send(
      new InvokeCommand({
        FunctionName: name,
        Payload: new TextEncoder().encode(JSON.stringify({ n })),
      }),
    );
    seen.push(
      answer.FunctionError
        ? (JSON.parse(decode(answer.Payload)) as { errorType: string }).errorType
        : "ok",
    );
  }
  return seen;
}

test("crashRate: the worker is killed mid-invocation, reported as Runtime.ExitError", async () => {
  const kit = await kitWith({ crashRate: 1, seed: 3 });
  const name = await createFunction(kit, echo);
  const answer = await kit.lambda.send(
    new InvokeCommand({ FunctionName: name, Payload: new TextEncoder().encode('{"n":1}') }),
  );
  expect(answer.FunctionError).toBe("Unhandled");
  expect(JSON.parse(decode(answer.Payload))).toEqual({
    errorType: "Runtime.ExitError",
    errorMessage: `RequestId: ${answer.$metadata.requestId} Error: Runtime exited with error: signal: killed`,
    trace: [],
  });
});

test("timeoutRate: the invocation is cut short as Sandbox.Timedout", async () => {
  const kit = await kitWith({ timeoutRate: 1, seed: 3 });
  const name = await createFunction(kit, echo, { Timeout: 2 });
  expect(await outcomes(kit, name, 2)).toEqual(["Sandbox.Timedout", "Sandbox.Timedout"]);
});

test("a seeded campaign mixes faults with successes and replays exactly", async () => {
  const faults = { crashRate: 0.3, timeoutRate: 0.2, seed: 1234 };
  const first = await kitWith(faults);
  const seen = await outcomes(first, await createFunction(first, echo), 8);
  expect(seen).toContain("ok");
  expect(seen.some((o) => o !== "ok")).toBe(true);
  expect(seen.every((o) => ["ok", "Runtime.ExitError", "Sandbox.Timedout"].includes(o))).toBe(true);
  const again = await kitWith(faults);
  expect(await outcomes(again, await createFunction(again, echo), 8)).toEqual(seen);
}, 30_000);

test("duplicateRate: a successful batch is delivered a second time, then deleted once", async () => {
  const kit = await kitWith({ duplicateRate: 1, seed: 5 });
  const name = await createFunction(kit, {
    "index.js":
      "exports.handler = async (e) => { for (const r of e.Records) console.log('got ' + r.messageId); };",
  });
  const queue = await createQueue(kit);
  const { UUID = "" } = await kit.lambda.send(
    new CreateEventSourceMappingCommand({ FunctionName: name, EventSourceArn: queue.arn }),
  );
  await eventually(async () =>
    (await kit.lambda.send(new GetEventSourceMappingCommand({ UUID }))).State === "Enabled"
      ? true
      : undefined,
  );
  const sent = await kit.sqs.send(
    new SendMessageCommand({ QueueUrl: queue.url, MessageBody: "once" }),
  );
  await eventually(() => {
    const contents = kit.cloud.inspectQueue(queue.name);
    return contents && contents.ready.length + contents.inflight.length === 0 ? true : undefined;
  });
  const got = (await consoleLines(kit, name)).map(([, m]) => m);
  expect(got).toEqual([`got ${sent.MessageId}`, `got ${sent.MessageId}`]);
});
