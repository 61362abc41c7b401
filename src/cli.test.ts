import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { startCloud, type Cloud } from "./cloud/index.ts";
import { parseCommand, UsageError } from "./cli.ts";
import {
  apiOf,
  CLI,
  json,
  placeOrdersUntilStopped,
  runUpOnData,
  tokenFrom,
  untilProcessed,
  run,
  SLOW,
  waitFor,
  type Child,
} from "./testing/cli-process.ts";

describe("parseCommand", () => {
  test("no command means up, on the default ports", () => {
    expect(parseCommand([])).toMatchObject({ name: "up", port: undefined, cloudPort: undefined });
    expect(parseCommand(["up", "--port", "0", "--cloud-port", "4600"])).toMatchObject({
      port: 0,
      cloudPort: 4600,
    });
  });

  test("up takes a data directory", () => {
    expect(parseCommand(["up", "--data-dir", "/tmp/orderflow-data"]).dataDir).toBe(
      "/tmp/orderflow-data",
    );
    expect(parseCommand(["up"]).dataDir).toBeUndefined();
    expect(parseCommand(["up"]).settings?.visibilityTimeoutSeconds).toBe(30);
    expect(parseCommand(["up", "--settings", "test"]).settings?.visibilityTimeoutSeconds).toBe(5);
  });

  test("deploy takes an endpoint, a prefix and named settings", () => {
    const cmd = parseCommand([
      "deploy",
      "--endpoint",
      "http://127.0.0.1:4566",
      "--prefix",
      "dev-",
      "--settings",
      "test",
    ]);
    expect(cmd).toMatchObject({
      name: "deploy",
      endpoint: "http://127.0.0.1:4566",
      prefix: "dev-",
    });
    expect(cmd.settings).toMatchObject({ prefix: "dev-", functionTimeoutSeconds: 5 });
    expect(parseCommand(["destroy"]).endpoint).toBeUndefined();
  });

  test.each([
    [["launch"], 'unknown command "launch"'],
    [["up", "--endpoint", "http://x"], "up does not take --endpoint"],
    [["up", "--port", "http"], '--port must be a port number 0-65535, not "http"'],
    [["cloud", "--port", "70000"], "--port must be a port number 0-65535"],
    [["deploy", "--endpoint", "localhost:4566"], "--endpoint must be an http(s) URL"],
    [["deploy", "--prefix", "Dev_"], "--prefix: invalid stack settings: prefix: must be lowercase"],
    [["deploy", "--settings", "fast"], '--settings must be production, local or test, not "fast"'],
    [["deploy", "--verbose"], "Unknown option '--verbose'"],
    [["up", "--data-dir", ""], "--data-dir must name a directory"],
    [["cloud", "--data-dir", "/tmp/x"], "cloud does not take --data-dir"],
  ])("%j is refused: %s", (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
    expect(() => parseCommand(argv)).toThrow(message);
  });
});

test(
  "orderflow up runs the whole system: an order placed over HTTP is PROCESSED; SIGTERM stops it cleanly",
  async () => {
    const up = run(["up", "--port", "0", "--cloud-port", "0"]);
    try {
      await waitFor("orderflow up to be ready", async () =>
        up.output().includes("Ctrl-C stops everything.") ? true : undefined,
      );
      const api = /API +(http:\/\/\S+)/.exec(up.output())?.[1];
      expect(up.output()).toMatch(/API docs +http:\/\/\S+\/docs/);
      expect(up.output()).toMatch(/cloud +http:\/\/127\.0\.0\.1:\d+/);
      expect(up.output()).toContain("TOKEN=$(curl");
      const token = await tokenFrom(api ?? "");
      const order = {
        order_id: `ORD-cli-${process.pid}`,
        items: [{ name: "Keyboard", price: 349.99, quantity: 3 }],
        promo_code: "SAVE10",
      };
      expect((await json("POST", `${api}/orders`, order, token)).status).toBe(202);
      const done = await waitFor("the order to be PROCESSED", async () => {
        const status = await json("GET", `${api}/orders/${order.order_id}`, undefined, token);
        return status.body.status === "PROCESSED" ? status.body : undefined;
      });
      expect(done).toMatchObject({ total: "944.97" });

      up.process.kill("SIGTERM");
      expect(await up.exited).toBe(0);
      expect(up.output()).toContain("orderflow: stopped");
    } finally {
      up.process.kill("SIGKILL");
    }
  },
  SLOW,
);

describe("deploy and destroy against a running cloud", () => {
  let cloud: Cloud;
  beforeAll(async () => {
    cloud = await startCloud({ port: 0 });
  });
  afterAll(() => cloud.stop());

  test(
    "deploy prints what it created; destroy removes it",
    async () => {
      const deploy = run([
        "deploy",
        "--endpoint",
        cloud.endpoint,
        "--prefix",
        "cli-",
        "--settings",
        "test",
      ]);
      expect(await deploy.exited).toBe(0);
      expect(deploy.output()).toContain("create function cli-task_lambda");
      expect(deploy.output()).toMatch(/orderflow: deployed \(12 changes\) in \d+\.\d s/);
      const destroy = run(["destroy", "--endpoint", cloud.endpoint, "--prefix", "cli-"]);
      expect(await destroy.exited).toBe(0);
      expect(destroy.output()).toContain("delete bucket cli-results-bucket");
    },
    SLOW,
  );

  test(
    "the API alone refuses to start where no stack is deployed",
    async () => {
      const api = run(["api", "--endpoint", cloud.endpoint, "--prefix", "absent-", "--port", "0"]);
      expect(await api.exited).toBe(1);
      expect(api.output()).toContain(
        `no queue absent-task-queue there: deploy the stack first (npm run deploy -- --endpoint ${cloud.endpoint})`,
      );
    },
    SLOW,
  );

  test(
    "a cloud port already taken is a clear error",
    async () => {
      const up = run(["up", "--cloud-port", String(cloud.port), "--port", "0"]);
      expect(await up.exited).toBe(1);
      expect(up.output()).toContain(`port ${cloud.port} is already in use`);
      expect(up.output()).toContain("choose another with --cloud-port");
    },
    SLOW,
  );

  test(
    "an API port already taken is a clear error",
    async () => {
      const up = run(["up", "--cloud-port", "0", "--port", String(cloud.port)]);
      expect(await up.exited).toBe(1);
      expect(up.output()).toContain(`port ${cloud.port} is already in use`);
      expect(up.output()).toContain("choose another with --port");
    },
    SLOW,
  );

  test(
    "an endpoint where nothing answers is a clear error",
    async () => {
      const deploy = run(["deploy", "--endpoint", "http://127.0.0.1:9"]);
      expect(await deploy.exited).toBe(1);
      expect(deploy.output()).toContain("nothing answers there; start it first");
    },
    SLOW,
  );
});

test(
  "a mistake on the command line exits 2 with a hint",
  async () => {
    const bad = run(["deploy", "--endpoint", "nope"]);
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toContain("--endpoint must be an http(s) URL");
  },
  SLOW,
);

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

test(
  "SIGTERM while orders are in flight: the API refuses new ones, the process exits 0, and after a restart on the same data every accepted order is PROCESSED",
  async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "orderflow-up-data-"));
    const first = runUpOnData(dataDir);
    let second: Child | undefined;
    try {
      const api = await apiOf(first);
      expect(first.output()).toContain(`data       ${dataDir}`);
      const token = await tokenFrom(api);

      // SIGTERM goes out once some orders are accepted; each sender stops at its first refusal.
      const { accepted, refusedWhileRunning } = await placeOrdersUntilStopped(
        first,
        api,
        token,
        30,
        () => first.process.kill("SIGTERM"),
      );
      expect(await first.exited).toBe(0);
      expect(first.output()).toContain("orderflow: SIGTERM, stopping");
      expect(first.output()).toContain("orderflow: stopped");
      expect(refusedWhileRunning).toBeGreaterThan(0);
      expect(accepted.length).toBeGreaterThanOrEqual(30);

      second = runUpOnData(dataDir);
      const again = await apiOf(second);
      for (const id of accepted) {
        const status = await untilProcessed(again, token, id);
        expect(status).toMatchObject({ order_id: id, total: "19.98" });
      }
      second.process.kill("SIGTERM");
      expect(await second.exited).toBe(0);
    } finally {
      first.process.kill("SIGKILL");
      second?.process.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
  SLOW * 2,
);
