/*
 * IAM roles and their policies, in plain types. Nothing is enforced (as on LocalStack): the
 * roles exist so deploy code that creates, reads and deletes them works unchanged.
 */
import { randomBytes } from "node:crypto";

export interface Role {
  name: string;
  path: string;
  id: string;
  arn: string;
  createDate: Date;
  assumeRolePolicyDocument: string;
  description?: string | undefined;
  maxSessionDuration: number;
  tags: { key: string; value: string }[];
  attachedPolicyArns: string[];
  inlinePolicies: Map<string, string>;
}

export type IamErrorCode =
  | "EntityAlreadyExists"
  | "NoSuchEntity"
  | "DeleteConflict"
  | "InvalidInput"
  | "MalformedPolicyDocument"
  | "ValidationError";

const STATUS: Record<IamErrorCode, number> = {
  EntityAlreadyExists: 409,
  NoSuchEntity: 404,
  DeleteConflict: 409,
  InvalidInput: 400,
  MalformedPolicyDocument: 400,
  ValidationError: 400,
};

export class IamError extends Error {
  readonly code: IamErrorCode;
  readonly status: number;
  constructor(code: IamErrorCode, message: string) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = STATUS[code];
  }
}

export interface CreateRoleInput {
  name: string;
  path?: string | undefined;
  assumeRolePolicyDocument: string;
  description?: string | undefined;
  maxSessionDuration?: number | undefined;
  tags?: { key: string; value: string }[] | undefined;
}

const POLICY_ARN = /^arn:aws[\w-]*:iam::(aws|\d{12}):policy\/([\w+=,.@/-]+)$/;
const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function roleId(): string {
  return `AROA${[...randomBytes(17)].map((b) => ID_ALPHABET[b % 32]).join("")}`;
}

function checkPolicyJson(document: string): void {
  try {
    const parsed: unknown = JSON.parse(document);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) return;
  } catch {
    // answered below
  }
  throw new IamError("MalformedPolicyDocument", "This policy contains invalid Json");
}

export function policyNameOf(arn: string): string {
  const path = POLICY_ARN.exec(arn)?.[2] ?? arn;
  return path.slice(path.lastIndexOf("/") + 1);
}

export class IamModel {
  private readonly roles = new Map<string, Role>();
  private readonly accountId: string;
  private readonly now: () => number;

  constructor(accountId: string, now: () => number = Date.now) {
    this.accountId = accountId;
    this.now = now;
  }

  createRole(input: CreateRoleInput): Role {
    if (this.roles.has(input.name)) {
      throw new IamError("EntityAlreadyExists", `Role with name ${input.name} already exists.`);
    }
    checkPolicyJson(input.assumeRolePolicyDocument);
    const path = input.path ?? "/";
    const role: Role = {
      name: input.name,
      path,
      id: roleId(),
      arn: `arn:aws:iam::${this.accountId}:role${path}${input.name}`,
      createDate: new Date(Math.floor(this.now() / 1000) * 1000),
      assumeRolePolicyDocument: input.assumeRolePolicyDocument,
      description: input.description,
      maxSessionDuration: input.maxSessionDuration ?? 3600,
      tags: input.tags ?? [],
      attachedPolicyArns: [],
      inlinePolicies: new Map(),
    };
    this.roles.set(role.name, role);
    return role;
  }

  getRole(name: string): Role {
    const role = this.roles.get(name);
    if (!role) throw new IamError("NoSuchEntity", `The role with name ${name} cannot be found.`);
    return role;
  }

  listRoles(pathPrefix = "/"): Role[] {
    return [...this.roles.values()]
      .filter((r) => r.path.startsWith(pathPrefix))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  deleteRole(name: string): void {
    const role = this.getRole(name);
    if (role.attachedPolicyArns.length > 0) {
      throw new IamError("DeleteConflict", "Cannot delete entity, must detach all policies first.");
    }
    if (role.inlinePolicies.size > 0) {
      throw new IamError("DeleteConflict", "Cannot delete entity, must delete policies first.");
    }
    this.roles.delete(name);
  }

  attachPolicy(roleName: string, policyArn: string): void {
    const role = this.getRole(roleName);
    if (!POLICY_ARN.test(policyArn))
      throw new IamError("InvalidInput", `ARN ${policyArn} is not valid.`);
    if (!role.attachedPolicyArns.includes(policyArn)) role.attachedPolicyArns.push(policyArn);
  }

  detachPolicy(roleName: string, policyArn: string): void {
    const role = this.getRole(roleName);
    const index = role.attachedPolicyArns.indexOf(policyArn);
    if (index < 0) throw new IamError("NoSuchEntity", `Policy ${policyArn} was not found.`);
    role.attachedPolicyArns.splice(index, 1);
  }

  putInlinePolicy(roleName: string, policyName: string, document: string): void {
    const role = this.getRole(roleName);
    checkPolicyJson(document);
    role.inlinePolicies.set(policyName, document);
  }

  getInlinePolicy(roleName: string, policyName: string): string {
    const document = this.getRole(roleName).inlinePolicies.get(policyName);
    if (document === undefined) {
      throw new IamError(
        "NoSuchEntity",
        `The role policy with name ${policyName} cannot be found.`,
      );
    }
    return document;
  }

  deleteInlinePolicy(roleName: string, policyName: string): void {
    if (!this.getRole(roleName).inlinePolicies.delete(policyName)) {
      throw new IamError(
        "NoSuchEntity",
        `The role policy with name ${policyName} cannot be found.`,
      );
    }
  }

  updateAssumeRolePolicy(roleName: string, document: string): void {
    const role = this.getRole(roleName);
    checkPolicyJson(document);
    role.assumeRolePolicyDocument = document;
  }
}
