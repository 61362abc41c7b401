/*
 * SQS errors as AWS sends them. Each has two names: the shape name the JSON protocol puts in
 * `__type` (what SDK v3 turns into the error's class), and the classic Query-protocol code
 * that the JSON protocol repeats in the `x-amzn-query-error` header and the Query protocol
 * puts in <Code>. Status codes are the ones the service model gives each error.
 */

interface ErrorKind {
  /** The JSON `__type`, namespace included. */
  type: string;
  /** The Query protocol's <Code> and the `x-amzn-query-error` code. */
  code: string;
  status: number;
  /** Whose fault the Query protocol's <Type> says it is; the caller's ("Sender") unless set. */
  fault?: "Receiver";
}

const SQS = "com.amazonaws.sqs#";
const CORAL = "com.amazon.coral.service#";
const LEGACY = "AWS.SimpleQueueService.";
const AVAILABILITY = "com.amazon.coral.availability#";

const kinds = {
  InvalidParameterValue: {
    type: `${CORAL}InvalidParameterValueException`,
    code: "InvalidParameterValue",
    status: 400,
  },
  MissingParameter: {
    type: `${CORAL}MissingRequiredParameterException`,
    code: "MissingParameter",
    status: 400,
  },
  InvalidAction: { type: `${CORAL}UnknownOperationException`, code: "InvalidAction", status: 400 },
  SerializationException: {
    type: `${CORAL}SerializationException`,
    code: "MalformedQueryString",
    status: 400,
  },
  QueueDoesNotExist: {
    type: `${SQS}QueueDoesNotExist`,
    code: `${LEGACY}NonExistentQueue`,
    status: 400,
  },
  QueueNameExists: { type: `${SQS}QueueNameExists`, code: "QueueAlreadyExists", status: 400 },
  QueueDeletedRecently: {
    type: `${SQS}QueueDeletedRecently`,
    code: `${LEGACY}QueueDeletedRecently`,
    status: 400,
  },
  InvalidAttributeName: {
    type: `${SQS}InvalidAttributeName`,
    code: "InvalidAttributeName",
    status: 400,
  },
  InvalidAttributeValue: {
    type: `${SQS}InvalidAttributeValue`,
    code: "InvalidAttributeValue",
    status: 400,
  },
  InvalidMessageContents: {
    type: `${SQS}InvalidMessageContents`,
    code: "InvalidMessageContents",
    status: 400,
  },
  ReceiptHandleIsInvalid: {
    type: `${SQS}ReceiptHandleIsInvalid`,
    code: "ReceiptHandleIsInvalid",
    status: 404,
  },
  PurgeQueueInProgress: {
    type: `${SQS}PurgeQueueInProgress`,
    code: `${LEGACY}PurgeQueueInProgress`,
    status: 403,
  },
  EmptyBatchRequest: {
    type: `${SQS}EmptyBatchRequest`,
    code: `${LEGACY}EmptyBatchRequest`,
    status: 400,
  },
  TooManyEntriesInBatchRequest: {
    type: `${SQS}TooManyEntriesInBatchRequest`,
    code: `${LEGACY}TooManyEntriesInBatchRequest`,
    status: 400,
  },
  BatchEntryIdsNotDistinct: {
    type: `${SQS}BatchEntryIdsNotDistinct`,
    code: `${LEGACY}BatchEntryIdsNotDistinct`,
    status: 400,
  },
  BatchRequestTooLong: {
    type: `${SQS}BatchRequestTooLong`,
    code: `${LEGACY}BatchRequestTooLong`,
    status: 400,
  },
  InvalidBatchEntryId: {
    type: `${SQS}InvalidBatchEntryId`,
    code: `${LEGACY}InvalidBatchEntryId`,
    status: 400,
  },
  OverLimit: { type: `${SQS}OverLimit`, code: "OverLimit", status: 403 },
  ResourceNotFoundException: {
    type: `${SQS}ResourceNotFoundException`,
    code: "ResourceNotFoundException",
    status: 404,
  },
  InvalidAddress: { type: `${SQS}InvalidAddress`, code: "InvalidAddress", status: 404 },
  // Transient: never raised by the model, only by fault injection (../service-faults/).
  ServiceUnavailable: {
    type: `${AVAILABILITY}ServiceUnavailableException`,
    code: "ServiceUnavailable",
    status: 503,
    fault: "Receiver",
  },
  RequestThrottled: { type: `${SQS}RequestThrottled`, code: "RequestThrottled", status: 400 },
} satisfies Record<string, ErrorKind>;

export type SqsErrorName = keyof typeof kinds;

export class SqsError extends Error {
  readonly kind: SqsErrorName;
  readonly type: string;
  readonly code: string;
  readonly status: number;
  readonly fault: "Sender" | "Receiver";

  constructor(kind: SqsErrorName, message: string) {
    super(message);
    this.name = kind;
    this.kind = kind;
    this.type = kinds[kind].type;
    this.code = kinds[kind].code;
    this.status = kinds[kind].status;
    const known: ErrorKind = kinds[kind];
    this.fault = known.fault ?? "Sender";
  }
}

export const invalidParameter = (message: string) => new SqsError("InvalidParameterValue", message);

/** "Value X for parameter P is invalid. Reason: R." */
export const invalidValue = (value: unknown, parameter: string, reason: string) =>
  invalidParameter(
    `Value ${String(value)} for parameter ${parameter} is invalid. Reason: ${reason}`,
  );

export const missingParameter = (name: string) =>
  new SqsError("MissingParameter", `The request must contain the parameter ${name}.`);

export const queueDoesNotExist = () =>
  new SqsError("QueueDoesNotExist", "The specified queue does not exist.");

/** The Query protocol words the same error differently. */
export const QUERY_NON_EXISTENT_QUEUE = "The specified queue does not exist for this wsdl version.";

export const unknownAttribute = (name: string) =>
  new SqsError("InvalidAttributeName", `Unknown Attribute ${name}.`);

export const invalidReceiptHandle = (handle: string) =>
  new SqsError(
    "ReceiptHandleIsInvalid",
    `The input receipt handle "${handle}" is not a valid receipt handle.`,
  );

export const invalidAction = (action: string) =>
  new SqsError("InvalidAction", `The action ${action} is not valid for this endpoint.`);
