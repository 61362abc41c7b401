// Emulator faults: a handler that breaks its execution environment costs that
// invocation only, reported as AWS reports it, and the cloud keeps serving.
import { InvokeCommand } from "@aws-sdk/client-lambda";
import {
  createFunction,
  decode,
  encode,
  functionLogs,
  startKit,
  type Kit,
} from "./testing/lambda-kit.ts";

let kit: Kit;
let healthy: string;
beforeAll(async () => {
  kit = await startKit();
  healthy = await createFunction(kit, {
    "index.js": "exports.handler = async (e) => ({ echo: e.n });",
  });
});
afterAll(() => kit.stop());

const invoke = (name: string, event: unknown = {}) =>
  kit.lambda.send(
    new InvokeCommand({ FunctionName: name, Payload: encode(event), LogType: "Tail" }),
  );

async function expectOthersServed(): Promise<void> {
  const answer = await invoke(healthy, { n: 5 });
  expect(answer.FunctionError).toBeUndefined();
  expect(JSON.parse(decode(answer.Payload))).toEqual({ echo: 5 });
}

test("process.exit fails the invocation with Runtime.ExitError; the next one gets a fresh environment", async () => {
  const name = await createFunction(kit, {
    "index.js": "exports.handler = async (e) => { if (e.exit) process.exit(3); return 'alive'; };",
  });
  const answer = await invoke(name, { exit: true });
  expect(answer.FunctionError).toBe("Unhandled");
  expect(JSON.parse(decode(answer.Payload))).toEqual({
    errorType: "Runtime.ExitError",
    errorMessage: `RequestId: ${answer.$metadata.requestId} Error: Runtime exited with error: exit status 3`,
    trace: [],
  });
  expect(Buffer.from(answer.LogResult ?? "", "base64").toString()).toContain(
    "Error Type: Runtime.ExitError",
  );
  expect(JSON.parse(decode((await invoke(name, {})).Payload))).toBe("alive");
  await expectOthersServed();
});

test("a throw at import fails each invocation with the error itself", async () => {
  const name = await createFunction(kit, {
    "index.js":
      "throw new RangeError('config missing at import'); exports.handler = async () => 1;",
  });
  for (let i = 0; i < 2; i++) {
    const answer = await invoke(name);
    expect(answer.FunctionError).toBe("Unhandled");
    expect(JSON.parse(decode(answer.Payload))).toMatchObject({
      errorType: "RangeError",
      errorMessage: "config missing at import",
    });
  }
  expect(
    (await functionLogs(kit, name)).some((m) =>
      m.includes("\tundefined\tERROR\tUncaught Exception"),
    ),
  ).toBe(true);
  await expectOthersServed();
});

test("memory past the function's MemorySize fails with Runtime.OutOfMemory", async () => {
  const name = await createFunction(
    kit,
    {
      // 8 MB arrays of small integers: nothing for the garbage collector to trace, so the heap
      // reaches its limit in about half the CPU that arrays of object references took.
      "index.js":
        "const hoard = []; exports.handler = async () => { for (;;) hoard.push(new Array(1e6).fill(0)); };",
    },
    { MemorySize: 128, Timeout: 30 },
  );
  const answer = await invoke(name);
  expect(answer.FunctionError).toBe("Unhandled");
  expect(JSON.parse(decode(answer.Payload))).toMatchObject({
    errorType: "Runtime.OutOfMemory",
    errorMessage: expect.stringContaining("Runtime exited with error: signal: killed"),
  });
  await expectOthersServed();
}, 30_000);

test("a handler that never returns is Sandbox.Timedout after its Timeout", async () => {
  const name = await createFunction(
    kit,
    // Blocks its thread for good, as a busy loop would, without burning a core for the second.
    {
      "index.js":
        "exports.handler = async () => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); };",
    },
    { Timeout: 1 },
  );
  const answer = await invoke(name);
  const requestId = answer.$metadata.requestId ?? "";
  expect(answer.FunctionError).toBe("Unhandled");
  expect(JSON.parse(decode(answer.Payload))).toEqual({
    errorType: "Sandbox.Timedout",
    errorMessage: `RequestId: ${requestId} Error: Task timed out after 1.00 seconds`,
    trace: [],
  });
  const tail = Buffer.from(answer.LogResult ?? "", "base64").toString();
  expect(tail).toContain(`${requestId} Task timed out after 1.00 seconds`);
  expect(tail).toMatch(/REPORT RequestId: .*\tStatus: timeout/);
  await expectOthersServed();
});

test("an uncaught exception and an unhandled rejection fail the invocation as the Node runtime reports them", async () => {
  const thrower = await createFunction(kit, {
    "index.js":
      "exports.handler = () => new Promise(() => { setTimeout(() => { throw new SyntaxError('late'); }, 5); });",
  });
  expect(JSON.parse(decode((await invoke(thrower)).Payload))).toMatchObject({
    errorType: "SyntaxError",
    errorMessage: "late",
  });
  const rejecter = await createFunction(kit, {
    "index.js":
      "exports.handler = () => new Promise(() => { Promise.reject(new Error('nobody listens')); });",
  });
  expect(JSON.parse(decode((await invoke(rejecter)).Payload))).toMatchObject({
    errorType: "Runtime.UnhandledPromiseRejection",
    errorMessage: expect.stringContaining("nobody listens"),
  });
  await expectOthersServed();
});
