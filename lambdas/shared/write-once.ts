import { HeadObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";

interface AwsErrorShape {
  name?: string;
  $metadata?: { httpStatusCode?: number };
}

function status(error: unknown): number | undefined {
  return (error as AwsErrorShape | null)?.$metadata?.httpStatusCode;
}

export async function objectExists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if (status(error) === 404 || (error as AwsErrorShape).name === "NotFound") return false;
    throw error;
  }
}

/**
 * Writes a JSON document only if the key is still free: one conditional create
 * (If-None-Match: *), which AWS, LocalStack and the embedded cloud all honour. It also closes
 * the race between two deliveries of one message, which a look before the write would not.
 */
export async function putJsonOnce(
  s3: S3Client,
  bucket: string,
  key: string,
  document: unknown,
): Promise<"written" | "exists"> {
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: JSON.stringify(document),
        ContentType: "application/json",
        IfNoneMatch: "*",
      }),
    );
    return "written";
  } catch (error) {
    if (status(error) === 412 || (error as AwsErrorShape).name === "PreconditionFailed") {
      return "exists";
    }
    throw error;
  }
}
