import { deployerPolicy, githubTrustPolicy } from "../stack/deployer-policy.ts";
import { print } from "./lifecycle.ts";
import type { PolicyOptions } from "./options.ts";

/**
 * `orderflow policy`: the IAM policy of a CI role that deploys stacks, runs the scenarios on
 * them and destroys them (docs/real-aws.md), or with --trust the role's trust policy. JSON
 * alone on stdout, so it can go straight to `aws iam put-role-policy`.
 */
export async function policy(options: PolicyOptions): Promise<void> {
  if (options.trust) {
    if (options.account === "*") throw new Error("--trust needs --account, the role's account");
    print(JSON.stringify(githubTrustPolicy(options.account, options.trust), null, 2));
    return;
  }
  print(JSON.stringify(deployerPolicy(options), null, 2));
}
