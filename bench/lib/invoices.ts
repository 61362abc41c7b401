import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * When each object under a prefix was written (epoch ms), by key. ListObjectsV2 gives
 * LastModified to the millisecond, so polling slowly costs no precision.
 */
export async function writeTimes(
  s3: S3Client,
  bucket: string,
  prefix: string,
): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) times.set(o.Key!, o.LastModified!.getTime());
    token = page.NextContinuationToken;
  } while (token);
  return times;
}

/** Polls until `key` exists and returns its write time, or throws at the deadline. */
export async function waitForObject(
  s3: S3Client,
  bucket: string,
  key: string,
  timeoutMs: number,
  pollMs = 5,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const written = (await writeTimes(s3, bucket, key)).get(key);
    if (written !== undefined) return written;
    if (Date.now() > deadline)
      throw new Error(`${key} did not appear in ${bucket} within ${timeoutMs} ms`);
    await pause(pollMs);
  }
}

/** Polls until every key in `keys` exists under `prefix`, or the deadline passes; returns what it found. */
export async function waitForAll(
  s3: S3Client,
  bucket: string,
  prefix: string,
  keys: ReadonlySet<string>,
  timeoutMs: number,
  pollMs = 250,
): Promise<Map<string, number>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const times = await writeTimes(s3, bucket, prefix);
    const found = [...keys].filter((k) => times.has(k)).length;
    if (found === keys.size || Date.now() > deadline) return times;
    await pause(pollMs);
  }
}
