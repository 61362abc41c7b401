import type { ResourceNames } from "./names.ts";

export const ROLE_POLICY_NAME = "orderflow-lambda";

export const trustPolicy = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
};

export interface QueueArns {
  task: string;
  notification: string;
  dlq: string;
}

/** Least privilege for the three functions: their own bucket, queues and log groups. */
export function lambdaPolicy(names: ResourceNames, queues: QueueArns) {
  const logGroups = Object.values(names.functions).map(
    (fn) => `arn:aws:logs:*:*:log-group:/aws/lambda/${fn}:*`,
  );
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Logs",
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: logGroups,
      },
      {
        Sid: "ResultsObjects",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: [`arn:aws:s3:::${names.bucket}/*`],
      },
      {
        // Without ListBucket a HEAD of a missing key answers 403 instead of 404.
        Sid: "ResultsBucket",
        Effect: "Allow",
        Action: ["s3:ListBucket"],
        Resource: [`arn:aws:s3:::${names.bucket}`],
      },
      {
        Sid: "ConsumeQueues",
        Effect: "Allow",
        Action: [
          "sqs:ReceiveMessage",
          "sqs:DeleteMessage",
          "sqs:GetQueueAttributes",
          "sqs:ChangeMessageVisibility",
        ],
        Resource: [queues.task, queues.notification, queues.dlq],
      },
      {
        Sid: "SendNotifications",
        Effect: "Allow",
        Action: ["sqs:SendMessage"],
        Resource: [queues.notification],
      },
    ],
  };
}

/** JSON with sorted keys, so two policies compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/** IAM answers policy documents URL-encoded; emulators may not. */
export function decodePolicyDocument(document: string): unknown {
  const text = document.trimStart().startsWith("{") ? document : decodeURIComponent(document);
  return JSON.parse(text) as unknown;
}
