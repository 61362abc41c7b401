// Queue names, ARNs and URLs.
import { invalidParameter, SqsError } from "./errors.ts";

const NAME = /^[A-Za-z0-9_-]{1,80}$/;

/** Rejects a name AWS would reject, with AWS's words for the queue type asked for. */
export function checkQueueName(name: string, fifo: boolean): void {
  if (fifo) {
    // The .fifo suffix counts towards the 80 characters.
    if (!name.endsWith(".fifo") || !NAME.test(`${name.slice(0, -5)}_fifo`)) {
      throw invalidParameter(
        "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length",
      );
    }
    return;
  }
  if (!NAME.test(name)) {
    throw invalidParameter(
      "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length",
    );
  }
}

export function queueArn(region: string, accountId: string, name: string): string {
  return `arn:${partitionOf(region)}:sqs:${region}:${accountId}:${name}`;
}

export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** The ARN's account and queue name, or undefined if it is no SQS queue ARN. */
export function parseQueueArn(
  arn: string,
): { region: string; accountId: string; name: string } | undefined {
  const parts = arn.split(":");
  if (parts.length !== 6 || parts[0] !== "arn" || parts[2] !== "sqs") return undefined;
  const [, , , region, accountId, name] = parts as [string, string, string, string, string, string];
  return region && accountId && name ? { region, accountId, name } : undefined;
}

/**
 * The account and queue name a QueueUrl names. Clients send any host (the SDK rewrites it to
 * the endpoint it was given), so only the path counts: /<account>/<name>. A bare queue name is
 * accepted too, as AWS does.
 */
export function parseQueueUrl(
  url: string,
  defaultAccount: string,
): { accountId: string; name: string } {
  if (!url.includes("/")) return { accountId: defaultAccount, name: url };
  let parsed = parsedUrls.get(url);
  if (!parsed) {
    parsed = parseUrlPath(url);
    // Clients name a handful of queues, each by one URL: a small memo spares every call the parse.
    if (parsedUrls.size >= 256) parsedUrls.clear();
    parsedUrls.set(url, parsed);
  }
  return parsed;
}

const parsedUrls = new Map<string, { accountId: string; name: string }>();

function parseUrlPath(url: string): { accountId: string; name: string } {
  // scheme://host/path: the path starts at the first slash after the "//".
  const hostStart = url.indexOf("//");
  const pathStart = hostStart < 0 ? 0 : url.indexOf("/", hostStart + 2);
  const path = pathStart < 0 ? "" : (url.slice(pathStart).split(/[?#]/, 1)[0] as string);
  const segments = path.split("/").filter((s) => s !== "");
  const [accountId, name] = segments.slice(-2);
  if (segments.length < 2 || !accountId || !name || !/^\d{12}$/.test(accountId)) {
    throw new SqsError("InvalidAddress", `The address ${url} is not valid for this endpoint.`);
  }
  return { accountId, name: decodeURIComponent(name) };
}

export function queueUrlOf(base: string, accountId: string, name: string): string {
  return `${base}/${accountId}/${name}`;
}
