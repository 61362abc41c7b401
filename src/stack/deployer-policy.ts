import { resourceNames } from "./names.ts";

/** What the policy is for: stacks whose prefix matches, in a region and account (`*`: any). */
export interface DeployerScope {
  /** A prefix pattern: `of-*-` matches every per-run prefix the scenarios and CI use. */
  prefix: string;
  region: string;
  account: string;
}

export const DEFAULT_SCOPE: DeployerScope = { prefix: "of-*-", region: "*", account: "*" };

interface Statement {
  Sid: string;
  Effect: "Allow";
  Action: string[];
  Resource: string[] | "*";
  Condition?: Record<string, Record<string, string | string[]>>;
}

/**
 * The least privilege a CI role needs to deploy the stack, run the scenarios against it and
 * destroy it: only the resources `resourceNames` gives stacks of the prefix, only the calls
 * deploy, destroy, the harness and the API make (a test reads them off the code). Built from
 * the same names deploy uses, so the two cannot drift apart.
 */
export function deployerPolicy(scope: DeployerScope = DEFAULT_SCOPE) {
  const names = resourceNames(scope.prefix);
  const { region, account } = scope;
  const functions = Object.values(names.functions).map(
    (fn) => `arn:aws:lambda:${region}:${account}:function:${fn}`,
  );
  const logGroups = Object.values(names.functions).flatMap((fn) => {
    const group = `arn:aws:logs:${region}:${account}:log-group:/aws/lambda/${fn}`;
    return [group, `${group}:*`];
  });
  const queues = [names.taskQueue, names.notificationQueue, names.dlq].map(
    (q) => `arn:aws:sqs:${region}:${account}:${q}`,
  );
  const role = `arn:aws:iam::${account}:role/${names.role}`;
  const statements: Statement[] = [
    {
      Sid: "ResultsBucket",
      Effect: "Allow",
      Action: ["s3:CreateBucket", "s3:DeleteBucket", "s3:ListBucket"],
      Resource: [`arn:aws:s3:::${names.bucket}`],
    },
    {
      Sid: "ResultsObjects",
      Effect: "Allow",
      Action: ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"],
      Resource: [`arn:aws:s3:::${names.bucket}/*`],
    },
    {
      Sid: "Queues",
      Effect: "Allow",
      Action: [
        "sqs:CreateQueue",
        "sqs:DeleteQueue",
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
        "sqs:ReceiveMessage",
        "sqs:SendMessage",
        "sqs:SetQueueAttributes",
      ],
      Resource: queues,
    },
    {
      Sid: "FunctionRole",
      Effect: "Allow",
      Action: [
        "iam:CreateRole",
        "iam:DeleteRole",
        "iam:DeleteRolePolicy",
        "iam:GetRole",
        "iam:GetRolePolicy",
        "iam:PutRolePolicy",
      ],
      Resource: [role],
    },
    {
      Sid: "PassFunctionRoleToLambdaOnly",
      Effect: "Allow",
      Action: ["iam:PassRole"],
      Resource: [role],
      Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } },
    },
    {
      Sid: "Functions",
      Effect: "Allow",
      Action: [
        "lambda:CreateFunction",
        "lambda:DeleteFunction",
        "lambda:GetFunction",
        "lambda:UpdateFunctionCode",
        "lambda:UpdateFunctionConfiguration",
      ],
      Resource: functions,
    },
    {
      // A mapping's ARN holds a UUID Lambda makes up; what it invokes is the condition.
      Sid: "TriggersOfTheFunctions",
      Effect: "Allow",
      Action: [
        "lambda:CreateEventSourceMapping",
        "lambda:DeleteEventSourceMapping",
        "lambda:UpdateEventSourceMapping",
      ],
      Resource: "*",
      Condition: { ArnLike: { "lambda:FunctionArn": functions } },
    },
    {
      Sid: "ReadTriggers",
      Effect: "Allow",
      Action: ["lambda:GetEventSourceMapping", "lambda:ListEventSourceMappings"],
      Resource: "*",
    },
    {
      Sid: "FunctionLogs",
      Effect: "Allow",
      Action: ["logs:DeleteLogGroup", "logs:FilterLogEvents"],
      Resource: logGroups,
    },
  ];
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * Who may assume the role: GitHub's OIDC tokens for the repository's workflows on `ref`, and
 * nothing else.
 */
export function githubTrustPolicy(account: string, repository: string, ref = "refs/heads/main") {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: {
          Federated: `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`,
        },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
          StringLike: {
            "token.actions.githubusercontent.com:sub": `repo:${repository}:ref:${ref}`,
          },
        },
      },
    ],
  };
}
