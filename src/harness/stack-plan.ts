import type { TimeMode } from "../cloud/cloud-clock.ts";
import { POLL_INTERVAL_MS } from "../stack/deploy.ts";
import {
  localSettings,
  productionSettings,
  testSettings,
  type StackSettings,
} from "../stack/settings.ts";
import type { BackendKind } from "./backend-choice.ts";

/** How the scenarios' stack is deployed on a backend, and on which clock it runs. */
export interface StackPlan {
  /** The named settings, for the run's header. */
  settingsName: "production" | "test" | "local";
  /** Without a prefix: a shared backend's run adds its own. */
  settings: StackSettings;
  /** The embedded cloud's clock; other backends keep real time. */
  clock: TimeMode;
  /** How often deploy asks whether functions and mappings have settled; undefined: its default. */
  pollIntervalMs: number | undefined;
}

/**
 * The embedded backend runs the production settings on a clock that skips idle time, so a
 * 180 s visibility timeout costs moments, not minutes; TEST_CLOCK=real runs it in real time
 * with the short test settings instead. A container backend keeps real time and starts a
 * container per function on first use, which can outlive a short visibility timeout and
 * deliver a message twice, so it gets the local settings; LocalStack is also asked less often
 * whether it has settled, since it takes seconds anyway.
 */
export function stackPlanFor(kind: BackendKind, env: NodeJS.ProcessEnv = {}): StackPlan {
  const pollIntervalMs = kind === "localstack" ? POLL_INTERVAL_MS.localstack : undefined;
  if (kind !== "embedded") {
    return { settingsName: "local", settings: localSettings, clock: "real", pollIntervalMs };
  }
  const clock = clockFrom(env);
  return clock === "skip"
    ? { settingsName: "production", settings: productionSettings, clock, pollIntervalMs }
    : { settingsName: "test", settings: testSettings, clock, pollIntervalMs };
}

function clockFrom(env: NodeJS.ProcessEnv): TimeMode {
  const asked = (env.TEST_CLOCK ?? "skip").trim().toLowerCase() || "skip";
  if (asked === "skip" || asked === "real") return asked;
  throw new Error(`TEST_CLOCK="${env.TEST_CLOCK}" is not one of skip, real`);
}

/** The clock as the run's header says it. */
export function clockInBrief(plan: StackPlan): string {
  return plan.clock === "skip"
    ? "skips idle time: jumps to the next timer whenever the embedded cloud is idle"
    : "real time";
}
