interface AwsErrorShape {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

export function errorName(error: unknown): string {
  return (error as AwsErrorShape | null)?.name ?? "";
}

export function errorStatus(error: unknown): number | undefined {
  return (error as AwsErrorShape | null)?.$metadata?.httpStatusCode;
}

export function errorMessage(error: unknown): string {
  return (error as AwsErrorShape | null)?.message ?? String(error);
}

/** The SDK names some errors by their wire code and some by their shape; accept both. */
export function isError(error: unknown, ...names: string[]): boolean {
  const name = errorName(error);
  return names.some((n) => name === n || name === `${n}Exception`);
}

/** What "it is not there" looks like across Lambda, IAM, SQS, S3 and Logs. */
export function isMissing(error: unknown): boolean {
  return (
    errorStatus(error) === 404 ||
    isError(
      error,
      "ResourceNotFound",
      "NoSuchEntity",
      "QueueDoesNotExist",
      "AWS.SimpleQueueService.NonExistentQueue",
      "NotFound",
      "NoSuchBucket",
    )
  );
}

/** Runs the call; a missing resource gives undefined instead of an error. */
export async function unlessMissing<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}
