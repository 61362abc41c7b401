/*
 * RedrivePolicy (on a source queue: where its messages go after maxReceiveCount receives)
 * and RedriveAllowPolicy (on a dead-letter queue: which sources may send it messages).
 * Both arrive as JSON strings; the queue keeps them normalized.
 */
import { invalidValue, SqsError } from "./errors.ts";

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

export interface RedriveAllowPolicy {
  redrivePermission: "allowAll" | "denyAll" | "byQueue";
  sourceQueueArns?: string[];
}

/** What a redrive policy needs to know about its target. */
export interface DeadLetterTarget {
  fifo: boolean;
  allows(sourceArn: string): boolean;
}

const ARN = /^arn:aws[\w-]*:sqs:[\w-]+:\d{12}:[\w-]{1,80}(\.fifo)?$/;

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Parses a RedrivePolicy as SetQueueAttributes receives it and returns it normalized. */
export function parseRedrivePolicy(
  text: string,
  sourceArn: string,
  sourceFifo: boolean,
  targetOf: (arn: string) => DeadLetterTarget | undefined,
): string {
  const invalid = (reason: string) => invalidValue(text, "RedrivePolicy", reason);
  const doc = parseObject(text);
  if (!doc) throw invalid("Redrive policy is not a valid JSON map.");
  const arn = doc.deadLetterTargetArn;
  if (typeof arn !== "string" || arn === "") {
    throw invalid("Redrive policy does not contain mandatory attribute: deadLetterTargetArn.");
  }
  if (doc.maxReceiveCount === undefined) {
    throw invalid("Redrive policy does not contain mandatory attribute: maxReceiveCount.");
  }
  const count = Number(doc.maxReceiveCount);
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw invalid(
      `Invalid value for maxReceiveCount: ${String(doc.maxReceiveCount)}, valid values are from 1 to 1000 both inclusive.`,
    );
  }
  if (!ARN.test(arn)) throw invalid("Invalid value for deadLetterTargetArn.");
  const target = targetOf(arn);
  if (!target) throw invalid("Dead letter target does not exist.");
  if (target.fifo !== sourceFifo) {
    throw invalid("Dead-letter queue must be same type of queue as the source.");
  }
  if (!target.allows(sourceArn)) {
    throw invalid(`Queue ${arn} does not allow this queue to use it as a dead-letter queue.`);
  }
  return JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: count });
}

export function readRedrivePolicy(text: string | undefined): RedrivePolicy | undefined {
  if (!text) return undefined;
  const doc = parseObject(text);
  if (!doc || typeof doc.deadLetterTargetArn !== "string") return undefined;
  return {
    deadLetterTargetArn: doc.deadLetterTargetArn,
    maxReceiveCount: Number(doc.maxReceiveCount),
  };
}

/** Parses a RedriveAllowPolicy and returns it normalized. */
export function parseRedriveAllowPolicy(text: string): string {
  const invalid = (reason: string) =>
    new SqsError(
      "InvalidAttributeValue",
      `Invalid value for the parameter RedriveAllowPolicy. Reason: ${reason}`,
    );
  const doc = parseObject(text);
  if (!doc) throw invalid("Redrive allow policy is not a valid JSON map.");
  const permission = doc.redrivePermission;
  if (permission !== "allowAll" && permission !== "denyAll" && permission !== "byQueue") {
    throw invalid(
      "Amazon SQS can't find a valid value for redrivePermission: allowAll, denyAll or byQueue.",
    );
  }
  const sources = doc.sourceQueueArns;
  if (permission !== "byQueue") {
    if (sources !== undefined)
      throw invalid("sourceQueueArns can be set only when redrivePermission is byQueue.");
    return JSON.stringify({ redrivePermission: permission });
  }
  if (
    !Array.isArray(sources) ||
    sources.length < 1 ||
    sources.length > 10 ||
    !sources.every((s): s is string => typeof s === "string" && ARN.test(s))
  ) {
    throw invalid("byQueue needs sourceQueueArns: from 1 to 10 queue ARNs.");
  }
  return JSON.stringify({ redrivePermission: permission, sourceQueueArns: sources });
}

/** Whether a dead-letter queue with this RedriveAllowPolicy accepts messages from a source. */
export function allowsSource(allowPolicy: string | undefined, sourceArn: string): boolean {
  if (!allowPolicy) return true;
  const doc = parseObject(allowPolicy) as RedriveAllowPolicy | undefined;
  if (!doc || doc.redrivePermission === "allowAll") return true;
  if (doc.redrivePermission === "denyAll") return false;
  return doc.sourceQueueArns?.includes(sourceArn) ?? false;
}
