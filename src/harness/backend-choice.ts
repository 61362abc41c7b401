import type { DockerPing } from "./docker.ts";

export type BackendKind = "embedded" | "localstack" | "external";

export interface BackendChoice {
  kind: BackendKind;
  /** One sentence for the first line of the run and the report. */
  reason: string;
}

const kinds = ["auto", "embedded", "localstack", "external"] as const;

/**
 * TEST_BACKEND=auto (the default) takes LocalStack where a Docker engine answers, because
 * that is closest to AWS, and the embedded backend elsewhere, so `npm test` works anywhere.
 */
export async function chooseBackend(
  env: NodeJS.ProcessEnv,
  ping: () => Promise<DockerPing>,
): Promise<BackendChoice> {
  const asked = (env.TEST_BACKEND ?? "auto").trim().toLowerCase() || "auto";
  if (!(kinds as readonly string[]).includes(asked)) {
    throw new Error(`TEST_BACKEND="${env.TEST_BACKEND}" is not one of ${kinds.join(", ")}`);
  }
  if (asked === "embedded") return { kind: "embedded", reason: "TEST_BACKEND=embedded" };
  if (asked === "localstack") return { kind: "localstack", reason: "TEST_BACKEND=localstack" };
  if (asked === "external") {
    const target = env.AWS_ENDPOINT_URL
      ? `AWS_ENDPOINT_URL=${env.AWS_ENDPOINT_URL}`
      : "real AWS (no AWS_ENDPOINT_URL)";
    return { kind: "external", reason: `TEST_BACKEND=external, ${target}` };
  }
  const docker = await ping();
  return docker.ok
    ? {
        kind: "localstack",
        reason: `TEST_BACKEND=auto and a Docker engine answered at ${docker.where}`,
      }
    : {
        kind: "embedded",
        reason: `TEST_BACKEND=auto and no Docker engine answered at ${docker.where} (${docker.detail})`,
      };
}
