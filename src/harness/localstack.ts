import { LocalstackContainer } from "@testcontainers/localstack";
import type { StartedTestContainer } from "testcontainers";

import { type DockerPing, dockerAddress, pingDocker } from "./docker.ts";

/** The last tag that runs without an auth token (newer images exit with code 55 without one). */
export const DEFAULT_LOCALSTACK_IMAGE = "localstack/localstack:4.14.0";

export interface LocalstackSettings {
  image: string;
  environment: Record<string, string>;
  bindMounts: { source: string; target: string }[];
  startupTimeoutMs: number;
  /** How long LocalStack gets after SIGTERM before it is killed. */
  stopTimeoutMs: number;
}

/** How the container is configured, from the environment; pure so it can be tested without Docker. */
export function localstackSettings(env: NodeJS.ProcessEnv = process.env): LocalstackSettings {
  const address = dockerAddress(env);
  const environment: Record<string, string> = {
    // CI runners pull the nodejs runtime image on the first invocation; 20 s (the default) is
    // not always enough for that, and a slow first start would look like a failing order.
    LAMBDA_RUNTIME_ENVIRONMENT_TIMEOUT: env.LAMBDA_RUNTIME_ENVIRONMENT_TIMEOUT ?? "120",
    // An idle mapping backs off to one poll every 10 s, so the first order after a quiet
    // spell (the next scenario) waits that long; 1 s keeps the backends comparable.
    LAMBDA_EVENT_SOURCE_MAPPING_MAX_BACKOFF_ON_EMPTY_POLL_SEC: "1",
  };
  if (env.LOCALSTACK_AUTH_TOKEN) environment.LOCALSTACK_AUTH_TOKEN = env.LOCALSTACK_AUTH_TOKEN;
  return {
    image: env.LOCALSTACK_IMAGE?.trim() || DEFAULT_LOCALSTACK_IMAGE,
    environment,
    // LocalStack runs each Lambda function in a container of its own, so it needs the engine.
    bindMounts: [
      { source: address.socketPath ?? "/var/run/docker.sock", target: "/var/run/docker.sock" },
    ],
    startupTimeoutMs: 180_000,
    // Testcontainers kills at once by default; on SIGTERM LocalStack removes the containers
    // it started for the functions, which a kill would leave behind.
    stopTimeoutMs: 30_000,
  };
}

/** Stops LocalStack the way `localstackSettings` says (the test passes a container that records it). */
export async function stopLocalstack(
  container: Pick<StartedTestContainer, "stop">,
  settings: Pick<LocalstackSettings, "stopTimeoutMs">,
): Promise<void> {
  await container.stop({ timeout: settings.stopTimeoutMs });
}

/** Applies the settings to a container (the test passes a subclass that can show them). */
export function configureLocalstack<C extends LocalstackContainer>(
  container: C,
  settings: LocalstackSettings,
): C {
  return container
    .withEnvironment(settings.environment)
    .withBindMounts(settings.bindMounts)
    .withStartupTimeout(settings.startupTimeoutMs);
}

export function noDockerMessage(ping: Pick<DockerPing, "where" | "detail">): string {
  return (
    `The LocalStack backend needs a Docker engine, and none answered at ${ping.where} (${ping.detail}). ` +
    "Start Docker (or set DOCKER_HOST), or run the scenarios on the embedded backend: TEST_BACKEND=embedded npm test"
  );
}

export interface StartedLocalstack {
  endpoint: string;
  image: string;
  stop(): Promise<void>;
}

/**
 * Starts LocalStack through Testcontainers. Without Docker it fails in milliseconds with a
 * message that says so, rather than Testcontainers' "no working container runtime strategy".
 */
export async function startLocalstack(
  env: NodeJS.ProcessEnv = process.env,
  ping: (env: NodeJS.ProcessEnv) => Promise<DockerPing> = pingDocker,
): Promise<StartedLocalstack> {
  const docker = await ping(env);
  if (!docker.ok) throw new Error(noDockerMessage(docker));
  const settings = localstackSettings(env);
  try {
    const started = await configureLocalstack(
      new LocalstackContainer(settings.image),
      settings,
    ).start();
    return {
      endpoint: started.getConnectionUri(),
      image: settings.image,
      stop: () => stopLocalstack(started, settings),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.includes("container runtime strategy")) {
      throw new Error(noDockerMessage({ where: docker.where, detail: message }), { cause: error });
    }
    const hint =
      settings.image !== DEFAULT_LOCALSTACK_IMAGE && !env.LOCALSTACK_AUTH_TOKEN
        ? ` (images newer than ${DEFAULT_LOCALSTACK_IMAGE} need LOCALSTACK_AUTH_TOKEN)`
        : "";
    throw new Error(`LocalStack ${settings.image} did not start: ${message}${hint}`, {
      cause: error,
    });
  }
}
