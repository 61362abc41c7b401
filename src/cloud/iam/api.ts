/*
 * IAM wire: the Query protocol (form body `Action=...&Version=2010-05-08`) answered in XML
 * under https://iam.amazonaws.com/doc/2010-05-08/, errors in an <ErrorResponse>.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type {
  CreateRoleResponse,
  GetRolePolicyResponse,
  GetRoleResponse,
  ListAttachedRolePoliciesResponse,
  ListRolePoliciesResponse,
  ListRolesResponse,
  Role as IamRole,
} from "@aws-sdk/client-iam";
import * as z from "zod";
import { readBody, xmlFields } from "../wire.ts";
import type { Service } from "../types.ts";
import { IamError, IamModel, policyNameOf, type Role } from "./model.ts";

const XMLNS = "https://iam.amazonaws.com/doc/2010-05-08/";

type Params = URLSearchParams;
/** An operation answers the fields of its <Action>Result> element, or none at all. */
type Operation = (params: Params) => object | undefined;

const roleName = z.string().regex(/^[\w+=,.@-]{1,64}$/, "must match [\\w+=,.@-]{1,64}");
const policyName = z.string().regex(/^[\w+=,.@-]{1,128}$/, "must match [\\w+=,.@-]{1,128}");
const path = z
  .string()
  .regex(/^\/([\x21-\x7e]*\/)?$/, "must begin and end with /")
  .max(512);
const maxItems = z.coerce.number().int().min(1).max(1000);

function required(
  params: Params,
  name: string,
  schema: z.ZodType<string> = z.string().min(1),
): string {
  const value = params.get(name);
  if (value === null)
    throw new IamError(
      "ValidationError",
      `1 validation error detected: Value null at '${lower(name)}' failed to satisfy constraint: Member must not be null`,
    );
  return check(name, value, schema);
}

function optional<T>(params: Params, name: string, schema: z.ZodType<T>): T | undefined {
  const value = params.get(name);
  return value === null ? undefined : check(name, value, schema);
}

function check<T>(name: string, value: string, schema: z.ZodType<T>): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new IamError(
    "ValidationError",
    `1 validation error detected: Value '${value}' at '${lower(name)}' failed to satisfy constraint: Member ${result.error.issues[0]?.message ?? "is invalid"}`,
  );
}

function lower(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function tagsOf(params: Params): { key: string; value: string }[] {
  const tags: { key: string; value: string }[] = [];
  for (let i = 1; params.has(`Tags.member.${i}.Key`); i++) {
    tags.push({
      key: params.get(`Tags.member.${i}.Key`) ?? "",
      value: params.get(`Tags.member.${i}.Value`) ?? "",
    });
  }
  return tags;
}

function roleOutput(role: Role, withTags: boolean) {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: role.arn,
    CreateDate: role.createDate,
    // AWS answers policy documents URL-encoded; SDK v3 hands them over as such.
    AssumeRolePolicyDocument: encodeURIComponent(role.assumeRolePolicyDocument),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    Tags:
      withTags && role.tags.length > 0
        ? role.tags.map((t) => ({ Key: t.key, Value: t.value }))
        : undefined,
  } satisfies IamRole;
}

/** One page of `items` from Marker and MaxItems, and where the next one starts. */
function paged<T>(items: T[], params: Params) {
  const marker = optional(params, "Marker", z.string().regex(/^\d+$/, "is not a valid marker"));
  const limit = optional(params, "MaxItems", maxItems) ?? 100;
  const start = marker === undefined ? 0 : Number(marker);
  const page = items.slice(start, start + limit);
  const end = start + page.length;
  const truncated = end < items.length;
  return { page, IsTruncated: truncated, Marker: truncated ? String(end) : undefined };
}

function operations(model: IamModel): Record<string, Operation> {
  return {
    CreateRole(p) {
      const role = model.createRole({
        name: required(p, "RoleName", roleName),
        assumeRolePolicyDocument: required(p, "AssumeRolePolicyDocument"),
        tags: tagsOf(p),
        path: optional(p, "Path", path),
        description: optional(p, "Description", z.string().max(1000)),
        maxSessionDuration: optional(
          p,
          "MaxSessionDuration",
          z.coerce.number().int().min(3600).max(43200),
        ),
      });
      return { Role: roleOutput(role, true) } satisfies CreateRoleResponse;
    },
    GetRole(p) {
      const role = model.getRole(required(p, "RoleName", roleName));
      return { Role: { ...roleOutput(role, true), RoleLastUsed: {} } } satisfies GetRoleResponse;
    },
    ListRoles(p) {
      const roles = model.listRoles(optional(p, "PathPrefix", z.string()) ?? "/");
      const { page, ...more } = paged(roles, p);
      return {
        Roles: page.map((r) => roleOutput(r, false)),
        ...more,
      } satisfies ListRolesResponse;
    },
    DeleteRole(p) {
      model.deleteRole(required(p, "RoleName", roleName));
      return undefined;
    },
    UpdateAssumeRolePolicy(p) {
      model.updateAssumeRolePolicy(
        required(p, "RoleName", roleName),
        required(p, "PolicyDocument"),
      );
      return undefined;
    },
    AttachRolePolicy(p) {
      model.attachPolicy(required(p, "RoleName", roleName), required(p, "PolicyArn"));
      return undefined;
    },
    DetachRolePolicy(p) {
      model.detachPolicy(required(p, "RoleName", roleName), required(p, "PolicyArn"));
      return undefined;
    },
    ListAttachedRolePolicies(p) {
      const arns = model.getRole(required(p, "RoleName", roleName)).attachedPolicyArns;
      const { page, ...more } = paged(arns, p);
      return {
        AttachedPolicies: page.map((arn) => ({ PolicyName: policyNameOf(arn), PolicyArn: arn })),
        ...more,
      } satisfies ListAttachedRolePoliciesResponse;
    },
    PutRolePolicy(p) {
      model.putInlinePolicy(
        required(p, "RoleName", roleName),
        required(p, "PolicyName", policyName),
        required(p, "PolicyDocument"),
      );
      return undefined;
    },
    GetRolePolicy(p) {
      const name = required(p, "RoleName", roleName);
      const policy = required(p, "PolicyName", policyName);
      const document = model.getInlinePolicy(name, policy);
      return {
        RoleName: name,
        PolicyName: policy,
        PolicyDocument: encodeURIComponent(document),
      } satisfies GetRolePolicyResponse;
    },
    DeleteRolePolicy(p) {
      model.deleteInlinePolicy(
        required(p, "RoleName", roleName),
        required(p, "PolicyName", policyName),
      );
      return undefined;
    },
    ListRolePolicies(p) {
      const names = [
        ...model.getRole(required(p, "RoleName", roleName)).inlinePolicies.keys(),
      ].sort();
      const { page, ...more } = paged(names, p);
      return { PolicyNames: page, ...more } satisfies ListRolePoliciesResponse;
    },
  };
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/xml", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function errorXml(
  type: "Sender" | "Receiver",
  code: string,
  message: string,
  requestId: string,
): string {
  const fields = xmlFields({
    Error: { Type: type, Code: code, Message: message },
    RequestId: requestId,
  });
  return `<ErrorResponse xmlns="${XMLNS}">${fields}</ErrorResponse>`;
}

export function createIamService(options: { accountId: string; now?: () => number }): Service {
  const ops = operations(new IamModel(options.accountId, options.now));
  return {
    name: "iam",
    async handle(req: IncomingMessage, res: ServerResponse) {
      const body = (await readBody(req)).toString("utf8");
      const params = new URLSearchParams(body);
      for (const [k, v] of new URLSearchParams((req.url ?? "").split("?")[1] ?? ""))
        if (!params.has(k)) params.set(k, v);
      const requestId = randomUUID();
      const action = params.get("Action") ?? "";
      const op = ops[action];
      if (!op) {
        send(
          res,
          400,
          errorXml(
            "Sender",
            "InvalidAction",
            `Could not find operation ${action} for version 2010-05-08`,
            requestId,
          ),
        );
        return;
      }
      try {
        const result = op(params);
        send(
          res,
          200,
          `<${action}Response xmlns="${XMLNS}">` +
            (result === undefined
              ? ""
              : `<${action}Result>${xmlFields(result)}</${action}Result>`) +
            xmlFields({ ResponseMetadata: { RequestId: requestId } }) +
            `</${action}Response>`,
        );
      } catch (error) {
        if (!(error instanceof IamError)) throw error;
        send(res, error.status, errorXml("Sender", error.code, error.message, requestId));
      }
    },
  };
}
