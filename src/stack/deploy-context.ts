import type { AwsClients } from "../aws/clients.ts";
import type { StackSettings } from "./settings.ts";

/** What every deploy step gets: the clients, the settings and a way to record what changed. */
export interface StepContext {
  clients: AwsClients;
  settings: StackSettings;
  /** Records one change (and prints it). */
  did(action: string): void;
  /** Real AWS: no endpoint. IAM changes then take seconds to reach Lambda. */
  onAws: boolean;
  /** How often to poll for a state change. */
  pollMs: number;
}

export const WAIT_MS = 300_000;
