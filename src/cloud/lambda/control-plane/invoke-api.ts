// Invoke: synchronous, asynchronous (Event) and DryRun invocations of a function.
import { LambdaError, invalidParameter } from "../errors.ts";
import { header, type LambdaApiDeps, type Reply, type Request } from "./rest.ts";

const MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
const MAX_EVENT_PAYLOAD = 1024 * 1024;

function invocationPayload(req: Request, limit: number): string {
  if (req.body.length > limit) {
    throw new LambdaError(
      "RequestTooLargeException",
      413,
      `Request must be smaller than ${limit} bytes for the InvokeFunction operation`,
    );
  }
  const text = req.body.length === 0 ? "{}" : req.body.toString("utf8");
  try {
    JSON.parse(text);
  } catch (error) {
    throw new LambdaError(
      "InvalidRequestContentException",
      400,
      `Could not parse request body into json: ${String(error)}`,
    );
  }
  return text;
}

export async function invoke(
  deps: LambdaApiDeps,
  req: Request,
  [name = ""]: string[],
): Promise<Reply> {
  const type = header(req, "x-amz-invocation-type") ?? "RequestResponse";
  const qualifier = req.query.get("Qualifier") ?? undefined;
  if (type === "DryRun") {
    deps.invoker.invocable(name, qualifier);
    return { status: 204 };
  }
  if (type === "Event") {
    const requestId = deps.invoker.invokeEvent(name, invocationPayload(req, MAX_EVENT_PAYLOAD));
    return { status: 202, headers: { "x-amzn-requestid": requestId } };
  }
  if (type !== "RequestResponse") throw invalidParameter(`Unsupported invocation type: ${type}`);
  const payload = invocationPayload(req, MAX_SYNC_PAYLOAD);
  deps.invoker.invocable(name, qualifier);
  const clientContext = header(req, "x-amz-client-context");
  const outcome = await deps.invoker.invoke(name, {
    payload,
    ...(clientContext
      ? { clientContext: Buffer.from(clientContext, "base64").toString("utf8") }
      : {}),
  });
  const headers: Record<string, string> = {
    "x-amzn-requestid": outcome.requestId,
    "x-amz-executed-version": "$LATEST",
    "content-type": "application/json",
  };
  if (outcome.error) headers["x-amz-function-error"] = "Unhandled";
  if (header(req, "x-amz-log-type") === "Tail") headers["x-amz-log-result"] = outcome.logResult;
  return { status: 200, raw: outcome.payload, headers };
}
