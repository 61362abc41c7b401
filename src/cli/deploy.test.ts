import { startCloud, type Cloud } from "../cloud/index.ts";
import { runCli, SLOW } from "./testing/cli-process.ts";

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

  test(
    "the API alone refuses to start where no stack is deployed",
    async () => {
      const api = runCli([
        "api",
        "--endpoint",
        cloud.endpoint,
        "--prefix",
        "absent-",
        "--port",
        "0",
      ]);
      expect(await api.exited).toBe(1);
      expect(api.output()).toContain(
        `no queue absent-task-queue there: deploy the stack first (npm run deploy -- --endpoint ${cloud.endpoint})`,
      );
    },
    SLOW,
  );
});

test(
  "an endpoint where nothing answers is a clear error",
  async () => {
    const deploy = runCli(["deploy", "--endpoint", "http://127.0.0.1:9"]);
    expect(await deploy.exited).toBe(1);
    expect(deploy.output()).toContain("nothing answers there; start it first");
  },
  SLOW,
);
