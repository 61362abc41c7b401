import { removeRunFile } from "./run-file.ts";
import { runTeardown } from "./teardown-registry.ts";

/** Stops the API, destroys a stack deployed on a shared backend, stops the backend. */
export default async function globalTeardown(): Promise<void> {
  await runTeardown();
  await removeRunFile();
}
