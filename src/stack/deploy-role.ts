import {
  CreateRoleCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { unlessMissing } from "./aws-errors.ts";
import type { StepContext } from "./deploy-context.ts";
import { ROLE_POLICY_NAME, canonicalJson, decodePolicyDocument, trustPolicy } from "./policies.ts";

export interface RoleInfo {
  arn: string;
  /** Created or given a new policy in this run: Lambda may not see it for a few seconds. */
  fresh: boolean;
}

export async function ensureRole(
  ctx: StepContext,
  roleName: string,
  policy: unknown,
): Promise<RoleInfo> {
  const { iam } = ctx.clients;
  let fresh = false;
  let role = (await unlessMissing(() => iam.send(new GetRoleCommand({ RoleName: roleName }))))
    ?.Role;
  if (!role) {
    role = (
      await iam.send(
        new CreateRoleCommand({
          RoleName: roleName,
          AssumeRolePolicyDocument: JSON.stringify(trustPolicy),
          Description: "orderflow: the order system's Lambda functions",
        }),
      )
    ).Role;
    ctx.did(`create role ${roleName}`);
    fresh = true;
  }
  if (!role?.Arn) throw new Error(`role ${roleName} has no ARN`);

  const current = await unlessMissing(() =>
    iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: ROLE_POLICY_NAME })),
  );
  const same =
    current?.PolicyDocument !== undefined &&
    canonicalJson(decodePolicyDocument(current.PolicyDocument)) === canonicalJson(policy);
  if (!same) {
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: roleName,
        PolicyName: ROLE_POLICY_NAME,
        PolicyDocument: JSON.stringify(policy),
      }),
    );
    ctx.did(`put role policy ${roleName}/${ROLE_POLICY_NAME}`);
    fresh = true;
  }
  return { arn: role.Arn, fresh };
}
