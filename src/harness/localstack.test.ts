import { LocalstackContainer } from "@testcontainers/localstack";
import { createServer } from "node:http";
import { join } from "node:path";
import { pingDocker } from "./docker.ts";
import {
  DEFAULT_LOCALSTACK_IMAGE,
  configureLocalstack,
  localstackSettings,
  startLocalstack,
  stopLocalstack,
} from "./localstack.ts";
import { useTempDirs } from "../testing/temp-dirs.ts";

const tempDir = useTempDirs();
/** Shows what Testcontainers will send to Docker, without Docker. */
class InspectableLocalstack extends LocalstackContainer {
  shown() {
    return {
      image: this.imageName.string,
      environment: this.environment,
      binds: this.hostConfig.Binds,
      startupTimeoutMs: this.startupTimeoutMs,
      exposedPorts: this.exposedPorts,
    };
  }
}

describe("LocalStack container configuration", () => {
  test("pins 4.14.0, mounts the Docker socket and gives Lambda runtimes time to start", () => {
    const settings = localstackSettings({});
    const shown = configureLocalstack(new InspectableLocalstack(settings.image), settings).shown();
    expect(shown.image).toBe(DEFAULT_LOCALSTACK_IMAGE);
    expect(shown.binds).toEqual(["/var/run/docker.sock:/var/run/docker.sock:rw"]);
    expect(Number(shown.environment.LAMBDA_RUNTIME_ENVIRONMENT_TIMEOUT)).toBeGreaterThan(20);
    expect(shown.environment).not.toHaveProperty("LOCALSTACK_AUTH_TOKEN");
    expect(shown.exposedPorts).toContain(4566);
    expect(shown.startupTimeoutMs).toBeGreaterThanOrEqual(120_000);
  });

  test("keeps idle event source mappings polling every second, not every 10 s", () => {
    const settings = localstackSettings({});
    const shown = configureLocalstack(new InspectableLocalstack(settings.image), settings).shown();
    expect(shown.environment.LAMBDA_EVENT_SOURCE_MAPPING_MAX_BACKOFF_ON_EMPTY_POLL_SEC).toBe("1");
  });

  test("stops with time for LocalStack to remove its function containers", async () => {
    const asked: unknown[] = [];
    const container = {
      stop: async (options?: unknown) => {
        asked.push(options);
        return undefined as never;
      },
    };
    await stopLocalstack(container, localstackSettings({}));
    expect(asked).toEqual([{ timeout: 30_000 }]);
  });

  test("takes another image and passes the auth token through", () => {
    const settings = localstackSettings({
      LOCALSTACK_IMAGE: "localstack/localstack:2026.03",
      LOCALSTACK_AUTH_TOKEN: "ls-token",
    });
    const shown = configureLocalstack(new InspectableLocalstack(settings.image), settings).shown();
    expect(shown.image).toBe("localstack/localstack:2026.03");
    expect(shown.environment.LOCALSTACK_AUTH_TOKEN).toBe("ls-token");
  });

  test("mounts the socket DOCKER_HOST names", () => {
    const settings = localstackSettings({ DOCKER_HOST: "unix:///run/user/1000/docker.sock" });
    expect(settings.bindMounts).toEqual([
      { source: "/run/user/1000/docker.sock", target: "/var/run/docker.sock" },
    ]);
  });
});

describe("LocalStack without Docker", () => {
  test("fails at once with a message that says Docker is missing and what to do", async () => {
    const missing = join(tempDir("orderflow-"), "docker.sock");
    const env = { DOCKER_HOST: `unix://${missing}` };
    const failure = startLocalstack(env);
    await expect(failure).rejects.toThrow(
      /needs a Docker engine, and none answered at unix:\/\/.*docker\.sock \(ENOENT\)/,
    );
    await expect(failure).rejects.toThrow(/TEST_BACKEND=embedded npm test/);
  });
});

describe("pingDocker", () => {
  test("says ok when something answers /_ping like a Docker engine", async () => {
    const server = createServer((req, res) => {
      res.writeHead(req.url === "/_ping" ? 200 : 404).end("OK");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const ping = await pingDocker({ DOCKER_HOST: `tcp://127.0.0.1:${port}` });
      expect(ping).toEqual({
        ok: true,
        where: `tcp://127.0.0.1:${port}`,
        detail: "the Docker engine answered",
      });
    } finally {
      server.close();
    }
  });

  test("gives up on an engine that does not answer within the deadline", async () => {
    const server = createServer(() => {
      // never answers: a wedged engine
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const ping = await pingDocker({ DOCKER_HOST: `tcp://127.0.0.1:${port}` }, 50);
      expect(ping.ok).toBe(false);
      expect(ping.detail).toMatch(/no answer within 50 ms|ECONNRESET/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
