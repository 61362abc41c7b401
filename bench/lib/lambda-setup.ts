import { CreateRoleCommand } from "@aws-sdk/client-iam";
import {
  CreateFunctionCommand,
  waitUntilFunctionActiveV2,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import type { AwsClients } from "../../src/aws/clients.ts";
import { probeHandlerZip } from "./lambda-fixtures.ts";

const trust = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
});

export async function createBenchRole(c: AwsClients, name: string): Promise<string> {
  const { Role } = await c.iam.send(
    new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }),
  );
  return Role!.Arn!;
}

/** Creates the probe function and waits until it is Active; PROBE_URL only when given. */
export async function createProbeFunction(
  lambda: LambdaClient,
  name: string,
  role: string,
  probeUrl?: string,
): Promise<string> {
  const { FunctionArn } = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Role: role,
      Runtime: "nodejs22.x",
      Handler: "index.handler",
      Code: { ZipFile: probeHandlerZip() },
      Timeout: 10,
      MemorySize: 256,
      ...(probeUrl ? { Environment: { Variables: { PROBE_URL: probeUrl } } } : {}),
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: name });
  return FunctionArn!;
}
