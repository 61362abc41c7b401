import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Log } from "./log.ts";
import { parseRecord, type SqsRecord } from "./sqs-record.ts";
import { RECORD_RETRIES, retryTransient, type RetryPolicy } from "./transient.ts";

export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

export type SqsBatchHandler = (event: unknown) => Promise<BatchResponse>;

export interface BatchOptions {
  /** Where a record's transient failure that will be tried again is told. */
  log?: Log;
  retry?: RetryPolicy;
}

/**
 * Runs one record handler per SQS record and answers with the failed message IDs
 * (ReportBatchItemFailures), so only the records that threw go back to the queue. A record
 * that meets a transient fault of S3 or SQS is tried again first (see transient.ts).
 * A processor per invocation: it keeps the batch's state.
 */
export function sqsBatchHandler(
  handleRecord: (record: SqsRecord) => Promise<void>,
  options: BatchOptions = {},
): SqsBatchHandler {
  const retry = options.retry ?? RECORD_RETRIES;
  const run = (record: SqsRecord) =>
    retryTransient(() => handleRecord(record), {
      ...retry,
      onRetry: (error, attempt) =>
        options.log?.warn("transient failure, trying the record again", {
          message_id: record.messageId,
          attempt,
          error: String(error),
        }),
    });
  return async (event) => {
    const processor = new BatchProcessor(EventType.SQS);
    // A batch where every record failed is answered, not thrown: the response says the same
    // thing and the function's log keeps only our own structured lines.
    return (await processPartialResponse(
      event as { Records: Record<string, unknown>[] },
      (record: unknown) => run(parseRecord(record)),
      processor,
      { throwOnFullBatchFailure: false },
    )) as BatchResponse;
  };
}
