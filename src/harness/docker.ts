import { request } from "node:http";

export interface DockerPing {
  ok: boolean;
  /** Where we looked: "unix:///var/run/docker.sock" or "tcp://host:2375". */
  where: string;
  detail: string;
}

/** DOCKER_HOST as the Docker CLI reads it; the default socket otherwise. */
export function dockerAddress(env: NodeJS.ProcessEnv = process.env): {
  where: string;
  socketPath?: string;
  host?: string;
  port?: number;
} {
  const value = env.DOCKER_HOST?.trim();
  if (!value) return { where: "unix:///var/run/docker.sock", socketPath: "/var/run/docker.sock" };
  if (value.startsWith("unix://"))
    return { where: value, socketPath: value.slice("unix://".length) };
  if (value.startsWith("tcp://")) {
    const url = new URL(value.replace(/^tcp:/, "http:"));
    return { where: value, host: url.hostname, port: Number(url.port || 2375) };
  }
  return { where: value };
}

/**
 * Asks the Docker engine `GET /_ping` with a short deadline. Deciding the backend must take
 * milliseconds: a missing socket fails at once, a hung one at the timeout.
 */
export function pingDocker(
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 1500,
): Promise<DockerPing> {
  const address = dockerAddress(env);
  if (!address.socketPath && !address.host) {
    return Promise.resolve({
      ok: false,
      where: address.where,
      detail: "DOCKER_HOST is neither unix:// nor tcp://",
    });
  }
  return new Promise((resolve) => {
    const req = request(
      {
        method: "GET",
        path: "/_ping",
        timeout: timeoutMs,
        ...(address.socketPath
          ? { socketPath: address.socketPath }
          : { host: address.host, port: address.port }),
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () =>
          resolve({
            ok: res.statusCode === 200,
            where: address.where,
            detail:
              res.statusCode === 200
                ? "the Docker engine answered"
                : `the Docker engine answered ${res.statusCode} ${body.trim()}`,
          }),
        );
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", (error: NodeJS.ErrnoException) =>
      resolve({ ok: false, where: address.where, detail: error.code ?? error.message }),
    );
    req.end();
  });
}
