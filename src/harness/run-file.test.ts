import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readRunFile, writeRunFailure, writeRunFile, type RunFile } from "./run-file.ts";

const run: RunFile = {
  backend: "embedded",
  facts: [{ label: "Backend", value: "embedded" }],
  region: "us-east-1",
  endpoint: "http://127.0.0.1:4566",
  apiUrl: "http://127.0.0.1:3000",
  jwtSecret: "secret",
  prefix: "",
  names: {
    bucket: "results-bucket",
    taskQueue: "task-queue",
    notificationQueue: "notification-queue",
    dlq: "task-dlq",
    functions: {
      task: "task_lambda",
      notification: "notification_lambda",
      dlqProcessor: "dlq_processor_lambda",
    },
  },
  queuePeek: "developer-endpoint",
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "orderflow-run-file-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

test("a scenario that starts before the backend is up waits for the run file", async () => {
  const path = join(dir, "run.json");
  const reading = readRunFile(path);
  setTimeout(() => void writeRunFile(path, run), 200);
  expect(await reading).toEqual(run);
});

test("a backend that did not start fails the scenario with the reason", async () => {
  const path = join(dir, "run.json");
  await writeRunFailure(path, "LocalStack did not answer on port 4566");
  await expect(readRunFile(path)).rejects.toThrow(
    "the scenario backend did not start: LocalStack did not answer on port 4566",
  );
});

test("no run file within the wait is an error naming the file", async () => {
  const path = join(dir, "never.json");
  await expect(readRunFile(path, 100)).rejects.toThrow(path);
});
