import type { ResultsBucket } from "../bucket.ts";
import type { DurationLike } from "../duration.ts";
import { eventually, staysAbsent } from "../eventually.ts";
import type { Scenario } from "./scenario.ts";

/** The failure records the dead-letter processor writes for manual review. */
export class Failures {
  private readonly scenario: Scenario;
  private readonly bucket: ResultsBucket;

  constructor(scenario: Scenario, bucket: ResultsBucket) {
    this.scenario = scenario;
    this.bucket = bucket;
  }

  expectRecorded(orderId = this.scenario.orderId) {
    return eventually(() => this.bucket.read(`failed/${orderId}.json`), {
      timeout: this.scenario.patience.deadLetter,
      what: `the failure record for ${orderId}`,
    });
  }

  expectAbsent(orderId = this.scenario.orderId, options: { for: DurationLike } = { for: "2s" }) {
    return staysAbsent(() => this.bucket.read(`failed/${orderId}.json`), {
      ...options,
      what: `a failure record for ${orderId}`,
    });
  }
}
