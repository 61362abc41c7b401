import { readFile } from "node:fs/promises";
import { stripVTControlCharacters } from "node:util";
import { parseStepLog, STEP_LOG_DIR_ENV, stepLogFile, type Attachment } from "./report/step-log.ts";
import { runStep, type Witness } from "./step-runner.ts";
import { useTempDirs } from "../testing/temp-dirs.ts";

const tempDir = useTempDirs();
const invoice: Attachment = { name: "invoice", mediaType: "application/json", body: "{}" };

function witness(diagnose: () => Promise<Attachment[]>): Witness {
  let pending = [invoice];
  return {
    takeAttachments: () => {
      const taken = pending;
      pending = [];
      return taken;
    },
    diagnose,
  };
}

let dir: string;
let saved: string | undefined;
beforeEach(() => {
  saved = process.env[STEP_LOG_DIR_ENV];
  dir = tempDir("orderflow-steps-");
  process.env[STEP_LOG_DIR_ENV] = dir;
});
afterEach(() => {
  process.env[STEP_LOG_DIR_ENV] = saved;
});

const place = (index: number) => ({ testPath: "t.steps.ts", testName: "Feature scenario", index });
const records = async () => parseStepLog(await readFile(stepLogFile(dir), "utf8"));

describe("runStep", () => {
  test("records a passing step with what its checks attached", async () => {
    await runStep(
      place(0),
      witness(async () => []),
      () => undefined,
    );
    expect(await records()).toEqual([
      expect.objectContaining({ index: 0, status: "passed", attachments: [invoice] }),
    ]);
  });

  test("records a failed step with its headline, its attachments and the diagnostics", async () => {
    const found: Attachment = { name: "queues", mediaType: "application/json", body: "[]" };
    const failure = runStep(
      place(1),
      witness(async () => [found]),
      () => expect(1).toBe(2),
    );
    // Whether expect colours its messages depends on the terminal the tests run in.
    const message = failure.catch((error: Error) => stripVTControlCharacters(error.message));
    await expect(message).resolves.toContain("expect(received).toBe(expected)");
    expect(await records()).toEqual([
      expect.objectContaining({
        index: 1,
        status: "failed",
        headline: "expect(received).toBe(expected) // Object.is equality: expected 2, received 1",
        attachments: [invoice, found],
      }),
    ]);
  });

  test("diagnostics that fail or hang become a line in the report, never the step's error", async () => {
    const original = new Error("the invoice for ORD-1 did not happen within 15000 ms");
    const broken = runStep(
      place(2),
      witness(() => Promise.reject(new Error("the bucket is gone"))),
      () => Promise.reject(original),
    );
    await expect(broken).rejects.toBe(original);
    const hung = runStep(
      place(3),
      witness(() => new Promise(() => {})),
      () => Promise.reject(original),
      20,
    );
    await expect(hung).rejects.toBe(original);
    const [first, second] = await records();
    expect(first?.attachments?.at(-1)).toEqual({
      name: "diagnostics",
      mediaType: "text/plain",
      body: "no diagnostics: the bucket is gone",
    });
    expect(second?.attachments?.at(-1)?.body).toBe("no diagnostics: they took longer than 0.02 s");
  });
});
