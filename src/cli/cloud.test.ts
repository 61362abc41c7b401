import { spawn } from "node:child_process";
import { request } from "undici";
import { CLI, SLOW, waitFor } from "./testing/cli-process.ts";

test(
  "under npm's `sh -c`, the cloud stops when its parent is killed instead of living on as an orphan",
  async () => {
    const shell = spawn("sh", ["-c", `"${process.execPath}" "${CLI}" cloud --port 0`], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let text = "";
    shell.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
    try {
      const endpoint = await waitFor(
        "the cloud to listen",
        async () => /orderflow cloud on (http:\/\/\S+)/.exec(text)?.[1],
      );
      expect((await request(`${endpoint}/_localstack/health`)).statusCode).toBeLessThan(500);
      shell.kill("SIGTERM");
      await waitFor("the orphaned cloud to stop listening", async () => {
        try {
          await request(`${endpoint}/_localstack/health`);
          return undefined;
        } catch (error) {
          return (error as { code?: string }).code === "ECONNREFUSED" ? true : undefined;
        }
      });
    } finally {
      shell.kill("SIGKILL");
    }
  },
  SLOW,
);
