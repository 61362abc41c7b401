import { awsConfigFromEnv, createClients, destroyClients } from "./clients.ts";
import { EMULATOR_CREDENTIALS } from "./config.ts";

test("an endpoint without credentials uses emulator credentials", () => {
  expect(awsConfigFromEnv({ AWS_ENDPOINT_URL: "http://127.0.0.1:4566" })).toEqual({
    region: "us-east-1",
    endpoint: "http://127.0.0.1:4566",
    credentials: EMULATOR_CREDENTIALS,
  });
});

test("no endpoint means real AWS with the default credential chain", () => {
  expect(awsConfigFromEnv({ AWS_REGION: "eu-west-1" })).toEqual({ region: "eu-west-1" });
});

test("explicit credentials and region win", () => {
  const config = awsConfigFromEnv({
    AWS_ENDPOINT_URL: "http://localhost:4566",
    AWS_DEFAULT_REGION: "eu-central-1",
    AWS_ACCESS_KEY_ID: "AKID",
    AWS_SECRET_ACCESS_KEY: "secret",
    AWS_SESSION_TOKEN: "token",
  });
  expect(config.region).toBe("eu-central-1");
  expect(config.credentials).toEqual({
    accessKeyId: "AKID",
    secretAccessKey: "secret",
    sessionToken: "token",
  });
});

test("a malformed endpoint says which variable is wrong", () => {
  expect(() => awsConfigFromEnv({ AWS_ENDPOINT_URL: "not a url" })).toThrow(/AWS_ENDPOINT_URL/);
});

test("clients share the endpoint and S3 uses path-style addressing", async () => {
  const clients = createClients(awsConfigFromEnv({ AWS_ENDPOINT_URL: "http://localhost:4566" }));
  expect(clients.s3.config.forcePathStyle).toBe(true);
  const endpoint = await clients.sqs.config.endpoint?.();
  expect(endpoint?.hostname).toBe("localhost");
  expect(endpoint?.port).toBe(4566);
  destroyClients(clients);
});
