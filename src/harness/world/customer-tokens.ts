import { randomBytes } from "node:crypto";
import type { ApiClient } from "../api-client.ts";
import { forgeToken } from "../tokens.ts";
import type { Scenario } from "./scenario.ts";

/** The tokens customers hold: signed in through the API, or chosen by the scenario. */
export class CustomerTokens {
  private readonly scenario: Scenario;
  private readonly api: ApiClient;
  private readonly signedIn = new Map<string, string>();
  /** A token the scenario chose for the customer (null: none at all), instead of signing in. */
  private chosen: string | null | undefined;

  constructor(scenario: Scenario, api: ApiClient) {
    this.scenario = scenario;
    this.api = api;
  }

  /** Signs `userId` in once per scenario and keeps the token. */
  async signIn(userId = this.scenario.customer): Promise<string> {
    const known = this.signedIn.get(userId);
    if (known) return known;
    const token = await this.api.tokenFor(userId);
    this.signedIn.set(userId, token);
    return token;
  }

  /** From now on the customer calls the API with this token, or with none (null). */
  use(token: string | null): void {
    this.chosen = token;
  }

  /** What `as` (the customer when absent) sends: the chosen token, or a signed-in one. */
  async of(as: string | undefined): Promise<string | undefined> {
    if (as === undefined && this.chosen !== undefined) return this.chosen ?? undefined;
    return this.signIn(as ?? this.scenario.customer);
  }

  expired(userId = this.scenario.customer): Promise<string> {
    return forgeToken({ userId, secret: this.scenario.run.jwtSecret, expiresIn: -60 });
  }

  signedElsewhere(userId = this.scenario.customer): Promise<string> {
    return forgeToken({ userId, secret: randomBytes(32).toString("hex"), expiresIn: 600 });
  }
}
