import { chooseBackend } from "./backend-choice.ts";
import type { DockerPing } from "./docker.ts";

const answered = async (): Promise<DockerPing> => ({
  ok: true,
  where: "unix:///var/run/docker.sock",
  detail: "the Docker engine answered",
});
const silent = async (): Promise<DockerPing> => ({
  ok: false,
  where: "unix:///var/run/docker.sock",
  detail: "ENOENT",
});
const mustNotAsk = async (): Promise<DockerPing> => {
  throw new Error("an explicit choice must not ask Docker");
};

describe("chooseBackend", () => {
  test("auto takes LocalStack when a Docker engine answers, and says why", async () => {
    expect(await chooseBackend({}, answered)).toEqual({
      kind: "localstack",
      reason: "TEST_BACKEND=auto and a Docker engine answered at unix:///var/run/docker.sock",
    });
  });

  test("auto falls back to the embedded backend when none answers, naming where it looked", async () => {
    expect(await chooseBackend({ TEST_BACKEND: "auto" }, silent)).toEqual({
      kind: "embedded",
      reason:
        "TEST_BACKEND=auto and no Docker engine answered at unix:///var/run/docker.sock (ENOENT)",
    });
  });

  test.each(["embedded", "localstack", "EMBEDDED "])(
    "TEST_BACKEND=%p is taken as asked",
    async (asked) => {
      const choice = await chooseBackend({ TEST_BACKEND: asked }, mustNotAsk);
      expect(choice.kind).toBe(asked.trim().toLowerCase());
    },
  );

  test("external names its endpoint, or real AWS", async () => {
    expect(
      (
        await chooseBackend(
          { TEST_BACKEND: "external", AWS_ENDPOINT_URL: "http://127.0.0.1:4566" },
          mustNotAsk,
        )
      ).reason,
    ).toBe("TEST_BACKEND=external, AWS_ENDPOINT_URL=http://127.0.0.1:4566");
    expect((await chooseBackend({ TEST_BACKEND: "external" }, mustNotAsk)).reason).toBe(
      "TEST_BACKEND=external, real AWS (no AWS_ENDPOINT_URL)",
    );
  });

  test("refuses an unknown backend, listing the choices", async () => {
    await expect(chooseBackend({ TEST_BACKEND: "docker" }, mustNotAsk)).rejects.toThrow(
      'TEST_BACKEND="docker" is not one of auto, embedded, localstack, external',
    );
  });
});
