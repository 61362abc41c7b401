import { startCloud, type Cloud } from "../cloud/index.ts";
import { main } from "./main.ts";
import { runCli, SLOW } from "./testing/cli-process.ts";

// One test runs the CLI as a user does, in a child process; the refusals run its main() in
// this process, which is what a child would run, for a fraction of the CPU.
async function mainIn(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const code = await main(argv, (text) => (stderr += text));
  return { code, stderr };
}

describe("deploy and destroy against a running cloud", () => {
  let cloud: Cloud;
  beforeAll(async () => {
    cloud = await startCloud({ port: 0 });
  });
  afterAll(() => cloud.stop());

  test(
    "deploy prints what it created; destroy removes it",
    async () => {
      const deploy = runCli([
        "deploy",
        "--endpoint",
        cloud.endpoint,
        "--prefix",
        "cli-",
        "--settings",
        "test",
      ]);
      expect(await deploy.exited).toBe(0);
      expect(deploy.output()).toContain(`to ${cloud.endpoint} (the embedded cloud)`);
      expect(deploy.output()).toContain(
        "  settings: test (--settings test; --settings production|local|test to choose)\n" +
          "    functions: timeout 5 s, memory 256 MB\n",
      );
      expect(deploy.output()).toContain("create function cli-task_lambda");
      expect(deploy.output()).toMatch(/orderflow: deployed \(12 changes\) in \d+\.\d s/);
      const destroy = runCli(["destroy", "--endpoint", cloud.endpoint, "--prefix", "cli-"]);
      expect(await destroy.exited).toBe(0);
      expect(destroy.output()).toContain("delete bucket cli-results-bucket");
    },
    SLOW,
  );

  test("the API alone refuses to start where no stack is deployed", async () => {
    const failed = await mainIn(["api", "--endpoint", cloud.endpoint, "--prefix", "absent-"]);
    expect(failed).toEqual({
      code: 1,
      stderr: `orderflow api: no queue absent-task-queue there: deploy the stack first (npm run deploy -- --endpoint ${cloud.endpoint})\n`,
    });
  });
});

test("an endpoint where nothing answers is a clear error", async () => {
  const failed = await mainIn(["deploy", "--endpoint", "http://127.0.0.1:9"]);
  expect(failed.code).toBe(1);
  expect(failed.stderr).toMatch(/^orderflow deploy: .*nothing answers there; start it first/);
});
