import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from "@aws-sdk/client-iam";
import type { AwsClients } from "../../aws/clients.ts";
import type { Cloud } from "../index.ts";
import { startTestCloud, stopTestCloud } from "../testing/test-cloud.ts";

let cloud: Cloud;
let aws: AwsClients;

beforeAll(async () => {
  ({ cloud, aws } = await startTestCloud());
});

afterAll(() => stopTestCloud({ cloud, aws }));

const trust = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
});
const basicExecution = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

async function failure(promise: Promise<unknown>): Promise<[string, number | undefined, string]> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return [e.name, e.$metadata?.httpStatusCode, e.message];
  }
  throw new Error("expected the call to fail");
}

describe("IAM roles", () => {
  it("creates a role with AWS's shape and reads it back", async () => {
    const created = await aws.iam.send(
      new CreateRoleCommand({
        RoleName: "shape-role",
        AssumeRolePolicyDocument: trust,
        Description: "for tests",
        Tags: [{ Key: "team", Value: "orders" }],
      }),
    );
    expect(created.Role).toMatchObject({
      Path: "/",
      RoleName: "shape-role",
      Arn: "arn:aws:iam::000000000000:role/shape-role",
      Description: "for tests",
      MaxSessionDuration: 3600,
      Tags: [{ Key: "team", Value: "orders" }],
    });
    expect(created.Role?.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(created.Role?.CreateDate).toBeInstanceOf(Date);
    // AWS answers policy documents URL-encoded.
    expect(decodeURIComponent(created.Role?.AssumeRolePolicyDocument ?? "")).toBe(trust);

    const got = await aws.iam.send(new GetRoleCommand({ RoleName: "shape-role" }));
    expect(got.Role?.RoleId).toBe(created.Role?.RoleId);
    expect(got.Role?.Arn).toBe(created.Role?.Arn);
  });

  it("puts a path into the ARN", async () => {
    const created = await aws.iam.send(
      new CreateRoleCommand({
        RoleName: "pathed",
        Path: "/service/",
        AssumeRolePolicyDocument: trust,
      }),
    );
    expect(created.Role?.Arn).toBe("arn:aws:iam::000000000000:role/service/pathed");
    const listed = await aws.iam.send(new ListRolesCommand({ PathPrefix: "/service/" }));
    expect(listed.Roles?.map((r) => r.RoleName)).toEqual(["pathed"]);
  });

  it("answers EntityAlreadyExists (409) for a second role of the same name", async () => {
    await aws.iam.send(
      new CreateRoleCommand({ RoleName: "twice", AssumeRolePolicyDocument: trust }),
    );
    expect(
      await failure(
        aws.iam.send(new CreateRoleCommand({ RoleName: "twice", AssumeRolePolicyDocument: trust })),
      ),
    ).toEqual(["EntityAlreadyExistsException", 409, "Role with name twice already exists."]);
  });

  it("answers NoSuchEntity (404) for a missing role", async () => {
    expect(await failure(aws.iam.send(new GetRoleCommand({ RoleName: "ghost" })))).toEqual([
      "NoSuchEntityException",
      404,
      "The role with name ghost cannot be found.",
    ]);
    expect((await failure(aws.iam.send(new DeleteRoleCommand({ RoleName: "ghost" }))))[0]).toBe(
      "NoSuchEntityException",
    );
  });

  it("refuses a trust policy that is not JSON and a bad role name", async () => {
    expect(
      (
        await failure(
          aws.iam.send(
            new CreateRoleCommand({ RoleName: "bad-doc", AssumeRolePolicyDocument: "{nope" }),
          ),
        )
      )[0],
    ).toBe("MalformedPolicyDocumentException");
    expect(
      (
        await failure(
          aws.iam.send(
            new CreateRoleCommand({ RoleName: "no spaces", AssumeRolePolicyDocument: trust }),
          ),
        )
      )[0],
    ).toBe("ValidationError");
  });

  it("pages ListRoles with Marker and MaxItems", async () => {
    for (const n of ["page-a", "page-b", "page-c"]) {
      await aws.iam.send(
        new CreateRoleCommand({ RoleName: n, Path: "/paging/", AssumeRolePolicyDocument: trust }),
      );
    }
    const first = await aws.iam.send(new ListRolesCommand({ PathPrefix: "/paging/", MaxItems: 2 }));
    expect(first.Roles?.map((r) => r.RoleName)).toEqual(["page-a", "page-b"]);
    expect(first.IsTruncated).toBe(true);
    const second = await aws.iam.send(
      new ListRolesCommand({ PathPrefix: "/paging/", MaxItems: 2, Marker: first.Marker }),
    );
    expect(second.Roles?.map((r) => r.RoleName)).toEqual(["page-c"]);
    expect(second.IsTruncated).toBe(false);
  });

  it("updates the trust policy", async () => {
    await aws.iam.send(
      new CreateRoleCommand({ RoleName: "retrust", AssumeRolePolicyDocument: trust }),
    );
    const other = JSON.stringify({ Version: "2012-10-17", Statement: [] });
    await aws.iam.send(
      new UpdateAssumeRolePolicyCommand({ RoleName: "retrust", PolicyDocument: other }),
    );
    const got = await aws.iam.send(new GetRoleCommand({ RoleName: "retrust" }));
    expect(decodeURIComponent(got.Role?.AssumeRolePolicyDocument ?? "")).toBe(other);
  });
});

describe("IAM role policies", () => {
  it("attaches, lists and detaches managed policies", async () => {
    await aws.iam.send(
      new CreateRoleCommand({ RoleName: "managed", AssumeRolePolicyDocument: trust }),
    );
    await aws.iam.send(
      new AttachRolePolicyCommand({ RoleName: "managed", PolicyArn: basicExecution }),
    );
    await aws.iam.send(
      new AttachRolePolicyCommand({ RoleName: "managed", PolicyArn: basicExecution }),
    );
    const listed = await aws.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "managed" }));
    expect(listed.AttachedPolicies).toEqual([
      { PolicyName: "AWSLambdaBasicExecutionRole", PolicyArn: basicExecution },
    ]);
    await aws.iam.send(
      new DetachRolePolicyCommand({ RoleName: "managed", PolicyArn: basicExecution }),
    );
    expect(
      (await aws.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "managed" })))
        .AttachedPolicies,
    ).toEqual([]);
    expect(
      (
        await failure(
          aws.iam.send(
            new DetachRolePolicyCommand({ RoleName: "managed", PolicyArn: basicExecution }),
          ),
        )
      )[0],
    ).toBe("NoSuchEntityException");
    expect(
      (
        await failure(
          aws.iam.send(
            new AttachRolePolicyCommand({ RoleName: "managed", PolicyArn: "not-an-arn" }),
          ),
        )
      )[0],
    ).toBe("InvalidInputException");
    expect(
      (
        await failure(
          aws.iam.send(
            new AttachRolePolicyCommand({ RoleName: "nobody", PolicyArn: basicExecution }),
          ),
        )
      )[0],
    ).toBe("NoSuchEntityException");
  });

  it("puts, reads, lists and deletes inline policies", async () => {
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }],
    });
    await aws.iam.send(
      new CreateRoleCommand({ RoleName: "inline", AssumeRolePolicyDocument: trust }),
    );
    await aws.iam.send(
      new PutRolePolicyCommand({
        RoleName: "inline",
        PolicyName: "s3-access",
        PolicyDocument: policy,
      }),
    );
    expect(
      (await aws.iam.send(new ListRolePoliciesCommand({ RoleName: "inline" }))).PolicyNames,
    ).toEqual(["s3-access"]);
    const got = await aws.iam.send(
      new GetRolePolicyCommand({ RoleName: "inline", PolicyName: "s3-access" }),
    );
    expect(decodeURIComponent(got.PolicyDocument ?? "")).toBe(policy);
    await aws.iam.send(
      new DeleteRolePolicyCommand({ RoleName: "inline", PolicyName: "s3-access" }),
    );
    expect(
      (await aws.iam.send(new ListRolePoliciesCommand({ RoleName: "inline" }))).PolicyNames,
    ).toEqual([]);
    expect(
      await failure(
        aws.iam.send(new DeleteRolePolicyCommand({ RoleName: "inline", PolicyName: "s3-access" })),
      ),
    ).toEqual([
      "NoSuchEntityException",
      404,
      "The role policy with name s3-access cannot be found.",
    ]);
    expect(
      (
        await failure(
          aws.iam.send(
            new PutRolePolicyCommand({ RoleName: "inline", PolicyName: "p", PolicyDocument: "[" }),
          ),
        )
      )[0],
    ).toBe("MalformedPolicyDocumentException");
  });

  it("refuses to delete a role with policies (DeleteConflict 409), then deletes it once they are gone", async () => {
    await aws.iam.send(
      new CreateRoleCommand({ RoleName: "busy", AssumeRolePolicyDocument: trust }),
    );
    await aws.iam.send(
      new AttachRolePolicyCommand({ RoleName: "busy", PolicyArn: basicExecution }),
    );
    await aws.iam.send(
      new PutRolePolicyCommand({ RoleName: "busy", PolicyName: "extra", PolicyDocument: trust }),
    );
    expect(await failure(aws.iam.send(new DeleteRoleCommand({ RoleName: "busy" })))).toEqual([
      "DeleteConflictException",
      409,
      "Cannot delete entity, must detach all policies first.",
    ]);
    await aws.iam.send(
      new DetachRolePolicyCommand({ RoleName: "busy", PolicyArn: basicExecution }),
    );
    expect(await failure(aws.iam.send(new DeleteRoleCommand({ RoleName: "busy" })))).toEqual([
      "DeleteConflictException",
      409,
      "Cannot delete entity, must delete policies first.",
    ]);
    await aws.iam.send(new DeleteRolePolicyCommand({ RoleName: "busy", PolicyName: "extra" }));
    await aws.iam.send(new DeleteRoleCommand({ RoleName: "busy" }));
    expect((await failure(aws.iam.send(new GetRoleCommand({ RoleName: "busy" }))))[0]).toBe(
      "NoSuchEntityException",
    );
  });

  it("answers InvalidAction for an operation it does not serve", async () => {
    const res = await fetch(cloud.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization:
          "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=x",
      },
      body: "Action=CreateUser&Version=2010-05-08&UserName=u",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("<Code>InvalidAction</Code>");
  });
});
