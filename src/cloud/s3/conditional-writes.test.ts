// S3 conditional writes, which fauxqs 2.4.1 ignores and conditional-writes.ts adds: every test
// here fails without that file (fauxqs alone overwrites and answers 200).
import { request } from "node:http";
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import type { AwsClients } from "../../aws/clients.ts";
import type { Cloud } from "../index.ts";
import { startTestCloud, stopTestCloud } from "../testing/test-cloud.ts";

let cloud: Cloud;
let aws: AwsClients;

beforeAll(async () => {
  ({ cloud, aws } = await startTestCloud());
});

afterAll(() => stopTestCloud({ cloud, aws }));

describe("S3 conditional writes", () => {
  const bucket = "conditional-bucket";

  beforeAll(async () => {
    await aws.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });

  async function statusOf(promise: Promise<unknown>): Promise<number | string> {
    try {
      await promise;
      return 200;
    } catch (error) {
      const e = error as { name: string; $metadata?: { httpStatusCode?: number } };
      return `${e.$metadata?.httpStatusCode} ${e.name}`;
    }
  }

  async function read(key: string): Promise<string> {
    const out = await aws.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await out.Body?.transformToString()) ?? "";
  }

  it("creates with If-None-Match: * once and answers 412 PreconditionFailed after", async () => {
    const put = (body: string) =>
      aws.s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: "once.json", Body: body, IfNoneMatch: "*" }),
      );
    expect(await statusOf(put("first"))).toBe(200);
    expect(await statusOf(put("second"))).toBe("412 PreconditionFailed");
    expect(await read("once.json")).toBe("first");
  });

  it("lets exactly one of many concurrent conditional creates of one key win", async () => {
    const bodies = Array.from({ length: 8 }, (_, i) => `writer-${i}`);
    const results = await Promise.all(
      bodies.map((body) =>
        statusOf(
          aws.s3.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: "race.json",
              Body: body,
              IfNoneMatch: "*",
            }),
          ),
        ),
      ),
    );
    expect(results.filter((r) => r === 200)).toHaveLength(1);
    expect(results.filter((r) => r === "412 PreconditionFailed")).toHaveLength(7);
    const winner = bodies[results.indexOf(200)];
    expect(await read("race.json")).toBe(winner);
  });

  it("compares If-Match with the current ETag", async () => {
    const first = await aws.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: "match.json", Body: "v1" }),
    );
    const stale = await statusOf(
      aws.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: "match.json",
          Body: "v2",
          IfMatch: '"0123456789abcdef0123456789abcdef"',
        }),
      ),
    );
    expect(stale).toBe("412 PreconditionFailed");
    expect(await read("match.json")).toBe("v1");
    const fresh = await statusOf(
      aws.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: "match.json",
          Body: "v2",
          IfMatch: first.ETag,
        }),
      ),
    );
    expect(fresh).toBe(200);
    expect(await read("match.json")).toBe("v2");
  });

  it("applies If-None-Match: * to CompleteMultipartUpload too", async () => {
    const complete = async (key: string) => {
      const { UploadId } = await aws.s3.send(
        new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }),
      );
      const part = await aws.s3.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId,
          PartNumber: 1,
          Body: `part of ${key}`,
        }),
      );
      return statusOf(
        aws.s3.send(
          new CompleteMultipartUploadCommand({
            Bucket: bucket,
            Key: key,
            UploadId,
            IfNoneMatch: "*",
            MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
          }),
        ),
      );
    };
    expect(await complete("multipart.json")).toBe(200);
    expect(await complete("multipart.json")).toBe("412 PreconditionFailed");
    expect(await read("multipart.json")).toBe("part of multipart.json");
  });

  it("answers 404 NoSuchKey for If-Match on a missing key", async () => {
    const result = await statusOf(
      aws.s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: "absent.json", Body: "x", IfMatch: '"abc"' }),
      ),
    );
    expect(result).toBe("404 NoSuchKey");
  });

  it("sends AWS's XML error body with the failed condition", async () => {
    const url = `${cloud.endpoint}/${bucket}/once.json`;
    const res = await fetch(url, {
      method: "PUT",
      body: "again",
      headers: { "if-none-match": "*" },
    });
    expect(res.status).toBe(412);
    expect(res.headers.get("content-type")).toContain("xml");
    const text = await res.text();
    expect(text).toContain("<Code>PreconditionFailed</Code>");
    expect(text).toContain(
      "<Message>At least one of the pre-conditions you specified did not hold</Message>",
    );
    expect(text).toContain("<Condition>If-None-Match</Condition>");
  });

  const createOnce = (key: string, body: string) =>
    statusOf(
      aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, IfNoneMatch: "*" })),
    );

  it("refuses a conditional create of a key written by a copy", async () => {
    await aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: "source.json", Body: "src" }));
    await aws.s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: "copied.json",
        CopySource: `${bucket}/source.json`,
      }),
    );
    expect(await createOnce("copied.json", "again")).toBe("412 PreconditionFailed");
    expect(await read("copied.json")).toBe("src");
  });

  it("creates a deleted key again", async () => {
    expect(await createOnce("reborn.json", "first")).toBe(200);
    await aws.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "reborn.json" }));
    expect(await createOnce("reborn.json", "second")).toBe(200);
    expect(await read("reborn.json")).toBe("second");
  });

  it("refuses a conditional create of a key uploaded by a browser form", async () => {
    const form = new FormData();
    form.append("key", "from-form.json");
    form.append("file", new Blob(["form"]), "from-form.json");
    const res = await fetch(`${cloud.endpoint}/${bucket}`, { method: "POST", body: form });
    expect(res.status).toBeLessThan(300);
    expect(await createOnce("from-form.json", "again")).toBe("412 PreconditionFailed");
    expect(await read("from-form.json")).toBe("form");
  });

  it("sees a key written with the bucket in the Host header (virtual-hosted style)", async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const put = request(
        {
          host: "127.0.0.1",
          port: cloud.port,
          method: "PUT",
          path: "/virtual%20key.json",
          headers: { host: `${bucket}.s3.example.test:${cloud.port}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      put.on("error", reject);
      put.end("hosted");
    });
    expect(status).toBe(200);
    expect(await createOnce("virtual key.json", "again")).toBe("412 PreconditionFailed");
    expect(await read("virtual key.json")).toBe("hosted");
  });
});
