// The errors an invocation ends with when the handler itself did not throw: the timeout, a
// response too large, a runtime that exited or ran out of memory. Worded as AWS words them.
import type { ErrorBody } from "./worker-protocol.ts";

/** Synchronous invocation responses are limited to 6 MB on AWS. */
export const MAX_RESPONSE_BYTES = 6_291_556;

export function timedOut(timeoutSeconds: number, requestId: string): ErrorBody {
  return {
    errorType: "Sandbox.Timedout",
    errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
    trace: [],
  };
}

export function responseTooLarge(): ErrorBody {
  return {
    errorType: "Function.ResponseSizeTooLarge",
    errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
    trace: [],
  };
}

export function exitError(requestId: string, reason: string): ErrorBody {
  return {
    errorType: "Runtime.ExitError",
    errorMessage: `RequestId: ${requestId} Error: ${reason}`,
    trace: [],
  };
}

export function diedError(
  event: { outOfMemory: boolean; exitCode?: number },
  requestId: string,
): ErrorBody {
  if (event.outOfMemory) {
    return {
      errorType: "Runtime.OutOfMemory",
      errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: signal: killed`,
      trace: [],
    };
  }
  if (!event.exitCode) return exitError(requestId, "Runtime exited without providing a reason");
  return exitError(requestId, `Runtime exited with error: exit status ${event.exitCode}`);
}
