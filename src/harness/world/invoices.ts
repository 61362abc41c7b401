import type { ResultsBucket, StoredObject } from "../bucket.ts";
import { eventually } from "../eventually.ts";
import { Remembered } from "./remembered.ts";
import type { Scenario } from "./scenario.ts";

/** The invoices the task function writes to the results bucket. */
export class Invoices {
  private readonly scenario: Scenario;
  private readonly bucket: ResultsBucket;
  private readonly firstSeen = new Remembered<StoredObject>("the invoice as it first appeared");

  constructor(scenario: Scenario, bucket: ResultsBucket) {
    this.scenario = scenario;
    this.bucket = bucket;
  }

  read(orderId = this.scenario.orderId) {
    return this.bucket.read(`invoices/${orderId}.json`);
  }

  /** Waits for the invoice, and shows it in the report under the step. */
  async expectPresent(orderId = this.scenario.orderId): Promise<StoredObject> {
    const invoice = await eventually(() => this.read(orderId), {
      timeout: this.scenario.patience.settle,
      what: `the invoice for ${orderId}`,
    });
    this.scenario.attachJson(`invoice of ${orderId} (${invoice.key})`, invoice.json);
    return invoice;
  }

  /** Waits for the invoice and keeps it for `expectExactlyOneUnchanged`. */
  async expectPresentAndRemember(): Promise<void> {
    this.firstSeen.set(await this.expectPresent());
  }

  /** One look: the caller has proven that no invoice can still come (see World.expectNoInvoice). */
  async expectNone(orderId = this.scenario.orderId): Promise<void> {
    expect(await this.read(orderId)).toBeUndefined();
  }

  /** One invoice, the very one seen before: same content, same version. */
  async expectExactlyOneUnchanged(): Promise<void> {
    const orderId = this.scenario.orderId;
    expect(await this.bucket.keysStartingWith(`invoices/${orderId}`)).toEqual([
      `invoices/${orderId}.json`,
    ]);
    const now = await this.read(orderId);
    if (now) this.scenario.attachJson(`invoice of ${orderId} (${now.key})`, now.json);
    expect(now).toEqual(this.firstSeen.get());
  }

  /** Lines as a person reads them: product, quantity, unit price, line total. */
  async expectLines(rows: Record<string, string>[]): Promise<void> {
    const invoice = (await this.expectPresent()).json as { lines: unknown[] };
    expect(invoice.lines).toEqual(
      rows.map((r) => ({
        name: r.product,
        quantity: Number(r.quantity),
        unit_price: r["unit price"],
        line_total: r["line total"],
      })),
    );
  }

  async expectAmounts(amounts: { subtotal: string; discount: string; total: string }) {
    const invoice = (await this.expectPresent()).json as {
      subtotal: string;
      discount: { amount: string };
      total: string;
    };
    expect({
      subtotal: invoice.subtotal,
      discount: invoice.discount.amount,
      total: invoice.total,
    }).toEqual(amounts);
  }
}
