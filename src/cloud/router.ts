import type { IncomingHttpHeaders } from "node:http";
import { isSqsAction } from "./sqs/query-input.ts";

/**
 * Where one request on the cloud's single port goes. "s3" is fauxqs, for S3 and STS;
 * "form" is an unsigned form POST whose Action field decides (SQS's, or fauxqs').
 */
export type Route = "lambda" | "iam" | "logs" | "health" | "sqs" | "s3" | "form";

export interface RoutableRequest {
  method?: string | undefined;
  url?: string | undefined;
  headers: IncomingHttpHeaders;
}

const DATED_PATH = /^\/\d{4}-\d{2}-\d{2}\//;
/** A queue URL's path: /<account>/<queue name>. */
const QUEUE_PATH = /^\/\d{12}\/[\w-]{1,80}(\.fifo)?\/?$/;
const OWN_SCOPES = new Set(["lambda", "iam", "logs", "sqs"]);
const SCOPE_IN_HEADER = /Credential=[^/,\s]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

export interface CredentialScope {
  region: string;
  service: string;
}

/** The SigV4 credential scope from the Authorization header or a presigned URL's query. */
export function credentialScope(req: RoutableRequest): CredentialScope | undefined {
  const auth = req.headers.authorization;
  const fromHeader = typeof auth === "string" ? SCOPE_IN_HEADER.exec(auth) : null;
  if (fromHeader?.[1] && fromHeader[2]) return { region: fromHeader[1], service: fromHeader[2] };
  const query = (req.url ?? "").split("?")[1];
  if (!query) return undefined;
  const credential = new URLSearchParams(query).get("X-Amz-Credential");
  const parts = credential?.split("/");
  if (parts && parts.length >= 5 && parts[2] && parts[3]) {
    return { region: parts[2], service: parts[3] };
  }
  return undefined;
}

function isFormEncoded(req: RoutableRequest): boolean {
  return String(req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded");
}

/**
 * Picks the service for a request: the signing name decides when there is one (it is the
 * only field every SDK sends for every protocol); unsigned requests fall back to the target
 * header (Logs, SQS's JSON protocol), Lambda's dated REST paths, a queue URL's path and SQS's
 * Query actions. Everything else is fauxqs' (S3, STS).
 */
export function routeOf(req: RoutableRequest): Route {
  const [path = "/", query = ""] = (req.url ?? "/").split("?");
  if (path === "/_localstack/health" || path === "/_localstack/health/") return "health";
  if (path.startsWith("/_aws/sqs/")) return "sqs";
  const scope = credentialScope(req)?.service;
  if (scope !== undefined) return OWN_SCOPES.has(scope) ? (scope as Route) : "s3";
  const target = req.headers["x-amz-target"];
  if (typeof target === "string" && target.startsWith("Logs_20140328.")) return "logs";
  if (typeof target === "string" && target.startsWith("AmazonSQS.")) return "sqs";
  if (DATED_PATH.test(path)) return "lambda";
  if (QUEUE_PATH.test(path) || isSqsAction(new URLSearchParams(query).get("Action"))) return "sqs";
  if (req.method === "POST" && path === "/" && isFormEncoded(req)) return "form";
  return "s3";
}
