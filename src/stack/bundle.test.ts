import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { GetObjectCommand } from "@aws-sdk/client-s3";
// Node's zlib, as the embedded Lambda unpacks a zip: fflate's inflate took over a second here.
import { unzip } from "../cloud/lambda/control-plane/unzip.ts";
import { orderBody, orderId, record, sqsEvent } from "../../lambdas/testing/sqs-events.ts";
import { startTestCloud, type TestCloud } from "../../lambdas/testing/test-cloud.ts";
import { BUNDLE_FILE, buildBundleUncached, lambdaBundle, sha256Base64 } from "./bundle.ts";
import { EMULATOR_CREDENTIALS } from "../aws/config.ts";

const run = promisify(execFile);
// Bundling takes seconds when the machine is busy.
const SLOW = 60_000;

test(
  "the same source gives byte-identical zips, cached or not",
  async () => {
    // What deploy uses comes from the disk cache (node_modules/.cache/orderflow) when an earlier
    // build left it there, else from a build of its own: a second build either way.
    const deployed = await lambdaBundle("task");
    const fresh = await buildBundleUncached("task");
    expect(Buffer.from(fresh.zip).equals(Buffer.from(deployed.zip))).toBe(true);
    expect(fresh.sha256).toBe(sha256Base64(deployed.zip));
    expect(fresh.codeBytes).toBe(deployed.codeBytes);
  },
  SLOW,
);

test(
  "each zip holds one CommonJS file with the handler and the SDK clients bundled in",
  async () => {
    for (const key of ["task", "notification", "dlqProcessor"] as const) {
      const bundle = await lambdaBundle(key);
      const files = unzip(bundle.zip);
      expect(Object.keys(files)).toEqual([BUNDLE_FILE]);
      const js = Buffer.from(files[BUNDLE_FILE]!).toString("utf8");
      const required = new Set([...js.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
      // Only Node built-ins stay outside; the CRT signer is an optional require inside a try.
      const outside = [...required].filter((name) => !name!.startsWith("node:"));
      expect(outside.filter((name) => name !== "@aws-sdk/signature-v4-crt")).toEqual([]);
      expect(js.includes("handler")).toBe(true);
    }
    expect(await lambdaBundle("task")).toBe(await lambdaBundle("task"));
  },
  SLOW,
);

describe("the task bundle under plain Node", () => {
  let t: TestCloud;
  let dir: string;
  beforeAll(async () => {
    t = await startTestCloud();
    dir = await mkdtemp(join(tmpdir(), "orderflow-bundle-"));
  });
  afterAll(async () => {
    await t.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test(
    "reaches the cloud through AWS_ENDPOINT_URL and logs JSON lines with order_id",
    async () => {
      const bundle = await lambdaBundle("task");
      await writeFile(join(dir, BUNDLE_FILE), unzip(bundle.zip)[BUNDLE_FILE]!);
      const good = orderId("bundle");
      const bad = orderId("bundle-bad");
      const event = sqsEvent(record(orderBody(good), "b-1"), record(orderBody(bad, -1), "b-2"));
      const script = `require(${JSON.stringify(join(dir, BUNDLE_FILE))}).handler(${JSON.stringify(event)}, {})
      .then((r) => process.stdout.write("RESULT " + JSON.stringify(r) + "\\n"))`;
      const { stdout, stderr } = await run(process.execPath, ["-e", script], {
        env: {
          PATH: process.env.PATH,
          AWS_ENDPOINT_URL: t.cloud.endpoint,
          AWS_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
          RESULTS_BUCKET: t.bucket,
          NOTIFICATION_QUEUE_URL: t.notificationQueueUrl,
        },
      });
      expect(stdout).toContain(
        `RESULT ${JSON.stringify({ batchItemFailures: [{ itemIdentifier: "b-2" }] })}`,
      );
      const lines = `${stdout}${stderr}`
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ level: "INFO", message: "order priced", order_id: good }),
          expect.objectContaining({
            level: "ERROR",
            message: "order rejected",
            order_id: bad,
            reason: "items[0].price: must be at least 0",
          }),
        ]),
      );
      const invoice = await t.clients.s3.send(
        new GetObjectCommand({ Bucket: t.bucket, Key: `invoices/${good}.json` }),
      );
      expect(JSON.parse(await invoice.Body!.transformToString())).toMatchObject({
        order_id: good,
        total: "944.97",
      });
    },
    SLOW,
  );
});
