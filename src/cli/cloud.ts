import { EMULATOR_CREDENTIALS } from "../aws/config.ts";
import { print, shutdown, untilStopped } from "./lifecycle.ts";
import { DEFAULT_CLOUD_PORT, type CloudOptions } from "./options.ts";
import { startCloudOn } from "./services.ts";

/** `orderflow cloud`: the embedded cloud alone, for deploy, the aws CLI or any SDK. */
export async function cloud(options: CloudOptions): Promise<void> {
  const cloud = await startCloudOn(options.port ?? DEFAULT_CLOUD_PORT, options.host, "--port", {
    time: options.time,
  });
  print(`orderflow cloud on ${cloud.endpoint} (SQS, S3, STS, Lambda, IAM, CloudWatch Logs)`);
  if (options.time === "skip")
    print(
      "  its clock skips idle time: waits for timers (visibility, delays, long polls) take moments",
    );
  print(
    `  export AWS_ENDPOINT_URL=${cloud.endpoint} AWS_ACCESS_KEY_ID=${EMULATOR_CREDENTIALS.accessKeyId} AWS_SECRET_ACCESS_KEY=${EMULATOR_CREDENTIALS.secretAccessKey} AWS_REGION=${cloud.region}`,
  );
  print(`  npm run deploy -- --endpoint ${cloud.endpoint}`);
  print("Ctrl-C stops it.");
  await untilStopped();
  await shutdown([["the embedded cloud", () => cloud.stop()]]);
  print("orderflow cloud: stopped");
}
