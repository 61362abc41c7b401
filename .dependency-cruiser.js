// The project's dependency rules, checked by `npm run lint`. docs/architecture.md says the
// same in words; change both together.

/** Test support: a `testing/` folder of an area, or a test file. */
const TEST_SUPPORT = "(^|/)testing/|\\.test\\.ts$";
/** What runs in production: everything but tests, test support, the harness, steps and bench. */
const PRODUCTION = { path: "^(src|lambdas)/", pathNot: [TEST_SUPPORT, "^src/harness/"] };
const STEPS_OR_BENCH = "^(steps|bench)/";

/** A rule that `from` may import nothing of ours outside `allowed` (area paths, no slash). */
function onlyImports(name, comment, from, allowed) {
  return {
    name,
    comment,
    severity: "error",
    from,
    to: {
      path: "^(src|lambdas|steps|bench)(/|\\.ts$)",
      pathNot: allowed.map((a) => `^${a}(/|\\.ts$)`),
    },
  };
}

/** @type {import("dependency-cruiser").IConfiguration} */
export default {
  forbidden: [
    {
      name: "no-circular",
      comment:
        "No import cycles, type-only imports included: each module can be read after the ones it uses.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    onlyImports(
      "domain-is-pure",
      "src/domain imports nothing of ours: it is the order system's rules, in plain TypeScript.",
      { path: "^src/domain/" },
      ["src/domain"],
    ),
    {
      name: "cloud-knows-no-orders",
      comment:
        "src/cloud is a general AWS emulator: it knows nothing of orders, the API, the stack or the harness.",
      severity: "error",
      from: { path: "^src/cloud/" },
      to: { path: "^(src/(domain|api|stack|harness|soak|cli)(/|\\.ts$)|lambdas/|steps/|bench/)" },
    },
    {
      name: "system-never-imports-test-machinery",
      comment:
        "The system (lambdas, the API, the stack) runs on AWS: it never imports the cloud, the harness or the soak.",
      severity: "error",
      from: { path: "^(lambdas|src/api|src/stack)/", pathNot: TEST_SUPPORT },
      to: { path: "^src/(cloud|harness|soak)/" },
    },
    {
      name: "production-not-to-test-support",
      comment: "Production code never imports test support (a testing/ folder or a test file).",
      severity: "error",
      from: PRODUCTION,
      to: { path: TEST_SUPPORT },
    },
    {
      name: "production-not-to-dev-dependencies",
      comment:
        "Production code never imports a devDependency (fast-check, jest, ...): it is not installed where production runs.",
      severity: "error",
      from: PRODUCTION,
      to: { dependencyTypes: ["npm-dev"] },
    },
    {
      name: "nothing-imports-steps-or-bench",
      comment: "Steps and benchmarks sit on top: nothing in src or lambdas imports them.",
      severity: "error",
      from: { path: "^(src|lambdas)/" },
      to: { path: STEPS_OR_BENCH },
    },
    onlyImports(
      "lambdas-to-domain-and-aws",
      "The handlers use the domain and the AWS clients only.",
      { path: "^lambdas/", pathNot: TEST_SUPPORT },
      ["lambdas", "src/domain", "src/aws"],
    ),
    onlyImports(
      "api-to-domain-and-aws",
      "The API uses the domain and the AWS clients only.",
      { path: "^src/api/", pathNot: TEST_SUPPORT },
      ["src/api", "src/domain", "src/aws"],
    ),
    onlyImports(
      "stack-to-aws",
      "The stack (definition, bundling, deploy) uses the AWS clients only; it bundles the handlers by path, not by import.",
      { path: "^src/stack/", pathNot: TEST_SUPPORT },
      ["src/stack", "src/aws"],
    ),
    onlyImports(
      "aws-to-nothing",
      "The AWS client factory is the bottom layer.",
      { path: "^src/aws/", pathNot: TEST_SUPPORT },
      ["src/aws"],
    ),
    onlyImports(
      "harness-to-stack-cloud-api",
      "The harness drives the system from outside: the stack, the cloud, the API (and the AWS clients), never the domain, the handlers or the CLI.",
      { path: "^src/harness/", pathNot: TEST_SUPPORT },
      ["src/harness", "src/stack", "src/cloud", "src/api", "src/aws"],
    ),
    onlyImports(
      "steps-to-harness",
      "Steps are one or two lines over the harness.",
      { path: "^steps/" },
      ["steps", "src/harness"],
    ),
    onlyImports(
      "cli-to-its-parts",
      "The CLI starts the cloud, deploys the stack and runs the API; it does not reach into the harness, the soak or the domain.",
      { path: "^src/cli(/|\\.ts$)", pathNot: TEST_SUPPORT },
      ["src/cli", "src/api", "src/aws", "src/cloud", "src/stack"],
    ),
    onlyImports(
      "soak-to-its-parts",
      "The soak runs the system on the cloud; it does not use the harness or the CLI.",
      { path: "^src/soak/", pathNot: TEST_SUPPORT },
      ["src/soak", "src/api", "src/aws", "src/cloud", "src/stack"],
    ),
    {
      name: "not-to-unresolvable",
      comment: "Every import resolves.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Type-only imports count: a cycle of types is still a cycle for a reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(dist|reports|coverage)/" },
    // Packages that name their entry only in "exports" (jest-light-runner) resolve as Node does.
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
  },
};
