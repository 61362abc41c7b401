import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { deployerPolicy, githubTrustPolicy } from "./deployer-policy.ts";

/** Code a CI role runs: deploy and destroy, the scenario harness, the API it starts, the CLI. */
const RUN_BY_THE_ROLE = ["src/stack", "src/harness", "src/api", "src/aws", "src/cli"];

/** The IAM prefix of each client package. */
const SERVICE: Record<string, string> = {
  s3: "s3",
  sqs: "sqs",
  lambda: "lambda",
  iam: "iam",
  "cloudwatch-logs": "logs",
  sts: "sts",
};

/** Calls whose IAM action has another name; null: no permission needed. */
const ACTION_OF: Record<string, string | null> = {
  "s3:HeadBucket": "s3:ListBucket",
  "s3:ListObjectsV2": "s3:ListBucket",
  "s3:DeleteObjects": "s3:DeleteObject",
  "s3:HeadObject": "s3:GetObject",
  "sqs:SendMessageBatch": "sqs:SendMessage",
  "sqs:DeleteMessageBatch": "sqs:DeleteMessage",
  "sts:GetCallerIdentity": null,
};

/** Permission a call needs besides its own: handing Lambda a role is iam:PassRole. */
const IMPLIED: Record<string, string> = { "lambda:CreateFunction": "iam:PassRole" };

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter(
      (f) => /\.m?ts$/.test(f) && !f.endsWith(".test.ts") && !f.split("/").includes("testing"),
    )
    .map((f) => join(dir, f));
}

/** Every AWS call the code makes, as an IAM action, read off its imports of SDK commands. */
function actionsInCode(): Set<string> {
  const actions = new Set<string>();
  const imports = /import\s*\{([^}]*)\}\s*from\s*"@aws-sdk\/client-([a-z0-9-]+)"/g;
  for (const file of RUN_BY_THE_ROLE.flatMap(sources)) {
    for (const [, names, client] of readFileSync(file, "utf8").matchAll(imports)) {
      for (const name of names!.split(",").map((n) => n.trim())) {
        const command = /^(\w+)Command$/.exec(name)?.[1];
        if (!command) continue;
        const call = `${SERVICE[client!] ?? client}:${command}`;
        const action = call in ACTION_OF ? ACTION_OF[call] : call;
        if (action) actions.add(action);
        if (IMPLIED[call]) actions.add(IMPLIED[call]);
      }
    }
  }
  return actions;
}

describe("the CI role's policy", () => {
  const policy = deployerPolicy({ prefix: "of-*-", region: "eu-west-1", account: "123456789012" });
  const granted = new Set(policy.Statement.flatMap((s) => s.Action));

  test("allows every call that deploy, destroy, the harness, the API and the CLI make, and nothing else", () => {
    expect([...granted].sort()).toEqual([...actionsInCode()].sort());
  });

  test("names only the stack's own resources, under the prefix", () => {
    const resources = policy.Statement.flatMap((s) => (s.Resource === "*" ? [] : s.Resource));
    expect(resources).toContain("arn:aws:s3:::of-*-results-bucket");
    expect(resources).toContain("arn:aws:sqs:eu-west-1:123456789012:of-*-task-dlq");
    expect(resources).toContain("arn:aws:lambda:eu-west-1:123456789012:function:of-*-task_lambda");
    expect(resources).toContain("arn:aws:iam::123456789012:role/of-*-lambda-role");
    expect(resources.every((r) => r.includes("of-*-"))).toBe(true);
  });

  test("what cannot be named by resource is held to the stack's functions or is read-only", () => {
    const unscoped = policy.Statement.filter((s) => s.Resource === "*");
    expect(unscoped.map((s) => [s.Sid, s.Condition !== undefined])).toEqual([
      ["TriggersOfTheFunctions", true],
      ["ReadTriggers", false],
    ]);
    expect(unscoped[1]!.Action.every((a) => /:(Get|List)/.test(a))).toBe(true);
    const passRole = policy.Statement.find((s) => s.Action.includes("iam:PassRole"));
    expect(passRole?.Condition).toEqual({
      StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" },
    });
  });

  test("docs/real-aws.md shows the policy the command prints", () => {
    const doc = readFileSync("docs/real-aws.md", "utf8");
    const shown = /```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(JSON.parse(shown ?? "null")).toEqual(deployerPolicy());
  });

  test("the trust policy lets only the repository's workflows on main assume the role", () => {
    expect(githubTrustPolicy("123456789012", "acme/orderflow").Statement[0]).toMatchObject({
      Principal: {
        Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
      },
      Condition: {
        StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
        StringLike: {
          "token.actions.githubusercontent.com:sub": "repo:acme/orderflow:ref:refs/heads/main",
        },
      },
    });
  });
});
