/*
 * The attributes a queue can be given (CreateQueue, SetQueueAttributes): their names,
 * defaults, limits and how AWS rejects a wrong one. The JSON-valued ones (policies) are
 * checked in redrive-policy.ts.
 */
import { SqsError, unknownAttribute } from "./errors.ts";

/** Integer attributes: [min, max]. */
const RANGES: Record<string, [number, number]> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, 1_048_576],
  MessageRetentionPeriod: [60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43_200],
  KmsDataKeyReusePeriodSeconds: [60, 86_400],
};

const BOOLEANS = new Set(["SqsManagedSseEnabled", "FifoQueue", "ContentBasedDeduplication"]);

const CHOICES: Record<string, string[]> = {
  DeduplicationScope: ["messageGroup", "queue"],
  FifoThroughputLimit: ["perQueue", "perMessageGroupId"],
};

const FREE_TEXT = new Set(["Policy", "RedrivePolicy", "RedriveAllowPolicy", "KmsMasterKeyId"]);

const FIFO_ONLY = new Set(["FifoQueue", "ContentBasedDeduplication"]);
const FIFO_SETTINGS = new Set(["DeduplicationScope", "FifoThroughputLimit"]);

/** Computed by the queue; GetQueueAttributes shows them, nobody can set them. */
export const COMPUTED_ATTRIBUTES = [
  "ApproximateNumberOfMessages",
  "ApproximateNumberOfMessagesDelayed",
  "ApproximateNumberOfMessagesNotVisible",
  "CreatedTimestamp",
  "LastModifiedTimestamp",
  "QueueArn",
] as const;

/** Every name GetQueueAttributes accepts. */
export const READABLE_ATTRIBUTES = new Set<string>([
  "All",
  ...Object.keys(RANGES),
  ...BOOLEANS,
  ...Object.keys(CHOICES),
  ...FREE_TEXT,
  ...COMPUTED_ATTRIBUTES,
]);

/** Set to these values, an attribute disappears rather than being shown. */
const REMOVED_AT_DEFAULT: Record<string, string> = {
  KmsMasterKeyId: "",
  KmsDataKeyReusePeriodSeconds: "300",
  Policy: "",
  RedrivePolicy: "",
  RedriveAllowPolicy: "",
};

export function defaultAttributes(fifo: boolean): Record<string, string> {
  const common = {
    DelaySeconds: "0",
    MaximumMessageSize: "1048576",
    MessageRetentionPeriod: "345600",
    ReceiveMessageWaitTimeSeconds: "0",
    VisibilityTimeout: "30",
    SqsManagedSseEnabled: "true",
  };
  if (!fifo) return common;
  return {
    ...common,
    FifoQueue: "true",
    ContentBasedDeduplication: "false",
    DeduplicationScope: "queue",
    FifoThroughputLimit: "perQueue",
  };
}

const invalidAttributeValue = (name: string, reason?: string) =>
  new SqsError(
    "InvalidAttributeValue",
    `Invalid value for the parameter ${name}.${reason ? ` Reason: ${reason}` : ""}`,
  );

function checkName(name: string, fifo: boolean): void {
  if (!READABLE_ATTRIBUTES.has(name) || name === "All") throw unknownAttribute(name);
  if ((COMPUTED_ATTRIBUTES as readonly string[]).includes(name)) throw unknownAttribute(name);
  if (fifo) return;
  if (FIFO_ONLY.has(name)) throw unknownAttribute(name);
  if (FIFO_SETTINGS.has(name)) {
    throw new SqsError(
      "InvalidAttributeName",
      `You can specify the ${name} only when FifoQueue is set to true.`,
    );
  }
}

/** One attribute's value as the queue keeps it (booleans lower-cased), or an AWS error. */
function normalize(name: string, value: string): string {
  const range = RANGES[name];
  if (range) {
    const n = /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
    if (!Number.isInteger(n) || n < range[0] || n > range[1]) throw invalidAttributeValue(name);
    return String(n);
  }
  if (BOOLEANS.has(name)) {
    const lower = value.toLowerCase();
    if (lower !== "true" && lower !== "false") throw invalidAttributeValue(name);
    return lower;
  }
  const choices = CHOICES[name];
  if (choices && !choices.includes(value)) throw invalidAttributeValue(name);
  if (name === "Policy" && value !== "") {
    try {
      JSON.parse(value);
    } catch {
      throw invalidAttributeValue(name);
    }
  }
  return value;
}

/** Checks names and values and returns them as the queue keeps them. */
export function normalizeAttributes(
  input: Record<string, string>,
  fifo: boolean,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(input)) {
    checkName(name, fifo);
    out[name] = normalize(name, value);
  }
  if (fifo && out.FifoQueue === "false") {
    throw invalidAttributeValue("FifoQueue", "Modifying queue type is not supported.");
  }
  if (out.KmsMasterKeyId && out.SqsManagedSseEnabled === "true") {
    throw new SqsError(
      "InvalidAttributeName",
      "You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.",
    );
  }
  return out;
}

/** Applies already-normalized changes to a queue's attributes, the way AWS does. */
export function applyAttributes(
  current: Record<string, string>,
  changes: Record<string, string>,
): Record<string, string> {
  const next = { ...current };
  for (const [name, value] of Object.entries(changes)) {
    if (REMOVED_AT_DEFAULT[name] === value) delete next[name];
    else next[name] = value;
  }
  // Choosing KMS encryption turns SQS-managed encryption off, and the other way round.
  if (changes.KmsMasterKeyId) next.SqsManagedSseEnabled = "false";
  if (changes.SqsManagedSseEnabled === "true") {
    delete next.KmsMasterKeyId;
    delete next.KmsDataKeyReusePeriodSeconds;
  }
  return next;
}
