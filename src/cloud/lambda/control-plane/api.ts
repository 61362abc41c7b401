// The Lambda REST-JSON wire: routes each request to its operation and writes AWS-shaped
// answers and errors. The operations live in function-api.ts, invoke-api.ts, mapping-api.ts.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody } from "../../wire.ts";
import { LambdaError } from "../errors.ts";
import {
  createFunction,
  deleteFunction,
  downloadCode,
  getConfiguration,
  getFunction,
  listFunctions,
  updateCode,
  updateConfiguration,
} from "./function-api.ts";
import { invoke } from "./invoke-api.ts";
import {
  createMapping,
  deleteMapping,
  getMapping,
  listMappings,
  updateMapping,
} from "./mapping-api.ts";
import type { LambdaApiDeps, Reply, Request, Route } from "./rest.ts";

const MAX_BODY_BYTES = 80 * 1024 * 1024;

const routes: Route[] = [
  ["POST", /^\/2015-03-31\/functions\/?$/, createFunction],
  ["GET", /^\/2015-03-31\/functions\/?$/, listFunctions],
  ["GET", /^\/2015-03-31\/functions\/([^/]+)\/?$/, getFunction],
  ["DELETE", /^\/2015-03-31\/functions\/([^/]+)\/?$/, deleteFunction],
  ["GET", /^\/2015-03-31\/functions\/([^/]+)\/configuration\/?$/, getConfiguration],
  ["PUT", /^\/2015-03-31\/functions\/([^/]+)\/configuration\/?$/, updateConfiguration],
  ["PUT", /^\/2015-03-31\/functions\/([^/]+)\/code\/?$/, updateCode],
  ["GET", /^\/2015-03-31\/functions\/([^/]+)\/code\/?$/, downloadCode],
  ["POST", /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/, invoke],
  ["POST", /^\/2015-03-31\/event-source-mappings\/?$/, createMapping],
  ["GET", /^\/2015-03-31\/event-source-mappings\/?$/, listMappings],
  ["GET", /^\/2015-03-31\/event-source-mappings\/([^/]+)\/?$/, getMapping],
  ["PUT", /^\/2015-03-31\/event-source-mappings\/([^/]+)\/?$/, updateMapping],
  ["DELETE", /^\/2015-03-31\/event-source-mappings\/([^/]+)\/?$/, deleteMapping],
];

export async function handleLambdaRequest(
  deps: LambdaApiDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const requestId = randomUUID();
  let reply: Reply;
  try {
    reply = await route(deps, await readRequest(req));
  } catch (error) {
    reply = errorReply(error);
  }
  const headers: Record<string, string> = { "x-amzn-requestid": requestId, ...reply.headers };
  if (reply.raw !== undefined) {
    res.writeHead(reply.status, headers);
    res.end(reply.raw);
  } else if (reply.body !== undefined) {
    res.writeHead(reply.status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(reply.body));
  } else {
    res.writeHead(reply.status, headers);
    res.end();
  }
}

async function route(deps: LambdaApiDeps, req: Request): Promise<Reply> {
  for (const [method, pattern, handle] of routes) {
    const match = pattern.exec(req.path);
    if (match && method === req.method)
      return handle(deps, req, match.slice(1).map(decodeURIComponent));
  }
  throw new LambdaError(
    "UnsupportedOperationException",
    501,
    `orderflow's embedded Lambda does not implement ${req.method} ${req.path}`,
  );
}

async function readRequest(req: IncomingMessage): Promise<Request> {
  const body = await readBody(req, {
    limit: MAX_BODY_BYTES,
    tooLarge: () =>
      new LambdaError(
        "RequestTooLargeException",
        413,
        "Request must be smaller than 70167211 bytes for the CreateFunction operation",
      ),
  });
  const url = new URL(req.url ?? "/", "http://localhost");
  return {
    method: req.method ?? "GET",
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body,
  };
}

function errorReply(error: unknown): Reply {
  if (error instanceof LambdaError) {
    return {
      status: error.status,
      headers: { "x-amzn-errortype": error.type },
      body: { Type: "User", Message: error.message },
    };
  }
  return {
    status: 500,
    headers: { "x-amzn-errortype": "ServiceException" },
    body: { Type: "Service", Message: `internal error: ${String(error)}` },
  };
}
