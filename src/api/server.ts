import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { Duplex } from "node:stream";
import {
  ValidationError,
  type ValidationIssue,
  formatCents,
  fromZodIssues,
  hasAtMostTwoDecimals,
  orderIdSchema,
  parseOrderRequest,
  plainErrors,
  toCents,
  toOrderMessage,
} from "../domain/index.ts";
import { authenticate, issueToken } from "./auth.ts";
import { DOCS_CSP, docsAsset } from "./docs.ts";
import { readJson } from "./json-body.ts";
import { buildOpenApi } from "./openapi.ts";
import { HttpError, fail, rawProblemResponse, sendJson, sendProblem } from "./problem.ts";
import { type RateLimiter, createRateLimiter } from "./rate-limit.ts";
import { type OrderRecord, type OrderStatus, tokenRequestSchema } from "./schemas.ts";
import { RECONCILE_DEFAULTS, type ReconcilerOptions, startReconciler } from "./reconciler.ts";
import { messageOf, sameOrder } from "./record-message.ts";
import { type ApiDeps, type LogLine, jsonLineLogger } from "./types.ts";

interface Context {
  deps: ApiDeps;
  limiter: RateLimiter;
  log: (line: LogLine) => void;
  now: () => number;
  openapi: string;
}

interface Request {
  req: IncomingMessage;
  res: ServerResponse;
  params: string[];
  query: URLSearchParams;
  /** Filled in for logging once known. */
  notes: Record<string, unknown>;
}

type Handler = (ctx: Context, r: Request) => Promise<void>;

interface Route {
  pattern: RegExp;
  methods: Record<string, Handler>;
}

function invalid(issues: ValidationIssue[], detail: string): never {
  return fail(400, "validation-error", "Your request is not valid", detail, {}, { errors: issues });
}

/** Seconds a client is asked to wait when S3 or SQS still fails after the SDK's retries. */
export const RETRY_AFTER_SECONDS = 2;

/** A backing service failed: the client did nothing wrong and may retry. */
async function dependency<T>(ctx: Context, what: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    ctx.log({ level: "error", msg: `${what} failed`, error: String(error) });
    return fail(503, "unavailable", "Service Unavailable", `${what} is unavailable, retry later`, {
      "retry-after": String(RETRY_AFTER_SECONDS),
    });
  }
}

/** Authenticates, then charges the user's rate-limit bucket; both before the body is read. */
function authed(handler: (ctx: Context, r: Request, userId: string) => Promise<void>): Handler {
  return async (ctx, r) => {
    const userId = await authenticate(r.req, r.query, ctx.deps.auth, ctx.now());
    r.notes.user_id = userId;
    const verdict = ctx.limiter.take(userId, ctx.now());
    if (!verdict.allowed) {
      const seconds = String(verdict.retryAfterSeconds);
      fail(429, "rate-limited", "Too Many Requests", `retry after ${seconds} s`, {
        "retry-after": seconds,
      });
    }
    await handler(ctx, r, userId);
  };
}

const postToken: Handler = async (ctx, r) => {
  const parsed = tokenRequestSchema.safeParse(await readJson(r.req), { error: plainErrors });
  if (!parsed.success) {
    const error = new ValidationError(fromZodIssues(parsed.error.issues));
    invalid(error.issues, error.message);
  }
  const { auth } = ctx.deps;
  const token = await issueToken(auth, parsed.data.user_id, ctx.now());
  sendJson(r.res, 200, { access_token: token, token_type: "Bearer", expires_in: auth.ttlSeconds });
};

/**
 * The order_id is taken: a client's retry of the same order, still waiting, is accepted again
 * (its message goes again, which the task function's create-once invoice makes harmless);
 * anything else is a conflict. Answers the stored record, whose message is the one to send.
 */
async function retriedOrder(ctx: Context, record: OrderRecord): Promise<OrderRecord> {
  const id = record.order_id;
  const conflict = () =>
    fail(409, "conflict", "Conflict", `an order with order_id ${id} already exists`);
  const stored = await dependency(ctx, "the order store", ctx.deps.orders.get(id));
  if (!stored || !sameOrder(stored, record)) return conflict();
  const progress = await dependency(ctx, "the order store", ctx.deps.orders.progress(id));
  if (progress.status !== "QUEUED") return conflict();
  return stored;
}

/** The test seam between the two writes; a rejection ends the request like a dead process. */
async function survivedSeam(ctx: Context, r: Request, orderId: string): Promise<boolean> {
  const seam = ctx.deps.betweenRecordAndMessage;
  if (!seam) return true;
  try {
    await seam(orderId);
    return true;
  } catch {
    r.req.socket.destroy();
    return false;
  }
}

/**
 * The record first (create-once, so the order_id is the order's idempotency key), then the
 * message. When the message cannot be sent the record stays: the answer is 503, the client's
 * retry sends it, and the reconciler does if nobody retries (see reconciler.ts).
 */
const postOrder = authed(async (ctx, r, userId) => {
  const parsed = parseOrderRequest(await readJson(r.req));
  if (!parsed.ok) invalid(parsed.error.issues, parsed.error.message);
  const order = { ...parsed.value, userId, submittedAt: new Date(ctx.now()).toISOString() };
  r.notes.order_id = order.orderId;
  const fresh: OrderRecord = {
    order_id: order.orderId,
    user_id: userId,
    submitted_at: order.submittedAt,
    items: toOrderMessage(order).items,
    promo_code: order.promoCode,
  };
  const { orders, queue } = ctx.deps;
  const created = await dependency(ctx, "the order store", orders.create(fresh));
  const record = created === "exists" ? await retriedOrder(ctx, fresh) : fresh;
  if (!(await survivedSeam(ctx, r, order.orderId))) return;
  await dependency(ctx, "the task queue", queue.enqueue(messageOf(record)));
  ctx.log({ level: "info", msg: "order accepted", order_id: order.orderId, user_id: userId });
  sendJson(
    r.res,
    202,
    { order_id: order.orderId, status: "QUEUED" },
    {
      location: `/orders/${order.orderId}`,
    },
  );
});

/**
 * A stored price (a JSON number, as the client sent it) as the decimal string every answer
 * uses. A producer that bypassed the API may have stored a number no client could send
 * (three decimals, say): that one is shown as it was sent, never rounded.
 */
export function priceText(price: number): string {
  return hasAtMostTwoDecimals(price) && Number.isSafeInteger(Math.round(price * 100))
    ? formatCents(toCents(price))
    : String(price);
}

const getOrder = authed(async (ctx, r, userId) => {
  const id = r.params[0] ?? "";
  // Another user's order answers exactly like a missing one, so IDs cannot be probed.
  const notFound: () => never = () => fail(404, "not-found", "Not Found", `no order ${id}`);
  if (!orderIdSchema.safeParse(id).success) notFound();
  r.notes.order_id = id;
  const record = await dependency(ctx, "the order store", ctx.deps.orders.get(id));
  if (!record || record.user_id !== userId) notFound();
  const progress = await dependency(ctx, "the order store", ctx.deps.orders.progress(id));
  const body: OrderStatus = {
    order_id: record.order_id,
    status: progress.status,
    submitted_at: record.submitted_at,
    items: record.items.map((item) => ({ ...item, price: priceText(item.price) })),
    promo_code: record.promo_code,
    ...(progress.status === "PROCESSED" ? { total: progress.total, currency: "USD" } : {}),
    ...(progress.status === "FAILED" ? { reason: progress.reason } : {}),
  };
  sendJson(r.res, 200, body);
});

const getDlqStats = authed(async (ctx, r) => {
  sendJson(r.res, 200, await dependency(ctx, "the dead-letter queue", ctx.deps.dlq.stats()));
});

const getDocs: Handler = async (_ctx, r) => {
  const asset = docsAsset(r.params[0] ?? "");
  if (!asset) fail(404, "not-found", "Not Found", "no such file");
  r.res.writeHead(200, {
    "content-type": asset.type,
    "content-length": asset.body.length,
    "content-security-policy": DOCS_CSP,
    "x-content-type-options": "nosniff",
    "cache-control": "public, max-age=3600",
  });
  r.res.end(asset.body);
};

const ROUTES: Route[] = [
  { pattern: /^\/token$/, methods: { POST: postToken } },
  { pattern: /^\/orders$/, methods: { POST: postOrder } },
  { pattern: /^\/orders\/([^/]+)$/, methods: { GET: getOrder } },
  { pattern: /^\/dlq\/stats$/, methods: { GET: getDlqStats } },
  {
    pattern: /^\/healthz$/,
    methods: { GET: async (_ctx, r) => sendJson(r.res, 200, { status: "ok" }) },
  },
  {
    pattern: /^\/openapi\.json$/,
    methods: {
      GET: async (ctx, r) => {
        r.res.writeHead(200, {
          "content-type": "application/json; charset=utf-8",
          "content-length": Buffer.byteLength(ctx.openapi),
        });
        r.res.end(ctx.openapi);
      },
    },
  },
  { pattern: /^\/docs\/?()$/, methods: { GET: getDocs } },
  { pattern: /^\/docs\/([A-Za-z0-9_.-]+)$/, methods: { GET: getDocs } },
];

function route(method: string, path: string): { handler: Handler; params: string[] } {
  for (const candidate of ROUTES) {
    const match = candidate.pattern.exec(path);
    if (!match) continue;
    const handler = candidate.methods[method];
    if (!handler) {
      const allow = Object.keys(candidate.methods).join(", ");
      fail(405, "method-not-allowed", "Method Not Allowed", `${method} is not allowed here`, {
        allow,
      });
    }
    return { handler, params: match.slice(1) };
  }
  return fail(404, "not-found", "Not Found", "no such route");
}

async function handle(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const raw = req.url ?? "/";
  const cut = raw.indexOf("?");
  const path = cut < 0 ? raw : raw.slice(0, cut);
  const r: Request = {
    req,
    res,
    params: [],
    query: new URLSearchParams(cut < 0 ? "" : raw.slice(cut + 1)),
    notes: {},
  };
  res.on("finish", () => {
    ctx.log({
      level: "info",
      msg: "request",
      method: req.method,
      path: path.slice(0, 200),
      status: res.statusCode,
      ms: Math.round(performance.now() - started),
      ...r.notes,
    });
  });
  try {
    const { handler, params } = route(req.method ?? "GET", path);
    r.params = params;
    await handler(ctx, r);
  } catch (error) {
    if (res.headersSent || req.socket.destroyed) return;
    if (error instanceof HttpError) {
      if (hasUnreadBody(req)) {
        // Answered before the upload ended (401, 413, 415...): stop reading and close once
        // the answer is out, instead of draining a body nobody wants.
        req.pause();
        error.headers.connection = "close";
      }
      sendProblem(res, error);
      return;
    }
    ctx.log({ level: "error", msg: "unhandled error", error: String(error), ...r.notes });
    sendProblem(
      res,
      new HttpError({ type: "about:blank", title: "Internal Server Error", status: 500 }),
    );
  }
}

function hasUnreadBody(req: IncomingMessage): boolean {
  const sendsBody =
    req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"]) > 0;
  return sendsBody && !req.complete;
}

/** The HTTP parser rejected the request before any handler: answer problem+json anyway. */
function onClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) return;
  const tooBig = error.code === "HPE_HEADER_OVERFLOW";
  const response = tooBig
    ? rawProblemResponse(
        431,
        "headers-too-large",
        "Request Header Fields Too Large",
        "the request headers are too large",
      )
    : rawProblemResponse(400, "bad-request", "Bad Request", "the request is not valid HTTP");
  socket.end(response);
}

export function createApiServer(deps: ApiDeps): Server {
  const ctx: Context = {
    deps,
    limiter: createRateLimiter(deps.rateLimit),
    log: deps.log ?? jsonLineLogger,
    now: deps.now ?? Date.now,
    openapi: JSON.stringify(buildOpenApi()),
  };
  // Bounded waits so a slow or stalled client cannot hold a request open for ever.
  const server = createServer({ requestTimeout: 15_000, headersTimeout: 10_000 }, (req, res) => {
    void handle(ctx, req, res);
  });
  server.on("clientError", onClientError);
  return server;
}

export interface StartApiOptions {
  port?: number;
  host?: string;
  deps: ApiDeps;
  /** How long close() waits for open requests before cutting them; 5 s by default. */
  graceMs?: number;
  /** Re-sends the messages of orders left waiting (see reconciler.ts); on by default. */
  reconcile?: ReconcilerOptions | false;
}

export interface RunningApi {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function startApi(options: StartApiOptions): Promise<RunningApi> {
  const server = createApiServer(options.deps);
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 3000, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const shown = host.includes(":") ? `[${host}]` : host;
  const reconcile = options.reconcile ?? RECONCILE_DEFAULTS;
  const reconciler = reconcile
    ? startReconciler(
        options.deps,
        reconcile,
        options.deps.log ?? jsonLineLogger,
        options.deps.now ?? Date.now,
      )
    : undefined;
  return {
    url: `http://${shown}:${port}`,
    server,
    close: async () => {
      await reconciler?.stop();
      await new Promise<void>((resolve, reject) => {
        // Stop taking connections and let in-flight requests finish; after a grace period,
        // connections that are still open (a stalled upload) are cut.
        const cut = setTimeout(() => server.closeAllConnections(), options.graceMs ?? 5_000);
        cut.unref();
        server.close((error) => {
          clearTimeout(cut);
          if (error) reject(error);
          else resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
