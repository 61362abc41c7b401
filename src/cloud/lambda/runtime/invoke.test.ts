import { InvokeCommand } from "@aws-sdk/client-lambda";
import {
  createFunction,
  decode,
  encode,
  eventually,
  functionLogs,
  startKit,
  type Kit,
} from "../testing/lambda-kit.ts";

// No claim here is about real time: a skipping clock lets each new function settle at once.
let kit: Kit;
beforeAll(async () => {
  kit = await startKit({ time: "skip" });
});
afterAll(() => kit.stop());

const invoke = (
  name: string,
  event: unknown = {},
  extra: Partial<ConstructorParameters<typeof InvokeCommand>[0]> = {},
) => kit.lambda.send(new InvokeCommand({ FunctionName: name, Payload: encode(event), ...extra }));

const json = (payload: Uint8Array | undefined) =>
  JSON.parse(decode(payload)) as Record<string, unknown>;

test("RequestResponse answers 200 with the result; the handler sees Lambda's context and environment", async () => {
  const name = await createFunction(
    kit,
    {
      "index.js": `exports.handler = async (event, context) => ({
        event,
        context: { functionName: context.functionName, functionVersion: context.functionVersion,
          invokedFunctionArn: context.invokedFunctionArn, memoryLimitInMB: context.memoryLimitInMB,
          awsRequestId: context.awsRequestId, logGroupName: context.logGroupName, logStreamName: context.logStreamName,
          remaining: context.getRemainingTimeInMillis() },
        env: process.env,
      });`,
    },
    { Environment: { Variables: { TABLE: "orders" } }, MemorySize: 256 },
  );
  const answer = await invoke(name, { order: 7 });
  expect(answer.StatusCode).toBe(200);
  expect(answer.FunctionError).toBeUndefined();
  expect(answer.ExecutedVersion).toBe("$LATEST");
  const body = json(answer.Payload) as {
    event: unknown;
    context: Record<string, unknown>;
    env: Record<string, string>;
  };
  expect(body.event).toEqual({ order: 7 });
  expect(body.context).toMatchObject({
    functionName: name,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    memoryLimitInMB: "256",
    logGroupName: `/aws/lambda/${name}`,
  });
  expect(body.context.awsRequestId).toBe(answer.$metadata.requestId);
  expect(body.context.logStreamName).toMatch(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
  expect(body.context.remaining).toBeGreaterThan(0);
  expect(body.env).toMatchObject({
    TABLE: "orders",
    AWS_ENDPOINT_URL: kit.cloud.endpoint,
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "256",
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: body.context.logStreamName,
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
    _HANDLER: "index.handler",
    TZ: ":UTC",
  });
  expect(body.env.LAMBDA_TASK_ROOT).toBeTruthy();
  expect(body.env.AWS_ACCESS_KEY_ID).toBeTruthy();
  expect(body.env.AWS_SECRET_ACCESS_KEY).toBeTruthy();
  expect(body.env.AWS_SESSION_TOKEN).toBeTruthy();
  // The cloud's own environment does not leak into the function's.
  expect(body.env.JEST_WORKER_ID).toBeUndefined();
});

test("a handler error answers 200 with X-Amz-Function-Error Unhandled and errorType, errorMessage, trace", async () => {
  const name = await createFunction(kit, {
    "index.js": `class PricingError extends Error { constructor(m) { super(m); this.name = "PricingError"; } }
      exports.handler = async () => { throw new PricingError("items[0].price: must be at least 0"); };`,
  });
  const answer = await invoke(name);
  expect(answer.StatusCode).toBe(200);
  expect(answer.FunctionError).toBe("Unhandled");
  const body = json(answer.Payload);
  expect(body).toMatchObject({
    errorType: "PricingError",
    errorMessage: "items[0].price: must be at least 0",
  });
  expect(Array.isArray(body.trace)).toBe(true);
  // A handled error keeps the environment warm: the next invocation works the same way.
  expect((await invoke(name)).FunctionError).toBe("Unhandled");
});

test("Event answers 202 and runs the handler; DryRun answers 204 and runs nothing", async () => {
  const name = await createFunction(kit, {
    "index.js": `exports.handler = async (e) => { console.log("event ran", e.n); };`,
  });
  const event = await invoke(name, { n: 41 }, { InvocationType: "Event" });
  expect(event.StatusCode).toBe(202);
  await eventually(async () =>
    (await functionLogs(kit, name)).some((m) => m.endsWith("INFO\tevent ran 41"))
      ? true
      : undefined,
  );
  const dry = await invoke(name, { n: 42 }, { InvocationType: "DryRun" });
  expect(dry.StatusCode).toBe(204);
  await expect(invoke("no-such-function", {}, { InvocationType: "DryRun" })).rejects.toMatchObject({
    name: "ResourceNotFoundException",
  });
});

test("LogType Tail returns the invocation's log; the same lines land in CloudWatch Logs", async () => {
  const name = await createFunction(kit, {
    "index.js": `exports.handler = async (e) => { console.log("pricing", e.id); console.error("careful"); process.stdout.write('{"level":"INFO","order_id":"' + e.id + '"}\\n'); return "ok"; };`,
  });
  const answer = await invoke(name, { id: "ORD-1" }, { LogType: "Tail" });
  const requestId = answer.$metadata.requestId ?? "";
  const tail = Buffer.from(answer.LogResult ?? "", "base64")
    .toString("utf8")
    .trimEnd()
    .split("\n");
  expect(tail[0]).toBe(`START RequestId: ${requestId} Version: $LATEST`);
  expect(tail[1]).toMatch(
    new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${requestId}\\tINFO\\tpricing ORD-1$`),
  );
  expect(tail[2]).toMatch(new RegExp(`\\t${requestId}\\tERROR\\tcareful$`));
  expect(tail[3]).toBe('{"level":"INFO","order_id":"ORD-1"}');
  expect(tail[4]).toBe(`END RequestId: ${requestId}`);
  expect(tail[5]).toMatch(
    new RegExp(
      `^REPORT RequestId: ${requestId}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB`,
    ),
  );
  expect(await functionLogs(kit, name)).toEqual(tail);
});

test("the tail is at most the last 4 KB", async () => {
  const name = await createFunction(kit, {
    "index.js": `exports.handler = async () => { for (let i = 0; i < 200; i++) console.log("line " + i + " " + "x".repeat(40)); };`,
  });
  const answer = await invoke(name, {}, { LogType: "Tail" });
  const tail = Buffer.from(answer.LogResult ?? "", "base64");
  expect(tail.length).toBeLessThanOrEqual(4096);
  expect(tail.toString()).toContain("REPORT RequestId:");
});

test.each([
  ["CommonJS .js", { "index.js": "exports.handler = async () => 'cjs';" }, "index.handler", "cjs"],
  [
    "ESM .mjs",
    { "index.mjs": "export const handler = async () => 'mjs';" },
    "index.handler",
    "mjs",
  ],
  [
    "CommonJS .cjs",
    { "index.cjs": "module.exports.handler = async () => 'cjs2';" },
    "index.handler",
    "cjs2",
  ],
  [
    "ESM .js under type module",
    {
      "package.json": '{"type":"module"}',
      "app/main.js": "export async function run() { return 'esm-js'; }",
    },
    "app/main.run",
    "esm-js",
  ],
  [
    "a nested path and a nested export",
    { "src/handlers/orders.js": "exports.handlers = { create: async () => 'nested' };" },
    "src/handlers/orders.handlers.create",
    "nested",
  ],
  [
    "callback style",
    {
      "index.js":
        "exports.handler = (e, c, cb) => { setTimeout(() => cb(null, 'called back'), 5); };",
    },
    "index.handler",
    "called back",
  ],
  [
    "the runtime-provided AWS SDK",
    {
      "index.mjs":
        "import { SQSClient } from '@aws-sdk/client-sqs'; export const handler = async () => typeof SQSClient;",
    },
    "index.handler",
    "function",
  ],
])("handlers load: %s", async (_label, files, handler, expected) => {
  const name = await createFunction(kit, files, { Handler: handler });
  const answer = await invoke(name);
  expect(answer.FunctionError).toBeUndefined();
  expect(json(answer.Payload)).toBe(expected);
});

test("a callback error is reported like a thrown one", async () => {
  const name = await createFunction(kit, {
    "index.js": "exports.handler = (e, c, cb) => cb(new TypeError('bad order'));",
  });
  const answer = await invoke(name);
  expect(answer.FunctionError).toBe("Unhandled");
  expect(json(answer.Payload)).toMatchObject({ errorType: "TypeError", errorMessage: "bad order" });
});

test.each([
  ["Runtime.MalformedHandlerName", "index", { "index.js": "exports.handler = async () => 1;" }],
  ["Runtime.HandlerNotFound", "index.missing", { "index.js": "exports.handler = async () => 1;" }],
  ["Runtime.HandlerNotFound", "index.value", { "index.js": "exports.value = 42;" }],
  [
    "Runtime.ImportModuleError",
    "nothere.handler",
    { "index.js": "exports.handler = async () => 1;" },
  ],
  [
    "Runtime.ImportModuleError",
    "index.handler",
    { "index.js": "require('left-pad-that-is-not-there'); exports.handler = async () => 1;" },
  ],
  [
    "Runtime.UserCodeSyntaxError",
    "index.handler",
    { "index.js": "exports.handler = async () => { return 1 +; };" },
  ],
])("loader failure %s for handler %s", async (errorType, handler, files) => {
  const name = await createFunction(kit, files, { Handler: handler });
  const answer = await invoke(name);
  expect(answer.StatusCode).toBe(200);
  expect(answer.FunctionError).toBe("Unhandled");
  expect(json(answer.Payload)).toMatchObject({ errorType });
});

test("warm environments are reused; concurrent invocations get more environments", async () => {
  const name = await createFunction(kit, {
    "index.js": `const id = Math.random().toString(36).slice(2); let calls = 0;
      exports.handler = async (e) => { calls += 1; await new Promise((r) => setTimeout(r, e.wait)); return { id, calls }; };`,
  });
  const first = json((await invoke(name, { wait: 0 })).Payload);
  const second = json((await invoke(name, { wait: 0 })).Payload);
  expect(second).toEqual({ id: first.id, calls: 2 });
  // Long enough that each is still running when the others arrive.
  const parallel = await Promise.all([1, 2, 3].map(() => invoke(name, { wait: 500 })));
  const ids = new Set(parallel.map((a) => json(a.Payload).id));
  expect(ids.size).toBe(3);
});

test("the heap is MemorySize, a tenth of it for new objects, as Lambda's Node.js runtime sets it", async () => {
  const name = await createFunction(
    kit,
    {
      "index.js": `const v8 = require("node:v8");
        exports.handler = async () => v8.getHeapStatistics().heap_size_limit / 1048576;`,
    },
    { MemorySize: 512 },
  );
  // 461 MB old space; 25 MB semi-spaces, which V8 rounds up to 32 MB, three of them young.
  expect(Number(decode((await invoke(name)).Payload))).toBe(461 + 3 * 32);
});

test("a payload that is not JSON is InvalidRequestContentException", async () => {
  const name = await createFunction(kit, { "index.js": "exports.handler = async () => 1;" });
  await expect(
    kit.lambda.send(
      new InvokeCommand({ FunctionName: name, Payload: new TextEncoder().encode("{not json") }),
    ),
  ).rejects.toMatchObject({
    name: "InvalidRequestContentException",
    $metadata: { httpStatusCode: 400 },
  });
});

test("LoggingConfig LogFormat JSON writes console lines as JSON objects", async () => {
  const name = await createFunction(
    kit,
    { "index.js": "exports.handler = async () => { console.warn('low stock', 3); };" },
    { LoggingConfig: { LogFormat: "JSON" } },
  );
  const answer = await invoke(name);
  const lines = await functionLogs(kit, name);
  const json = lines
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(json).toEqual([
    {
      timestamp: expect.any(String),
      level: "WARN",
      requestId: answer.$metadata.requestId,
      message: "low stock 3",
    },
  ]);
});

test("a response over 6 MB is Function.ResponseSizeTooLarge", async () => {
  const name = await createFunction(kit, {
    "index.js": "exports.handler = async () => 'x'.repeat(7 * 1024 * 1024);",
  });
  const answer = await invoke(name);
  expect(answer.FunctionError).toBe("Unhandled");
  expect(json(answer.Payload)).toMatchObject({ errorType: "Function.ResponseSizeTooLarge" });
});
