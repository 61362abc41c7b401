/*
 * IAM wire: the Query protocol (form body `Action=...&Version=2010-05-08`) answered in XML
 * under https://iam.amazonaws.com/doc/2010-05-08/, errors in an <ErrorResponse>.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { readBody } from "../router.ts";
import type { Service } from "../types.ts";
import { IamError, IamModel, policyNameOf, type Role } from "./model.ts";

const XMLNS = "https://iam.amazonaws.com/doc/2010-05-08/";

type Params = URLSearchParams;
/** An operation answers the inner XML of its <Action>Result> element. */
type Operation = (params: Params) => string;

function xml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function el(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? "" : `<${name}>${xml(String(value))}</${name}>`;
}

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

function roleXml(role: Role, withTags: boolean): string {
  const tags =
    withTags && role.tags.length > 0
      ? `<Tags>${role.tags.map((t) => `<member>${el("Key", t.key)}${el("Value", t.value)}</member>`).join("")}</Tags>`
      : "";
  return (
    el("Path", role.path) +
    el("RoleName", role.name) +
    el("RoleId", role.id) +
    el("Arn", role.arn) +
    el("CreateDate", role.createDate.toISOString().replace(".000Z", "Z")) +
    // AWS answers policy documents URL-encoded; SDK v3 hands them over as such.
    el("AssumeRolePolicyDocument", encodeURIComponent(role.assumeRolePolicyDocument)) +
    el("Description", role.description) +
    el("MaxSessionDuration", role.maxSessionDuration) +
    tags
  );
}

function paged<T>(
  items: T[],
  params: Params,
  render: (item: T) => string,
  listName: string,
): string {
  const marker = optional(params, "Marker", z.string().regex(/^\d+$/, "is not a valid marker"));
  const limit = optional(params, "MaxItems", maxItems) ?? 100;
  const start = marker === undefined ? 0 : Number(marker);
  const page = items.slice(start, start + limit);
  const end = start + page.length;
  const truncated = end < items.length;
  return (
    `<${listName}>${page.map((item) => `<member>${render(item)}</member>`).join("")}</${listName}>` +
    el("IsTruncated", truncated) +
    (truncated ? el("Marker", String(end)) : "")
  );
}

function operations(model: IamModel): Record<string, Operation> {
  return {
    CreateRole(p) {
      const role = model.createRole({
        name: required(p, "RoleName", roleName),
        assumeRolePolicyDocument: required(p, "AssumeRolePolicyDocument"),
        tags: tagsOf(p),
        ...cleanInput({
          path: optional(p, "Path", path),
          description: optional(p, "Description", z.string().max(1000)),
          maxSessionDuration: optional(
            p,
            "MaxSessionDuration",
            z.coerce.number().int().min(3600).max(43200),
          ),
        }),
      });
      return `<Role>${roleXml(role, true)}</Role>`;
    },
    GetRole(p) {
      const role = model.getRole(required(p, "RoleName", roleName));
      return `<Role>${roleXml(role, true)}<RoleLastUsed/></Role>`;
    },
    ListRoles(p) {
      const roles = model.listRoles(optional(p, "PathPrefix", z.string()) ?? "/");
      return paged(roles, p, (r) => roleXml(r, false), "Roles");
    },
    DeleteRole(p) {
      model.deleteRole(required(p, "RoleName", roleName));
      return "";
    },
    UpdateAssumeRolePolicy(p) {
      model.updateAssumeRolePolicy(
        required(p, "RoleName", roleName),
        required(p, "PolicyDocument"),
      );
      return "";
    },
    AttachRolePolicy(p) {
      model.attachPolicy(required(p, "RoleName", roleName), required(p, "PolicyArn"));
      return "";
    },
    DetachRolePolicy(p) {
      model.detachPolicy(required(p, "RoleName", roleName), required(p, "PolicyArn"));
      return "";
    },
    ListAttachedRolePolicies(p) {
      const arns = model.getRole(required(p, "RoleName", roleName)).attachedPolicyArns;
      return paged(
        arns,
        p,
        (arn) => el("PolicyName", policyNameOf(arn)) + el("PolicyArn", arn),
        "AttachedPolicies",
      );
    },
    PutRolePolicy(p) {
      model.putInlinePolicy(
        required(p, "RoleName", roleName),
        required(p, "PolicyName", policyName),
        required(p, "PolicyDocument"),
      );
      return "";
    },
    GetRolePolicy(p) {
      const name = required(p, "RoleName", roleName);
      const policy = required(p, "PolicyName", policyName);
      const document = model.getInlinePolicy(name, policy);
      return (
        el("RoleName", name) +
        el("PolicyName", policy) +
        el("PolicyDocument", encodeURIComponent(document))
      );
    },
    DeleteRolePolicy(p) {
      model.deleteInlinePolicy(
        required(p, "RoleName", roleName),
        required(p, "PolicyName", policyName),
      );
      return "";
    },
    ListRolePolicies(p) {
      const names = [
        ...model.getRole(required(p, "RoleName", roleName)).inlinePolicies.keys(),
      ].sort();
      return paged(names, p, (n) => xml(n), "PolicyNames");
    },
  };
}

function cleanInput<T extends Record<string, unknown>>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
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
  return `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type>${el("Code", code)}${el("Message", message)}</Error>${el("RequestId", requestId)}</ErrorResponse>`;
}

export function createIamService(options: { accountId: string }): Service {
  const ops = operations(new IamModel(options.accountId));
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
            (result === "" ? "" : `<${action}Result>${result}</${action}Result>`) +
            `<ResponseMetadata>${el("RequestId", requestId)}</ResponseMetadata></${action}Response>`,
        );
      } catch (error) {
        if (!(error instanceof IamError)) throw error;
        send(res, error.status, errorXml("Sender", error.code, error.message, requestId));
      }
    },
  };
}
