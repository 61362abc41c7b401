import type { ResultsBucket, StoredObject } from "../bucket.ts";
import { eventually } from "../eventually.ts";
import type { Scenario } from "./scenario.ts";

/** The failure records the dead-letter processor writes for manual review. */
export class Failures {
  private readonly scenario: Scenario;
  private readonly bucket: ResultsBucket;

  constructor(scenario: Scenario, bucket: ResultsBucket) {
    this.scenario = scenario;
    this.bucket = bucket;
  }

  /** Waits for the failure record, and shows it in the report under the step. */
  async expectRecorded(orderId = this.scenario.orderId): Promise<StoredObject> {
    const record = await eventually(() => this.bucket.read(`failed/${orderId}.json`), {
      timeout: this.scenario.patience.deadLetter,
      what: `the failure record for ${orderId}`,
    });
    this.scenario.attachJson(`failure record of ${orderId} (${record.key})`, record.json);
    return record;
  }

  /** One look: the caller has proven that no record can be written meanwhile. */
  async expectNone(orderId = this.scenario.orderId): Promise<void> {
    expect(await this.bucket.read(`failed/${orderId}.json`)).toBeUndefined();
  }
}
