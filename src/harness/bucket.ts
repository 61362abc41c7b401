import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";

export interface StoredObject {
  key: string;
  etag: string;
  json: unknown;
}

/** Reads the results bucket as a person would check it: is it there, and what does it say. */
export class ResultsBucket {
  private readonly s3: S3Client;
  readonly name: string;
  constructor(s3: S3Client, name: string) {
    this.s3 = s3;
    this.name = name;
  }

  /** The object as JSON, or `undefined` when there is none. */
  async read(key: string): Promise<StoredObject | undefined> {
    try {
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.name, Key: key }));
      const text = await res.Body?.transformToString("utf8");
      return { key, etag: res.ETag ?? "", json: JSON.parse(text ?? "null") };
    } catch (error) {
      if ((error as { name?: string }).name === "NoSuchKey") return undefined;
      throw error;
    }
  }

  async keysStartingWith(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.name,
          Prefix: prefix,
          ContinuationToken: token,
        }),
      );
      keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  /** Creates the object only if the key is free, as the system's own writers do. */
  async createJson(key: string, value: unknown): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.name,
        Key: key,
        Body: JSON.stringify(value),
        ContentType: "application/json",
        IfNoneMatch: "*",
      }),
    );
  }
}
