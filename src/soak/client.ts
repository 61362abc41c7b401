// The soak's clients: customers who place orders through the API and retry as they are told,
// and a producer that puts poison straight onto the task queue.
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { setTimeout as delay } from "node:timers/promises";
import type { Pool } from "undici";
import * as z from "zod";
import type { SoakOptions } from "./options.ts";
import type { PlannedOrder } from "./orders.ts";

/** Where a producer that bypasses the API puts its messages. */
export interface PoisonDoor {
  clients: { sqs: SQSClient };
  taskQueueUrl: string;
}

const tokenSchema = z.object({ access_token: z.string() });

async function tokensFor(pool: Pool, plan: PlannedOrder[]): Promise<Map<string, string>> {
  const users = [...new Set(plan.map((o) => o.userId))];
  const tokens = new Map<string, string>();
  for (const user of users) {
    const answer = await pool.request({
      path: "/token",
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user_id: user }),
    });
    const body = tokenSchema.parse(await answer.body.json());
    tokens.set(user, body.access_token);
  }
  return tokens;
}

export interface Sent {
  accepted: Set<string>;
  /** Accepted on a retry of the client's, after a 503 or a dropped connection. */
  acceptedOnRetry: Set<string>;
  refused: Map<string, string>;
  poisonSent: Set<string>;
  notSent: Map<string, string>;
}

/** A client tries an order this many times, as told by Retry-After, before it gives up. */
const CLIENT_TRIES = 5;

/** What one try of a POST /orders came to. */
type Try = { status: number; text: string; retryAfter: number } | { error: string };

async function postOrder(pool: Pool, token: string, body: string): Promise<Try> {
  try {
    const answer = await pool.request({
      path: "/orders",
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body,
    });
    const text = await answer.body.text();
    const retryAfter = Number(answer.headers["retry-after"] ?? 1);
    return { status: answer.statusCode, text, retryAfter };
  } catch (error) {
    return { error: String(error) };
  }
}

/**
 * A well-behaved client: a 503 or a dropped connection is tried again after Retry-After with
 * the same order_id; a 409 on a retry means an earlier try got the order in.
 */
async function sendGoodOrder(pool: Pool, token: string, order: PlannedOrder, sent: Sent) {
  for (let attempt = 1; attempt <= CLIENT_TRIES; attempt++) {
    const answer = await postOrder(pool, token, order.body);
    const accepted =
      "status" in answer && (answer.status === 202 || (answer.status === 409 && attempt > 1));
    if (accepted) {
      sent.accepted.add(order.orderId);
      if (attempt > 1) sent.acceptedOnRetry.add(order.orderId);
      return;
    }
    const why = "error" in answer ? answer.error : `${answer.status} ${answer.text.slice(0, 200)}`;
    const transient = "error" in answer || answer.status === 503;
    if (!transient || attempt === CLIENT_TRIES) {
      sent.refused.set(order.orderId, why);
      return;
    }
    await delay(("status" in answer ? answer.retryAfter : 1) * 1000);
  }
}

/** Sends the plan with at most `concurrency` orders on their way; stops at the deadline. */
export async function sendAll(
  run: PoisonDoor,
  pool: Pool,
  plan: PlannedOrder[],
  options: SoakOptions,
  deadline: number,
): Promise<Sent> {
  const tokens = await tokensFor(pool, plan);
  const sent: Sent = {
    accepted: new Set(),
    acceptedOnRetry: new Set(),
    refused: new Map(),
    poisonSent: new Set(),
    notSent: new Map(),
  };
  const sendGood = (order: PlannedOrder) =>
    sendGoodOrder(pool, tokens.get(order.userId) ?? "", order, sent);
  // Poison goes straight onto the queue, as a producer that bypasses the API would put it; it
  // too tries again when SQS still fails after the SDK's retries.
  const sendPoison = async (order: PlannedOrder) => {
    let failure = "";
    for (let attempt = 1; attempt <= CLIENT_TRIES; attempt++) {
      try {
        await run.clients.sqs.send(
          new SendMessageCommand({ QueueUrl: run.taskQueueUrl, MessageBody: order.body }),
        );
        sent.poisonSent.add(order.orderId);
        return;
      } catch (error) {
        failure = String(error);
        await delay(1000);
      }
    }
    sent.notSent.set(order.orderId, `SendMessage failed: ${failure}`);
  };
  let next = 0;
  const worker = async () => {
    while (next < plan.length && Date.now() < deadline) {
      const order = plan[next++]!;
      await (order.kind === "good" ? sendGood(order) : sendPoison(order));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  for (const order of plan.slice(next)) sent.notSent.set(order.orderId, "deadline reached");
  return sent;
}
