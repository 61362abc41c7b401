import { randomBytes } from "node:crypto";
import type { DurationLike } from "../duration.ts";
import type { Attachment } from "../report/step-log.ts";
import type { RunFile } from "../run-file.ts";

/** How long the pipeline may take: LocalStack starts a container per function on first use. */
export interface Patience {
  settle: DurationLike;
  deadLetter: DurationLike;
}

/** The parts an order plays in a scenario that has several. */
export type Role = "good" | "poison";

let sequence = 0;

/**
 * What every facet of one scenario shares: the run, its own customers and order ids (so
 * scenarios never see each other's orders and can run side by side), the order it is about,
 * and what to put back when it ends.
 */
export class Scenario {
  readonly run: RunFile;
  readonly tag: string;
  readonly customer: string;
  readonly otherCustomer: string;
  readonly patience: Patience;
  /** When the scenario began (epoch ms): nothing it caused can be older. */
  readonly startedAt = Date.now();
  /** The order the scenario is about. */
  orderId = "";
  private readonly byRole = new Map<Role, string[]>();
  private readonly cleanups: (() => Promise<void>)[] = [];
  private attachments: Attachment[] = [];

  constructor(run: RunFile) {
    this.run = run;
    this.tag = `${Date.now().toString(36)}${(sequence++).toString(36)}${randomBytes(3).toString("hex")}`;
    this.customer = `customer-${this.tag}`;
    this.otherCustomer = `other-${this.tag}`;
    this.patience =
      run.backend === "embedded"
        ? { settle: "15s", deadLetter: "30s" }
        : { settle: "90s", deadLetter: "120s" };
  }

  newOrderId(): string {
    return `ORD-${this.tag}-${(sequence++).toString(36)}`;
  }

  remember(role: Role, orderId: string): void {
    this.byRole.set(role, [...(this.byRole.get(role) ?? []), orderId]);
  }

  ordersIn(role: Role): string[] {
    const ids = this.byRole.get(role) ?? [];
    if (ids.length === 0) throw new Error(`the scenario has no ${role} orders`);
    return ids;
  }

  /** Checks `check` for every order of a role, all at once. */
  async expectEach(role: Role, check: (orderId: string) => Promise<unknown>): Promise<void> {
    await Promise.all(this.ordersIn(role).map(check));
  }

  /** Every order the scenario has made, the one it is about first. */
  orderIds(): string[] {
    return [...new Set([this.orderId, ...[...this.byRole.values()].flat()])].filter(Boolean);
  }

  /** Shows `value` (an artefact a check looked at) under the current step in the report. */
  attachJson(name: string, value: unknown): void {
    this.attachments.push({
      name,
      mediaType: "application/json",
      body: JSON.stringify(value, null, 2),
    });
  }

  /** What was attached since the last call. */
  takeAttachments(): Attachment[] {
    const taken = this.attachments;
    this.attachments = [];
    return taken;
  }

  /** Runs after the scenario, pass or fail: what a step changed globally is put back. */
  onCleanup(fn: () => Promise<void>): void {
    this.cleanups.push(fn);
  }

  /** Runs every cleanup, the last registered first, and reports all that failed. */
  protected async cleanUp(): Promise<void> {
    const errors: unknown[] = [];
    for (const fn of this.cleanups.reverse()) await fn().catch((e: unknown) => errors.push(e));
    if (errors.length > 0)
      throw new AggregateError(errors, "cleaning up after the scenario failed");
  }
}
