import type { IncomingHttpHeaders } from "node:http";

/** Where one request on the cloud's single port goes. */
export type Route = "lambda" | "iam" | "logs" | "health" | "sqs-query" | "fauxqs";

export interface RoutableRequest {
  method?: string | undefined;
  url?: string | undefined;
  headers: IncomingHttpHeaders;
}

const DATED_PATH = /^\/\d{4}-\d{2}-\d{2}\//;
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

function pathOf(url: string | undefined): string {
  return (url ?? "/").split("?")[0] ?? "/";
}

/**
 * Picks the service for a request: the signing name decides when there is one (it is the
 * only field every SDK sends for every protocol); unsigned requests fall back to the Logs
 * target header and Lambda's dated REST paths. Everything else is fauxqs' (SQS, S3, STS, SNS).
 */
export function routeOf(req: RoutableRequest): Route {
  const path = pathOf(req.url);
  if (path === "/_localstack/health" || path === "/_localstack/health/") return "health";
  const scope = credentialScope(req)?.service;
  if (scope === "lambda" || scope === "iam" || scope === "logs") return scope;
  if (scope === "sqs" && isFormEncoded(req)) return "sqs-query";
  if (scope !== undefined) return "fauxqs";
  const target = req.headers["x-amz-target"];
  if (typeof target === "string" && target.startsWith("Logs_20140328.")) return "logs";
  if (DATED_PATH.test(path)) return "lambda";
  return "fauxqs";
}
