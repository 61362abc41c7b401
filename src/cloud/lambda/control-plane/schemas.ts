// zod schemas for the Lambda REST-JSON request bodies this service accepts.
import type { ApplicationLogLevel, Runtime, SystemLogLevel } from "@aws-sdk/client-lambda";
import * as z from "zod";

/** The Node.js runtimes Lambda offers for new functions: the ones the embedded cloud runs. */
export const NODE_RUNTIMES = [
  "nodejs18.x",
  "nodejs20.x",
  "nodejs22.x",
  "nodejs24.x",
] as const satisfies readonly Runtime[];
export type NodeRuntime = (typeof NODE_RUNTIMES)[number];

export function isNodeRuntime(runtime: string): runtime is NodeRuntime {
  return (NODE_RUNTIMES as readonly string[]).includes(runtime);
}

const APPLICATION_LOG_LEVELS = [
  "TRACE",
  "DEBUG",
  "INFO",
  "WARN",
  "ERROR",
  "FATAL",
] as const satisfies readonly ApplicationLogLevel[];
const SYSTEM_LOG_LEVELS = ["DEBUG", "INFO", "WARN"] as const satisfies readonly SystemLogLevel[];

const FUNCTION_NAME =
  /^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_.]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$/;
const ROLE = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;

const environment = z.looseObject({
  Variables: z.record(z.string().regex(/^[a-zA-Z]([a-zA-Z0-9_])+$/), z.string()).optional(),
});

const loggingConfig = z.looseObject({
  LogFormat: z.enum(["Text", "JSON"]).optional(),
  LogGroup: z.string().min(1).max(512).optional(),
  ApplicationLogLevel: z.enum(APPLICATION_LOG_LEVELS).optional(),
  SystemLogLevel: z.enum(SYSTEM_LOG_LEVELS).optional(),
});

const code = z.looseObject({
  ZipFile: z.string().optional(),
  S3Bucket: z.string().min(3).max(63).optional(),
  S3Key: z.string().min(1).max(1024).optional(),
  S3ObjectVersion: z.string().optional(),
  ImageUri: z.string().optional(),
});

const settings = {
  Role: z.string().regex(ROLE, "must be an IAM role ARN").optional(),
  Runtime: z.string().optional(),
  Handler: z.string().max(128).optional(),
  Description: z.string().max(256).optional(),
  Timeout: z.number().int().min(1).max(900).optional(),
  MemorySize: z.number().int().min(128).max(10240).optional(),
  Environment: environment.optional(),
  EphemeralStorage: z.looseObject({ Size: z.number().int().min(512).max(10240) }).optional(),
  LoggingConfig: loggingConfig.optional(),
};

export const createFunctionSchema = z.looseObject({
  ...settings,
  FunctionName: z.string().min(1).max(140).regex(FUNCTION_NAME),
  Role: z.string().regex(ROLE, "must be an IAM role ARN"),
  Code: code,
  Architectures: z
    .array(z.enum(["x86_64", "arm64"]))
    .length(1)
    .optional(),
  PackageType: z.enum(["Zip", "Image"]).optional(),
  Tags: z.record(z.string(), z.string()).optional(),
  Publish: z.boolean().optional(),
});
export type CreateFunctionBody = z.infer<typeof createFunctionSchema>;

export const updateConfigurationSchema = z.looseObject({
  ...settings,
  RevisionId: z.string().optional(),
});
export type UpdateConfigurationBody = z.infer<typeof updateConfigurationSchema>;

export const updateCodeSchema = z.looseObject({
  ZipFile: z.string().optional(),
  S3Bucket: z.string().min(3).max(63).optional(),
  S3Key: z.string().min(1).max(1024).optional(),
  S3ObjectVersion: z.string().optional(),
  ImageUri: z.string().optional(),
  RevisionId: z.string().optional(),
  Publish: z.boolean().optional(),
  DryRun: z.boolean().optional(),
});
export type CodeBody = z.infer<typeof code>;

const mappingFields = {
  FunctionName: z.string().min(1).max(140).regex(FUNCTION_NAME).optional(),
  Enabled: z.boolean().optional(),
  BatchSize: z.number().int().min(1).max(10000).optional(),
  MaximumBatchingWindowInSeconds: z.number().int().min(0).max(300).optional(),
  FunctionResponseTypes: z.array(z.literal("ReportBatchItemFailures")).max(1).optional(),
  ScalingConfig: z
    .looseObject({ MaximumConcurrency: z.number().int().min(2).max(1000).optional() })
    .optional(),
};

export const createMappingSchema = z.looseObject({
  ...mappingFields,
  FunctionName: z.string().min(1).max(140).regex(FUNCTION_NAME),
  EventSourceArn: z.string().min(12).max(1024),
});

export const updateMappingSchema = z.looseObject(mappingFields);

/** AWS's wording for constraint violations: `1 validation error detected: Value ... at 'x' ...`. */
export function validationMessage(error: z.ZodError): string {
  const issues = error.issues.map((issue) => {
    const field = issue.path.map(String).join(".") || "body";
    return `Value at '${field}' failed to satisfy constraint: ${issue.message}`;
  });
  const count = issues.length;
  return `${count} validation error${count === 1 ? "" : "s"} detected: ${issues.join("; ")}`;
}
