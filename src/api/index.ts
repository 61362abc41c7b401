export { startApi, createApiServer, type RunningApi, type StartApiOptions } from "./server.ts";
export { startApiThread, type ApiThread, type ApiThreadOptions } from "./thread.ts";
export { authConfigFromEnv, issueToken, type AuthConfig } from "./auth.ts";
export { rateLimitFromEnv } from "./rate-limit.ts";
export { createAwsApiDeps, type AwsApiSettings } from "./aws-deps.ts";
export { buildOpenApi } from "./openapi.ts";
export { MAX_BODY_BYTES } from "./json-body.ts";
export type {
  ApiDeps,
  DlqStats,
  DlqStatsSource,
  LogLine,
  OrderQueue,
  OrderRecord,
  OrderStore,
  Progress,
  RateLimitConfig,
} from "./types.ts";
