import { Agent, request } from "undici";

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON when the answer is JSON (problem+json included), else the text. */
  body: unknown;
}

/** The orderflow API as a client sees it: plain HTTP over undici, no knowledge of the server. */
export class ApiClient {
  readonly baseUrl: string;
  private readonly dispatcher: Agent;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/$/, "");
    this.dispatcher = new Agent({ connections: 8 });
  }

  async call(
    method: "GET" | "POST",
    path: string,
    options: { token?: string; json?: unknown } = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.json !== undefined) headers["content-type"] = "application/json";
    const res = await request(`${this.baseUrl}${path}`, {
      method,
      headers,
      dispatcher: this.dispatcher,
      ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
    });
    const text = await res.body.text();
    const type = String(res.headers["content-type"] ?? "");
    const body = type.includes("json") && text !== "" ? JSON.parse(text) : text;
    return { status: res.statusCode, headers: res.headers, body };
  }

  /** A token for a customer, the way a client gets one. */
  async tokenFor(userId: string): Promise<string> {
    const res = await this.call("POST", "/token", { json: { user_id: userId } });
    if (res.status !== 200)
      throw new Error(`POST /token answered ${res.status}: ${JSON.stringify(res.body)}`);
    const token = (res.body as { access_token?: unknown }).access_token;
    if (typeof token !== "string")
      throw new Error(`POST /token gave no access_token: ${JSON.stringify(res.body)}`);
    return token;
  }

  submitOrder(token: string | undefined, order: unknown): Promise<ApiResponse> {
    return this.call("POST", "/orders", { json: order, ...(token !== undefined ? { token } : {}) });
  }

  orderStatus(token: string | undefined, orderId: string): Promise<ApiResponse> {
    return this.call(
      "GET",
      `/orders/${encodeURIComponent(orderId)}`,
      token !== undefined ? { token } : {},
    );
  }

  dlqStats(token: string): Promise<ApiResponse> {
    return this.call("GET", "/dlq/stats", { token });
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
