import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { parseRecord, type SqsRecord } from "./sqs-record.ts";

export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

export type SqsBatchHandler = (event: unknown) => Promise<BatchResponse>;

/**
 * Runs one record handler per SQS record and answers with the failed message IDs
 * (ReportBatchItemFailures), so only the records that threw go back to the queue.
 * A processor per invocation: it keeps the batch's state.
 */
export function sqsBatchHandler(
  handleRecord: (record: SqsRecord) => Promise<void>,
): SqsBatchHandler {
  return async (event) => {
    const processor = new BatchProcessor(EventType.SQS);
    // A batch where every record failed is answered, not thrown: the response says the same
    // thing and the function's log keeps only our own structured lines.
    return (await processPartialResponse(
      event as { Records: Record<string, unknown>[] },
      (record: unknown) => handleRecord(parseRecord(record)),
      processor,
      { throwOnFullBatchFailure: false },
    )) as BatchResponse;
  };
}
