import { POLL_INTERVAL_MS } from "../stack/deploy.ts";
import { localSettings, testSettings, type StackSettings } from "../stack/settings.ts";
import type { BackendKind } from "./backend-choice.ts";

/** How the scenarios' stack is deployed on a backend. */
export interface StackPlan {
  /** The named settings, for the run's header. */
  settingsName: "test" | "local";
  /** Without a prefix: a shared backend's run adds its own. */
  settings: StackSettings;
  /** How often deploy asks whether functions and mappings have settled; undefined: its default. */
  pollIntervalMs: number | undefined;
}

/**
 * The test settings (short timeouts: the dead-letter path takes seconds) on the embedded
 * backend. A container backend starts a container per function on first use, which can outlive
 * a short visibility timeout and deliver a message twice, so it gets the local settings; and
 * LocalStack is asked less often whether it has settled, since it takes seconds anyway.
 */
export function stackPlanFor(kind: BackendKind): StackPlan {
  const settingsName = kind === "embedded" ? "test" : "local";
  return {
    settingsName,
    settings: settingsName === "test" ? testSettings : localSettings,
    pollIntervalMs: kind === "localstack" ? POLL_INTERVAL_MS.localstack : undefined,
  };
}
