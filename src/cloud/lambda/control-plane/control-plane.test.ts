import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from "@aws-sdk/client-lambda";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import {
  createFunction,
  decode,
  encode,
  ROLE,
  startKit,
  uniqueName,
  zipOf,
  type Kit,
} from "../testing/lambda-kit.ts";

let kit: Kit;
beforeAll(async () => {
  kit = await startKit();
});
afterAll(() => kit.stop());

const source = { "index.js": "exports.handler = async () => ({ version: 1 });" };

// The SDK's waiters poll every second at first: polling faster runs the same acceptors on the
// same answers, and a state that never settled would still time the waiter out.
const waiter = () => ({ client: kit.lambda, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.5 });

test("CreateFunction answers 201 Pending with the full configuration, then the waiter sees Active", async () => {
  const name = uniqueName("create");
  const zip = zipOf(source);
  const created = await kit.lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Role: ROLE,
      Runtime: "nodejs22.x",
      Handler: "index.handler",
      Code: { ZipFile: zip },
      Environment: { Variables: { GREETING: "hello" } },
    }),
  );
  expect(created.$metadata.httpStatusCode).toBe(201);
  expect(created).toMatchObject({
    FunctionName: name,
    FunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    Runtime: "nodejs22.x",
    Role: ROLE,
    Handler: "index.handler",
    CodeSize: zip.byteLength,
    CodeSha256: createHash("sha256").update(zip).digest("base64"),
    Timeout: 3,
    MemorySize: 128,
    Version: "$LATEST",
    Environment: { Variables: { GREETING: "hello" } },
    PackageType: "Zip",
    Architectures: ["x86_64"],
    State: "Pending",
    StateReasonCode: "Creating",
    LoggingConfig: { LogFormat: "Text", LogGroup: `/aws/lambda/${name}` },
  });
  expect(created.RevisionId).toMatch(/^[0-9a-f-]{36}$/);
  expect(created.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);

  const waited = await waitUntilFunctionActiveV2(waiter(), { FunctionName: name });
  expect(waited.state).toBe("SUCCESS");
  const got = await kit.lambda.send(new GetFunctionCommand({ FunctionName: name }));
  expect(got.Configuration).toMatchObject({ State: "Active", LastUpdateStatus: "Successful" });
  expect(got.Code?.RepositoryType).toBe("S3");
  const download = await fetch(got.Code?.Location ?? "");
  expect(new Uint8Array(await download.arrayBuffer())).toEqual(zip);
});

test("GetFunctionConfiguration accepts a name, an ARN and the $LATEST qualifier", async () => {
  const name = await createFunction(kit, source);
  const arn = `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
  for (const ref of [name, arn, `${arn}:$LATEST`, `000000000000:function:${name}`]) {
    const config = await kit.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: ref }),
    );
    expect(config.FunctionName).toBe(name);
  }
});

test("UpdateFunctionCode and UpdateFunctionConfiguration go InProgress, the waiter sees Successful, the new code runs", async () => {
  const name = await createFunction(kit, source);
  const before = await kit.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
  expect(decode((await kit.lambda.send(new InvokeCommand({ FunctionName: name }))).Payload)).toBe(
    '{"version":1}',
  );

  const zip = zipOf({
    "index.js": "exports.handler = async () => ({ version: 2, v: process.env.VAR });",
  });
  const updated = await kit.lambda.send(
    new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zip }),
  );
  expect(updated.LastUpdateStatus).toBe("InProgress");
  expect(updated.CodeSha256).toBe(createHash("sha256").update(zip).digest("base64"));
  expect(updated.RevisionId).not.toBe(before.RevisionId);
  const waited = await waitUntilFunctionUpdatedV2(waiter(), { FunctionName: name });
  expect(waited.state).toBe("SUCCESS");

  const configured = await kit.lambda.send(
    new UpdateFunctionConfigurationCommand({
      FunctionName: name,
      Timeout: 7,
      MemorySize: 256,
      Environment: { Variables: { VAR: "x" } },
    }),
  );
  expect(configured).toMatchObject({ LastUpdateStatus: "InProgress", Timeout: 7, MemorySize: 256 });
  await waitUntilFunctionUpdatedV2(waiter(), { FunctionName: name });
  const answer = await kit.lambda.send(new InvokeCommand({ FunctionName: name }));
  expect(JSON.parse(decode(answer.Payload))).toEqual({ version: 2, v: "x" });
});

test("an update while another is in progress is a ResourceConflictException; a stale RevisionId fails", async () => {
  const name = await createFunction(kit, source);
  const [first, second] = await Promise.allSettled([
    kit.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Timeout: 5 })),
    kit.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Timeout: 6 })),
  ]);
  expect(first).toMatchObject({ status: "fulfilled", value: { Timeout: 5 } });
  expect(second).toMatchObject({
    status: "rejected",
    reason: { name: "ResourceConflictException", $metadata: { httpStatusCode: 409 } },
  });
  await waitUntilFunctionUpdatedV2(waiter(), { FunctionName: name });
  await expect(
    kit.lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: name,
        Timeout: 6,
        RevisionId: "not-the-current-one",
      }),
    ),
  ).rejects.toMatchObject({ name: "PreconditionFailedException" });
});

test("ListFunctions pages with Marker and MaxItems", async () => {
  const names = [
    await createFunction(kit, source),
    await createFunction(kit, source),
    await createFunction(kit, source),
  ];
  const seen: string[] = [];
  let marker: string | undefined;
  do {
    const page = await kit.lambda.send(
      new ListFunctionsCommand({ MaxItems: 2, ...(marker ? { Marker: marker } : {}) }),
    );
    expect((page.Functions ?? []).length).toBeLessThanOrEqual(2);
    seen.push(...(page.Functions ?? []).map((f) => f.FunctionName ?? ""));
    marker = page.NextMarker;
  } while (marker);
  expect(seen).toEqual(expect.arrayContaining(names));
  expect(new Set(seen).size).toBe(seen.length);
});

test("DeleteFunction removes it; afterwards it is ResourceNotFoundException 404", async () => {
  const name = await createFunction(kit, source);
  await kit.lambda.send(new InvokeCommand({ FunctionName: name }));
  const deleted = await kit.lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
  expect(deleted.$metadata.httpStatusCode).toBe(204);
  const error = await kit.lambda
    .send(new GetFunctionCommand({ FunctionName: name }))
    .catch((e: unknown) => e);
  expect(error).toMatchObject({
    name: "ResourceNotFoundException",
    message: `Function not found: arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    $metadata: { httpStatusCode: 404 },
  });
  await expect(kit.lambda.send(new InvokeCommand({ FunctionName: name }))).rejects.toMatchObject({
    name: "ResourceNotFoundException",
  });
  await expect(
    kit.lambda.send(new DeleteFunctionCommand({ FunctionName: name })),
  ).rejects.toMatchObject({
    name: "ResourceNotFoundException",
  });
});

test("bad requests get AWS's error types", async () => {
  const name = await createFunction(kit, source);
  const create = (input: Partial<ConstructorParameters<typeof CreateFunctionCommand>[0]>) =>
    kit.lambda.send(
      new CreateFunctionCommand({
        FunctionName: uniqueName("bad"),
        Role: ROLE,
        Runtime: "nodejs22.x",
        Handler: "index.handler",
        Code: { ZipFile: zipOf(source) },
        ...input,
      }),
    );
  await expect(create({ FunctionName: name })).rejects.toMatchObject({
    name: "ResourceConflictException",
    message: `Function already exist: ${name}`,
    $metadata: { httpStatusCode: 409 },
  });
  await expect(create({ Code: { ZipFile: encode("not a zip") } })).rejects.toMatchObject({
    name: "InvalidParameterValueException",
    $metadata: { httpStatusCode: 400 },
  });
  await expect(
    create({ Environment: { Variables: { AWS_REGION: "eu-west-1" } } }),
  ).rejects.toMatchObject({
    name: "InvalidParameterValueException",
    message: expect.stringContaining("Reserved keys used in this request: AWS_REGION"),
  });
  await expect(create({ Runtime: "python3.12" })).rejects.toMatchObject({
    name: "InvalidParameterValueException",
  });
  await expect(create({ Handler: undefined })).rejects.toMatchObject({
    name: "InvalidParameterValueException",
  });
  await expect(create({ Timeout: 0 })).rejects.toMatchObject({
    name: "ValidationException",
    message: expect.stringContaining("'Timeout'"),
  });
  await expect(create({ Role: "not-a-role" })).rejects.toMatchObject({
    name: "ValidationException",
  });
  await expect(
    kit.lambda.send(new GetFunctionCommand({ FunctionName: name, Qualifier: "7" })),
  ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
});

test("a client signed for another region still reaches the same functions (one region per cloud)", async () => {
  const name = await createFunction(kit, source);
  const other = new LambdaClient({
    region: "us-east-1",
    endpoint: kit.cloud.endpoint,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
  });
  try {
    const config = await other.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    expect(config.FunctionName).toBe(name);
  } finally {
    other.destroy();
  }
});

test("unpacked code is removed when its function is deleted and when the cloud stops", async () => {
  const own = await startKit();
  try {
    const reportRoot = {
      "index.js": "exports.handler = async () => process.env.LAMBDA_TASK_ROOT;",
    };
    const deleted = await createFunction(own, reportRoot);
    const kept = await createFunction(own, reportRoot);
    const rootOf = async (name: string) =>
      JSON.parse(
        decode((await own.lambda.send(new InvokeCommand({ FunctionName: name }))).Payload),
      ) as string;
    const deletedRoot = await rootOf(deleted);
    const keptRoot = await rootOf(kept);
    expect(existsSync(path.join(deletedRoot, "index.js"))).toBe(true);
    await own.lambda.send(new DeleteFunctionCommand({ FunctionName: deleted }));
    expect(existsSync(deletedRoot)).toBe(false);
    expect(existsSync(keptRoot)).toBe(true);
    await own.stop();
    expect(existsSync(keptRoot)).toBe(false);
  } finally {
    await own.stop().catch(() => undefined);
  }
});
