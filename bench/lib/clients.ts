import { createClients, type AwsClients } from "../../src/aws/clients.ts";

/** SDK clients for a local emulator: emulator credentials, path-style S3. */
export function localClients(endpoint: string): AwsClients {
  return createClients({
    region: "us-east-1",
    endpoint,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
}
