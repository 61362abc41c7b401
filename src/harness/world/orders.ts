import type { ApiClient, ApiResponse } from "../api-client.ts";
import type { OrderLine } from "../catalogue.ts";
import { eventually } from "../eventually.ts";
import { invalidOrder } from "../order-samples.ts";
import type { CustomerTokens } from "./customer-tokens.ts";
import type { Scenario } from "./scenario.ts";

/** The customer's orders, through the API, and what the API answered. */
export class Orders {
  private readonly scenario: Scenario;
  private readonly api: ApiClient;
  private readonly tokens: CustomerTokens;
  /** The API's last answer. */
  private response: ApiResponse | undefined;
  /** Orders the API answered with a 4xx when they were submitted: it never queued them. */
  private readonly refused = new Set<string>();

  constructor(scenario: Scenario, api: ApiClient, tokens: CustomerTokens) {
    this.scenario = scenario;
    this.api = api;
    this.tokens = tokens;
  }

  /** Places an order through the API as `as` (the customer when absent), a fresh id each time. */
  async place(lines: OrderLine[], options: { promoCode?: string; as?: string } = {}) {
    const orderId = this.aboutNewOrder();
    const body = {
      order_id: orderId,
      items: lines,
      ...(options.promoCode ? { promo_code: options.promoCode } : {}),
    };
    return this.submitted(orderId, this.api.submitOrder(await this.tokens.of(options.as), body));
  }

  /** Sends one of the sample invalid orders (order-samples.ts) for the API to judge. */
  async submitInvalid(problem: string) {
    const orderId = this.aboutNewOrder();
    const body = invalidOrder(problem, orderId);
    return this.submitted(orderId, this.api.submitOrder(await this.tokens.of(undefined), body));
  }

  async lookUp(orderId: string) {
    return this.answered(this.api.orderStatus(await this.tokens.of(undefined), orderId));
  }

  /** 401 with a Bearer challenge, and nothing about the order. */
  expectUnauthenticated(): void {
    expect({
      status: this.response?.status,
      challenge: this.response?.headers["www-authenticate"],
    }).toEqual({ status: 401, challenge: expect.stringMatching(/^Bearer/) });
  }

  /** 400 problem+json whose errors name `field`. */
  expectInvalid(field: string): void {
    expect(this.response?.status).toBe(400);
    const errors = (this.response?.body as { errors?: { path: string }[] }).errors ?? [];
    expect(errors.map((e) => e.path)).toContain(field);
  }

  expectAccepted(): void {
    expect(this.response?.status).toBe(202);
    expect(this.response?.body).toMatchObject({
      order_id: this.scenario.orderId,
      status: "QUEUED",
    });
  }

  /** The API's answer was a refusal with this status that says `mentioning`. */
  expectRefused(status: number, mentioning?: string): void {
    expect({ status: this.response?.status, body: this.response?.body }).toMatchObject({ status });
    if (mentioning !== undefined) expect(JSON.stringify(this.response?.body)).toContain(mentioning);
  }

  wasRefused(orderId = this.scenario.orderId): boolean {
    return this.refused.has(orderId);
  }

  /** The API knows nothing of the order: its status is 404 to the customer who sent it. */
  async expectUnknown(orderId = this.scenario.orderId): Promise<void> {
    const res = await this.api.orderStatus(await this.tokens.signIn(), orderId);
    expect({ order: orderId, status: res.status }).toEqual({ order: orderId, status: 404 });
  }

  /** Waits until GET /orders/{id} shows `status` (and whatever else is given). */
  expectStatus(status: string, details: Record<string, unknown> = {}) {
    const orderId = this.scenario.orderId;
    return eventually(
      async () => {
        const res = await this.api.orderStatus(await this.tokens.signIn(), orderId);
        // One assertion over status and body, so a refusal shows its problem+json in the diff.
        expect({ status: res.status, body: res.body }).toMatchObject({
          status: 200,
          body: { status, ...details },
        });
        return res.body;
      },
      {
        timeout: this.scenario.patience.deadLetter,
        interval: "100ms",
        what: `order ${orderId} to show status ${status}`,
      },
    );
  }

  private aboutNewOrder(): string {
    this.scenario.orderId = this.scenario.newOrderId();
    return this.scenario.orderId;
  }

  private async submitted(orderId: string, pending: Promise<ApiResponse>): Promise<ApiResponse> {
    const response = await this.answered(pending);
    if (response.status >= 400 && response.status < 500) this.refused.add(orderId);
    return response;
  }

  private async answered(pending: Promise<ApiResponse>): Promise<ApiResponse> {
    this.response = await pending;
    return this.response;
  }
}
