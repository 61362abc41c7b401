import { randomBytes } from "node:crypto";
import { createClients, destroyClients, type AwsClients } from "../aws/clients.ts";
import { ApiClient, type ApiResponse } from "./api-client.ts";
import { ResultsBucket } from "./bucket.ts";
import { EventSources } from "./event-sources.ts";
import { eventually, staysAbsent } from "./eventually.ts";
import type { DurationLike } from "./duration.ts";
import { FunctionLogs } from "./function-logs.ts";
import { QueuePeek, type PeekedMessage } from "./queue-peek.ts";
import { readRunFile, type RunFile } from "./run-file.ts";
import { QueueProducer } from "./task-queue-producer.ts";
import { invalidOrder } from "./order-samples.ts";
import { forgeToken } from "./tokens.ts";

export interface OrderLine {
  name: string;
  price: number;
  quantity: number;
}

/** The products the scenarios talk about, with their prices in the shop's currency. */
export const catalogue: Record<string, { name: string; price: number }> = {
  laptop: { name: "Laptop", price: 999.99 },
  mouse: { name: "Mouse", price: 24.99 },
  keyboard: { name: "Keyboard", price: 49.5 },
  monitor: { name: "Monitor", price: 189 },
};

const numbers: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5 };

/** "a laptop and two mice" → lines of the catalogue. */
export function linesFromWords(words: string): OrderLine[] {
  return words
    .split(/\s*(?:,|\band\b)\s*/)
    .filter(Boolean)
    .map((part) => {
      const match = /^(\w+)\s+(\w+?)(?:s|ice)?$/.exec(part.trim().replace(/mice$/, "mouse"));
      const quantity = numbers[match?.[1] ?? ""] ?? Number(match?.[1]);
      const product = catalogue[match?.[2] ?? ""];
      if (!match || !product || !Number.isInteger(quantity))
        throw new Error(`no product in the catalogue for "${part}"`);
      return { name: product.name, price: product.price, quantity };
    });
}

/** How long the pipeline may take: LocalStack starts a container per function on first use. */
function patience(run: RunFile): { settle: DurationLike; deadLetter: DurationLike } {
  return run.backend === "embedded"
    ? { settle: "15s", deadLetter: "30s" }
    : { settle: "90s", deadLetter: "120s" };
}

let sequence = 0;

/**
 * Everything one scenario knows and does. A fresh world per scenario: its own customers and
 * order ids, so scenarios never see each other's orders and can run side by side.
 */
export class World {
  readonly run: RunFile;
  readonly api: ApiClient;
  readonly clients: AwsClients;
  readonly bucket: ResultsBucket;
  readonly logs: FunctionLogs;
  readonly peek: QueuePeek;
  readonly producer: QueueProducer;
  readonly triggers: EventSources;
  readonly tag: string;
  readonly customer: string;
  readonly otherCustomer: string;
  /** The order the scenario is about. */
  orderId = "";
  /** Orders in play, by role: "good", "poison". */
  readonly ordersByRole = new Map<string, string[]>();
  /** The API's last answer. */
  response: ApiResponse | undefined;
  /** What the scenario remembered to compare with later. */
  readonly remembered = new Map<string, unknown>();
  private readonly tokens = new Map<string, string>();
  /** A token the scenario chose for the customer (null: none at all), instead of signing in. */
  private chosenToken: string | null | undefined;
  private readonly cleanups: (() => Promise<void>)[] = [];

  constructor(run: RunFile) {
    this.run = run;
    this.tag = `${Date.now().toString(36)}${(sequence++).toString(36)}${randomBytes(3).toString("hex")}`;
    this.customer = `customer-${this.tag}`;
    this.otherCustomer = `other-${this.tag}`;
    this.api = new ApiClient(run.apiUrl);
    this.clients = createClients({
      region: run.region,
      ...(run.endpoint
        ? { endpoint: run.endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" } }
        : {}),
    });
    this.bucket = new ResultsBucket(this.clients.s3, run.names.bucket);
    this.logs = new FunctionLogs(this.clients.logs);
    this.peek = new QueuePeek(run.queuePeek, run.endpoint, this.clients.sqs);
    this.producer = new QueueProducer(this.clients.sqs, run.names.taskQueue);
    this.triggers = new EventSources(this.clients.lambda);
  }

  static async create(): Promise<World> {
    return new World(await readRunFile());
  }

  get patience() {
    return patience(this.run);
  }

  newOrderId(): string {
    return `ORD-${this.tag}-${(sequence++).toString(36)}`;
  }

  /** Runs after the scenario, pass or fail: what a step changed globally is put back. */
  onCleanup(fn: () => Promise<void>): void {
    this.cleanups.push(fn);
  }

  async dispose(): Promise<void> {
    const errors: unknown[] = [];
    for (const fn of this.cleanups.reverse()) await fn().catch((e: unknown) => errors.push(e));
    await this.api.close();
    destroyClients(this.clients);
    if (errors.length > 0)
      throw new AggregateError(errors, "cleaning up after the scenario failed");
  }

  async tokenFor(userId: string): Promise<string> {
    const known = this.tokens.get(userId);
    if (known) return known;
    const token = await this.api.tokenFor(userId);
    this.tokens.set(userId, token);
    return token;
  }

  /** From now on the customer calls the API with this token, or with none (null). */
  useToken(token: string | null): void {
    this.chosenToken = token;
  }

  private async customerToken(as: string | undefined): Promise<string | undefined> {
    if (as === undefined && this.chosenToken !== undefined) return this.chosenToken ?? undefined;
    return this.tokenFor(as ?? this.customer);
  }

  /** Checks `check` for every order of a role, all at once. */
  async expectEach(role: string, check: (orderId: string) => Promise<unknown>): Promise<void> {
    await Promise.all(this.ordersIn(role).map(check));
  }

  expiredToken(userId = this.customer): Promise<string> {
    return forgeToken({ userId, secret: this.run.jwtSecret, expiresIn: -60 });
  }

  tokenSignedElsewhere(userId = this.customer): Promise<string> {
    return forgeToken({ userId, secret: randomBytes(32).toString("hex"), expiresIn: 600 });
  }

  // ---- the customer, through the API ------------------------------------------------------

  readonly orders = {
    /** Places an order through the API as `customer` (a fresh order id each time). */
    place: async (
      lines: OrderLine[],
      options: { promoCode?: string; as?: string } = {},
    ): Promise<ApiResponse> => {
      this.orderId = this.newOrderId();
      const token = await this.customerToken(options.as);
      const body = {
        order_id: this.orderId,
        items: lines,
        ...(options.promoCode ? { promo_code: options.promoCode } : {}),
      };
      this.response = await this.api.submitOrder(token, body);
      return this.response;
    },

    /** Sends one of the sample invalid orders (order-samples.ts) for the API to judge. */
    submitInvalid: async (problem: string): Promise<ApiResponse> => {
      this.orderId = this.newOrderId();
      const body = invalidOrder(problem, this.orderId);
      this.response = await this.api.submitOrder(await this.customerToken(undefined), body);
      return this.response;
    },

    lookUp: async (orderId: string): Promise<ApiResponse> => {
      this.response = await this.api.orderStatus(await this.customerToken(undefined), orderId);
      return this.response;
    },

    /** 401 with a Bearer challenge, and nothing about the order. */
    expectUnauthenticated: (): void => {
      expect({
        status: this.response?.status,
        challenge: this.response?.headers["www-authenticate"],
      }).toEqual({
        status: 401,
        challenge: expect.stringMatching(/^Bearer/),
      });
    },

    /** 400 problem+json whose errors name `field`. */
    expectInvalid: (field: string): void => {
      expect(this.response?.status).toBe(400);
      const errors = (this.response?.body as { errors?: { path: string }[] }).errors ?? [];
      expect(errors.map((e) => e.path)).toContain(field);
    },

    expectAccepted: (): void => {
      expect(this.response?.status).toBe(202);
      expect(this.response?.body).toMatchObject({ order_id: this.orderId, status: "QUEUED" });
    },

    /** The API's answer was a refusal with this status that says `mentioning`. */
    expectRefused: (status: number, mentioning?: string): void => {
      expect({ status: this.response?.status, body: this.response?.body }).toMatchObject({
        status,
      });
      if (mentioning !== undefined)
        expect(JSON.stringify(this.response?.body)).toContain(mentioning);
    },

    status: async (orderId = this.orderId, as = this.customer): Promise<ApiResponse> =>
      this.api.orderStatus(await this.tokenFor(as), orderId),

    /** Waits until GET /orders/{id} shows `status` (and whatever else is given). */
    expectStatus: async (
      status: string,
      details: Record<string, unknown> = {},
      orderId = this.orderId,
    ) =>
      eventually(
        async () => {
          const res = await this.orders.status(orderId);
          // One assertion over status and body, so a refusal shows its problem+json in the diff.
          expect({ status: res.status, body: res.body }).toMatchObject({
            status: 200,
            body: { status, ...details },
          });
          return res.body;
        },
        {
          timeout: this.patience.deadLetter,
          interval: "100ms",
          what: `order ${orderId} to show status ${status}`,
        },
      ),
  };

  // ---- what the system left behind ----------------------------------------------------------

  readonly invoices = {
    read: (orderId = this.orderId) => this.bucket.read(`invoices/${orderId}.json`),

    expectPresent: async (orderId = this.orderId) =>
      eventually(() => this.invoices.read(orderId), {
        timeout: this.patience.settle,
        what: `the invoice for ${orderId}`,
      }),

    expectAbsent: (orderId = this.orderId, options: { for: DurationLike } = { for: "2s" }) =>
      staysAbsent(() => this.invoices.read(orderId), {
        ...options,
        what: `an invoice for ${orderId}`,
      }),

    expectExactlyOne: async (orderId = this.orderId): Promise<void> => {
      expect(await this.bucket.keysStartingWith(`invoices/${orderId}`)).toEqual([
        `invoices/${orderId}.json`,
      ]);
    },

    /** One invoice, the very one seen before: same content, same version. */
    expectExactlyOneUnchanged: async (before: unknown, orderId = this.orderId): Promise<void> => {
      await this.invoices.expectExactlyOne(orderId);
      expect(await this.invoices.read(orderId)).toEqual(before);
    },

    /** Lines as a person reads them: product, quantity, unit price, line total. */
    expectLines: async (rows: Record<string, string>[], orderId = this.orderId): Promise<void> => {
      const invoice = (await this.invoices.expectPresent(orderId)).json as { lines: unknown[] };
      expect(invoice.lines).toEqual(
        rows.map((r) => ({
          name: r.product,
          quantity: Number(r.quantity),
          unit_price: r["unit price"],
          line_total: r["line total"],
        })),
      );
    },

    expectAmounts: async (
      amounts: { subtotal?: string; discount?: string; total?: string },
      orderId = this.orderId,
    ): Promise<void> => {
      const invoice = (await this.invoices.expectPresent(orderId)).json as {
        subtotal: string;
        discount: { amount: string };
        total: string;
      };
      expect({
        subtotal: invoice.subtotal,
        discount: invoice.discount.amount,
        total: invoice.total,
      }).toEqual(amounts);
    },
  };

  readonly notifications = {
    expectSent: async (orderId = this.orderId) =>
      eventually(() => this.bucket.read(`notifications/${orderId}.json`), {
        timeout: this.patience.settle,
        what: `the notification for ${orderId}`,
      }),

    /** One outbox entry, written once: the notification function completed the order once. */
    expectExactlyOnce: async (orderId = this.orderId): Promise<void> => {
      // The notification is written after the invoice: wait for it before counting.
      await this.notifications.expectSent(orderId);
      expect(await this.bucket.keysStartingWith(`notifications/${orderId}`)).toEqual([
        `notifications/${orderId}.json`,
      ]);
      const written = () =>
        this.logs.count(this.run.names.functions.notification, orderId, /notification written/);
      await eventually(async () => ((await written()) >= 1 ? true : undefined), {
        timeout: this.patience.settle,
        what: `the log line of the notification for ${orderId}`,
      });
      await staysAbsent(
        async () => {
          const count = await written();
          return count === 1 ? undefined : count;
        },
        { for: "1s", what: `a notification count other than 1 for ${orderId}` },
      );
    },
  };

  readonly failures = {
    expectRecorded: async (orderId = this.orderId) =>
      eventually(() => this.bucket.read(`failed/${orderId}.json`), {
        timeout: this.patience.deadLetter,
        what: `the failure record for ${orderId}`,
      }),

    expectAbsent: (orderId = this.orderId, options: { for: DurationLike } = { for: "2s" }) =>
      staysAbsent(() => this.bucket.read(`failed/${orderId}.json`), {
        ...options,
        what: `a failure record for ${orderId}`,
      }),
  };

  // ---- the queues and the functions -----------------------------------------------------------

  /** A task-queue message for an order, as the API would write it (the API is bypassed). */
  orderMessage(orderId: string, lines: OrderLine[], extra: Record<string, unknown> = {}) {
    return {
      order_id: orderId,
      user_id: this.customer,
      items: lines,
      submitted_at: new Date().toISOString(),
      ...extra,
    };
  }

  /**
   * Another producer than the API (an importer, a partner system): it records the order as
   * received, as the API does, and queues it, but does not check it first.
   */
  readonly producerBypassingTheApi = {
    queue: async (lines: OrderLine[], role = "order"): Promise<string> => {
      const orderId = this.newOrderId();
      // The dead-letter statistics are global: the scenario compares with what they said before.
      this.remembered.set("dlq stats before", await this.dlq.stats());
      await this.recordAsReceived(orderId, lines);
      await this.producer.send(this.orderMessage(orderId, lines));
      this.remember(role, orderId);
      this.orderId = orderId;
      return orderId;
    },

    /** All in one SendMessageBatch, so the task function is likely to get them in one batch. */
    queueTogether: async (orders: { lines: OrderLine[]; role: string }[]): Promise<void> => {
      const ids = orders.map(() => this.newOrderId());
      await Promise.all(ids.map((id, i) => this.recordAsReceived(id, orders[i]?.lines ?? [])));
      await this.producer.sendTogether(
        ids.map((id, i) => this.orderMessage(id, orders[i]?.lines ?? [])),
      );
      ids.forEach((id, i) => this.remember(orders[i]?.role ?? "order", id));
    },

    /** The same order message again, as SQS may deliver it (at-least-once). */
    redeliver: async (orderId = this.orderId): Promise<void> => {
      const record = await this.bucket.read(`orders/${orderId}.json`);
      if (!record) throw new Error(`no record of order ${orderId} to deliver again`);
      await this.producer.send(record.json);
    },
  };

  private async recordAsReceived(orderId: string, lines: OrderLine[]): Promise<void> {
    const message = this.orderMessage(orderId, lines);
    await this.bucket.createJson(`orders/${orderId}.json`, { ...message, promo_code: null });
  }

  remember(role: string, orderId: string): void {
    this.ordersByRole.set(role, [...(this.ordersByRole.get(role) ?? []), orderId]);
  }

  ordersIn(role: string): string[] {
    const ids = this.ordersByRole.get(role) ?? [];
    if (ids.length === 0) throw new Error(`the scenario has no ${role} orders`);
    return ids;
  }

  private messagesAbout(messages: PeekedMessage[], orderId: string): PeekedMessage[] {
    return messages.filter((m) => m.body.includes(`"${orderId}"`));
  }

  readonly dlq = {
    /** Waits until the dead-letter queue holds the order's message, and returns it. */
    expectHolding: async (orderId = this.orderId) =>
      eventually(
        async () => this.messagesAbout(await this.peek.peek(this.run.names.dlq), orderId)[0],
        {
          timeout: this.patience.deadLetter,
          interval: "100ms",
          what: `the dead-letter queue to hold ${orderId}`,
        },
      ),

    expectNotHolding: async (orderId = this.orderId) =>
      eventually(
        async () =>
          this.messagesAbout(await this.peek.peek(this.run.names.dlq), orderId).length === 0
            ? true
            : undefined,
        { timeout: this.patience.settle, what: `the dead-letter queue to let go of ${orderId}` },
      ),

    stats: async () => {
      const res = await this.api.dlqStats(await this.tokenFor(this.customer));
      expect(res.status).toBe(200);
      return res.body as { waiting: number; in_flight: number; recorded_for_review: number };
    },

    /** The statistics went up by at least one since the order was queued. */
    expectOneMore: async (field: "waiting" | "in_flight" | "recorded_for_review") => {
      const before = this.remembered.get("dlq stats before") as Record<string, number> | undefined;
      if (!before)
        throw new Error("the scenario queued no order whose statistics it could compare");
      const after = await eventually(
        async () => {
          const now = await this.dlq.stats();
          return now[field] >= (before[field] ?? 0) + 1 ? now : undefined;
        },
        {
          timeout: this.patience.settle,
          what: `the dead-letter statistics to count one more ${field}`,
        },
      );
      expect(after[field]).toBeGreaterThanOrEqual((before[field] ?? 0) + 1);
    },
  };

  readonly taskFunction = {
    /** Every invocation of task_lambda logs one line naming the order: its attempts. */
    attempts: async (orderId = this.orderId) =>
      (await this.logs.linesAbout(this.run.names.functions.task, orderId)).length,

    expectAttempts: async (count: number, orderId = this.orderId) =>
      eventually(
        async () => {
          expect(await this.taskFunction.attempts(orderId)).toBe(count);
          return count;
        },
        {
          timeout: this.patience.deadLetter,
          interval: "100ms",
          what: `task_lambda to have tried ${orderId} ${count} times`,
        },
      ),

    /** The count holds for the whole window: no further attempt comes. */
    expectAttemptsStay: async (count: number, options: { for: DurationLike; orderId?: string }) => {
      const orderId = options.orderId ?? this.orderId;
      await this.taskFunction.expectAttempts(count, orderId);
      await staysAbsent(
        async () => {
          const attempts = await this.taskFunction.attempts(orderId);
          return attempts === count ? undefined : attempts;
        },
        { for: options.for, what: `an attempt count other than ${count} for ${orderId}` },
      );
    },
  };

  readonly dlqProcessor = {
    pause: async () => {
      await this.triggers.setEnabled(this.run.names.functions.dlqProcessor, false);
      this.onCleanup(() => this.triggers.setEnabled(this.run.names.functions.dlqProcessor, true));
    },
    resume: () => this.triggers.setEnabled(this.run.names.functions.dlqProcessor, true),
  };
}
