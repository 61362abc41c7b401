/*
 * AddPermission and RemovePermission edit the queue's Policy attribute: one statement per
 * label, in the shape AWS writes (recorded in LocalStack's AWS-validated permission test).
 */
import { invalidParameter, invalidValue, missingParameter, SqsError } from "./errors.ts";

/** The actions a queue's owner may share; the batch actions come with their single forms. */
const SHAREABLE = new Set([
  "*",
  "ChangeMessageVisibility",
  "DeleteMessage",
  "GetQueueAttributes",
  "GetQueueUrl",
  "ListDeadLetterSourceQueues",
  "PurgeQueue",
  "ReceiveMessage",
  "SendMessage",
]);
const MAX_ACTIONS = 7;
const LABEL = /^[\w-]{1,80}$/;

interface Statement {
  Sid?: string;
  [key: string]: unknown;
}

interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement?: Statement[];
  [key: string]: unknown;
}

function parse(policy: string | undefined, queueArn: string): PolicyDocument {
  const fresh = { Version: "2008-10-17", Id: `${queueArn}/SQSDefaultPolicy`, Statement: [] };
  if (!policy) return fresh;
  try {
    const doc = JSON.parse(policy) as PolicyDocument;
    return Array.isArray(doc.Statement) ? doc : { ...doc, Statement: [] };
  } catch {
    return fresh;
  }
}

export interface PermissionRequest {
  label: string;
  accountIds: string[];
  actions: string[];
  partition: string;
}

/** The queue's Policy after AddPermission. */
export function addPermission(
  policy: string | undefined,
  queueArn: string,
  p: PermissionRequest,
): string {
  if (!LABEL.test(p.label)) {
    throw invalidValue(
      p.label,
      "Label",
      "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length.",
    );
  }
  if (p.actions.length === 0) throw missingParameter("Actions");
  if (p.accountIds.length === 0) throw invalidValue("[]", "PrincipalId", "Unable to verify.");
  if (p.actions.length > MAX_ACTIONS) {
    throw new SqsError(
      "OverLimit",
      `${p.actions.length} Actions were found, maximum allowed is ${MAX_ACTIONS}.`,
    );
  }
  const refused = p.actions.find((a) => !SHAREABLE.has(a));
  if (refused !== undefined) {
    throw invalidValue(
      `SQS:${refused}`,
      "ActionName",
      "Only the queue owner is allowed to invoke this action.",
    );
  }
  const doc = parse(policy, queueArn);
  const statements = doc.Statement as Statement[];
  if (statements.some((s) => s.Sid === p.label)) {
    throw invalidValue(p.label, "Label", "Already exists.");
  }
  const principals = p.accountIds.map((id) => `arn:${p.partition}:iam::${id}:root`);
  const actions = p.actions.map((a) => `SQS:${a}`);
  statements.push({
    Sid: p.label,
    Effect: "Allow",
    Principal: { AWS: principals.length === 1 ? principals[0] : principals },
    Action: actions.length === 1 ? actions[0] : actions,
    Resource: queueArn,
  });
  return JSON.stringify(doc);
}

/** The queue's Policy after RemovePermission; undefined when no statement is left. */
export function removePermission(
  policy: string | undefined,
  queueArn: string,
  label: string,
): string | undefined {
  const doc = parse(policy, queueArn);
  const statements = doc.Statement as Statement[];
  const kept = statements.filter((s) => s.Sid !== label);
  if (kept.length === statements.length) {
    throw invalidValue(label, "Label", "can't find label.");
  }
  return kept.length === 0 ? undefined : JSON.stringify({ ...doc, Statement: kept });
}

/** Tag limits: at most 50 per queue; keys 1 to 128 characters, values up to 256. */
export function checkTags(
  existing: Record<string, string>,
  added: Record<string, string>,
  queueName: string,
): void {
  for (const [key, value] of Object.entries(added)) {
    if (key.length < 1 || key.length > 128) {
      throw invalidParameter("Tag keys must be between 1 and 128 characters in length.");
    }
    if (value.length > 256) {
      throw invalidParameter("Tag values must be less than 256 characters in length.");
    }
  }
  if (Object.keys({ ...existing, ...added }).length > 50) {
    throw invalidParameter(`Too many tags added for queue ${queueName}.`);
  }
}
