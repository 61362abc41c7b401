import { mkdtemp, mkdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Envelope } from "@cucumber/messages";
import { toScenarioResults, type JestTestOutcome } from "./collect.ts";
import { toJunitXml } from "./junit.ts";
import { buildMessages } from "./messages.ts";
import ScenarioReporter from "./reporter.ts";
import { appendStepRecord, STEP_LOG_DIR_ENV } from "./step-log.ts";
import { toMarkdownSummary } from "./summary.ts";

const feature = `Feature: Promo codes
  Scenario: A customer pays the full price
    Given a customer
    When the customer orders a laptop
    Then the invoice shows 999.99

  Scenario Outline: A customer using <code> pays <total>
    Given a customer
    When the customer orders a laptop with <code>
    Then the invoice shows <total>

    Examples:
      | code   | total  |
      | SAVE10 | 899.99 |
      | SAVE20 | 799.99 |
`;

const t0 = 1_760_000_000_000;

function outcome(title: string, status: string, failure?: string): JestTestOutcome {
  return {
    testPath: "/repo/steps/promo.steps.ts",
    ancestorTitles: ["Promo codes"],
    title,
    fullName: `Promo codes ${title}`,
    status,
    duration: 300,
    startedAt: t0,
    failureMessages: failure ? [failure] : [],
  };
}

const record = (title: string, index: number, status: "passed" | "failed", message?: string) => ({
  testPath: "/repo/steps/promo.steps.ts",
  testName: `Promo codes ${title}`,
  index,
  status,
  startedAt: t0 + index * 100,
  durationMs: 90,
  ...(message ? { message } : {}),
});

const threeSteps = () => 3;

describe("toScenarioResults", () => {
  test("a passing scenario has every step passed with its own duration", () => {
    const [result] = toScenarioResults(
      [outcome("A customer pays the full price", "passed")],
      [0, 1, 2].map((i) => record("A customer pays the full price", i, "passed")),
      threeSteps,
      t0,
    );
    expect(result?.steps.map((s) => [s.status, s.durationMs])).toEqual([
      ["passed", 90],
      ["passed", 90],
      ["passed", 90],
    ]);
  });

  test("after a failed step the rest are skipped", () => {
    const title = "A customer using SAVE10 pays 899.99";
    const [result] = toScenarioResults(
      [outcome(title, "failed", "expected 899.99")],
      [record(title, 0, "passed"), record(title, 1, "failed", "expected 899.99")],
      threeSteps,
      t0,
    );
    expect(result?.steps.map((s) => s.status)).toEqual(["passed", "failed", "skipped"]);
    expect(result?.steps[1]?.message).toBe("expected 899.99");
  });

  test("a step cut off by Jest (a timeout) is blamed with Jest's message", () => {
    const title = "A customer using SAVE20 pays 799.99";
    const [result] = toScenarioResults(
      [outcome(title, "failed", "Exceeded timeout of 120000 ms")],
      [record(title, 0, "passed")],
      threeSteps,
      t0,
    );
    expect(result?.steps.map((s) => s.status)).toEqual(["passed", "failed", "skipped"]);
    expect(result?.steps[1]?.message).toContain("Exceeded timeout");
  });
});

describe("Cucumber Messages, JUnit and Markdown", () => {
  const results = toScenarioResults(
    [
      outcome("A customer pays the full price", "passed"),
      outcome("A customer using SAVE10 pays 899.99", "failed", "the total was 900.00 <not> 899.99"),
    ],
    [
      ...[0, 1, 2].map((i) => record("A customer pays the full price", i, "passed")),
      record("A customer using SAVE10 pays 899.99", 0, "passed"),
      record("A customer using SAVE10 pays 899.99", 1, "passed"),
      record("A customer using SAVE10 pays 899.99", 2, "failed", "the total was 900.00"),
    ],
    threeSteps,
    t0,
  );
  const run = {
    backend: "embedded",
    reason: "TEST_BACKEND=embedded",
    startedAt: t0,
    finishedAt: t0 + 2000,
  };

  test("every scenario that ran becomes a test case with one result per step", () => {
    const envelopes = buildMessages(
      [{ uri: "features/promo.feature", data: feature }],
      results,
      run,
    );
    const pickles = envelopes.flatMap((e: Envelope) => (e.pickle ? [e.pickle.name] : []));
    expect(pickles).toEqual([
      "A customer pays the full price",
      "A customer using SAVE10 pays 899.99",
    ]);
    expect(envelopes.filter((e) => e.testCase)).toHaveLength(2);
    const statuses = envelopes.flatMap((e) =>
      e.testStepFinished ? [e.testStepFinished.testStepResult.status] : [],
    );
    expect(statuses).toEqual(["PASSED", "PASSED", "PASSED", "PASSED", "PASSED", "FAILED"]);
    expect(envelopes[0]?.meta?.implementation.name).toBe(
      "orderflow scenarios on the embedded backend",
    );
    expect(envelopes.at(-1)?.testRunFinished?.success).toBe(false);
    const durations = envelopes.flatMap((e) =>
      e.testStepFinished ? [e.testStepFinished.testStepResult.duration.nanos] : [],
    );
    expect(durations.every((n) => n === 90_000_000)).toBe(true);
  });

  test("JUnit XML has a suite per feature and escapes the failure", () => {
    const xml = toJunitXml(results, run);
    expect(xml).toContain('<testsuite name="Promo codes" tests="2" failures="1" skipped="0"');
    expect(xml).toContain(
      '<testcase classname="Promo codes" name="A customer pays the full price" time="0.300"/>',
    );
    expect(xml).toContain("the total was 900.00 &lt;not&gt; 899.99");
  });

  test("the Markdown summary names the backend, counts and failures", () => {
    const md = toMarkdownSummary(results, run);
    expect(md).toContain("Backend: **embedded** (TEST_BACKEND=embedded).");
    expect(md).toContain("1 passed, 1 failed, 0 skipped in 2.0 s.");
    expect(md).toContain("| ❌ | Promo codes | A customer using SAVE10 pays 899.99 | 0.30 s |");
    expect(md).toContain("### Failures");
  });
});

describe("ScenarioReporter", () => {
  test("writes NDJSON, HTML, JUnit and Markdown for a run with scenarios, and appends the step summary", async () => {
    const root = await mkdtemp(join(tmpdir(), "orderflow-report-"));
    await mkdir(join(root, "features"));
    await writeFile(join(root, "features", "promo.feature"), feature);
    const stepSummary = join(root, "step-summary.md");
    const saved = { dir: process.env[STEP_LOG_DIR_ENV], summary: process.env.GITHUB_STEP_SUMMARY };
    process.env.GITHUB_STEP_SUMMARY = stepSummary;
    try {
      const reporter = new ScenarioReporter({ rootDir: root }, { silent: true });
      reporter.onRunStart();
      const dir = process.env[STEP_LOG_DIR_ENV];
      for (const i of [0, 1, 2])
        appendStepRecord(record("A customer pays the full price", i, "passed"), dir);
      const test = {
        path: "/repo/steps/promo.steps.ts",
        context: { config: { displayName: { name: "scenarios" } } },
      };
      const a = outcome("A customer pays the full price", "passed");
      reporter.onTestFileResult(test as never, { testResults: [{ ...a, startAt: t0 }] } as never);
      await reporter.onRunComplete(undefined, {} as never);

      const html = await readFile(join(root, "reports", "scenarios.html"), "utf8");
      expect(html).toMatch(/^<!DOCTYPE html>/i);
      expect(html).toContain("A customer pays the full price");
      const ndjson = (await readFile(join(root, "reports", "cucumber-messages.ndjson"), "utf8"))
        .trim()
        .split("\n");
      expect(ndjson.map((l) => Object.keys(JSON.parse(l))[0])).toContain("testStepFinished");
      expect(await readFile(join(root, "reports", "junit.xml"), "utf8")).toContain(
        'tests="1" failures="0"',
      );
      expect(await readFile(stepSummary, "utf8")).toContain("1 passed, 0 failed, 0 skipped");
    } finally {
      process.env[STEP_LOG_DIR_ENV] = saved.dir;
      if (saved.summary === undefined) delete process.env.GITHUB_STEP_SUMMARY;
      else process.env.GITHUB_STEP_SUMMARY = saved.summary;
    }
  });

  test("a run of unit tests only writes nothing", async () => {
    const root = await mkdtemp(join(tmpdir(), "orderflow-report-"));
    const saved = process.env[STEP_LOG_DIR_ENV];
    try {
      const reporter = new ScenarioReporter({ rootDir: root }, { silent: true });
      const unit = {
        path: "/repo/src/x.test.ts",
        context: { config: { displayName: { name: "unit" } } },
      };
      reporter.onTestFileResult(unit as never, { testResults: [outcome("x", "passed")] } as never);
      await reporter.onRunComplete(undefined, {} as never);
      await expect(readFile(join(root, "reports", "scenarios.html"))).rejects.toThrow(/ENOENT/);
    } finally {
      process.env[STEP_LOG_DIR_ENV] = saved;
    }
  });
});
