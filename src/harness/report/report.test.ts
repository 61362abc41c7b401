import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Envelope } from "@cucumber/messages";
import { errorAnnotation, escapeData, escapeProperty } from "./annotations.ts";
import { toScenarioResults, type JestTestOutcome } from "./collect.ts";
import { failedSteps } from "./failures.ts";
import { readPickles } from "./gherkin.ts";
import { toJunitXml } from "./junit.ts";
import { withRunHeader } from "./html-header.ts";
import { buildMessages } from "./messages.ts";
import { RUN_FILE_ENV } from "../run-file.ts";
import ScenarioReporter from "./reporter.ts";
import { appendStepRecord, STEP_LOG_DIR_ENV } from "./step-log.ts";
import { toMarkdownSummary } from "./summary.ts";
import { useTempDirs } from "../../testing/temp-dirs.ts";

const tempDir = useTempDirs();
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

const record = (
  title: string,
  index: number,
  status: "passed" | "failed",
  message?: string,
  attachments?: { name: string; mediaType: string; body: string }[],
) => ({
  testPath: "/repo/steps/promo.steps.ts",
  testName: `Promo codes ${title}`,
  index,
  status,
  startedAt: t0 + index * 100,
  durationMs: 90,
  ...(message ? { message, headline: `${message} (headline)` } : {}),
  ...(attachments ? { attachments } : {}),
});

const invoice = {
  name: "invoice of ORD-1",
  mediaType: "application/json",
  body: '{"total":"900.00"}',
};

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
      record("A customer using SAVE10 pays 899.99", 2, "failed", "the total was 900.00", [invoice]),
    ],
    threeSteps,
    t0,
  );
  const run = {
    backend: "embedded",
    facts: [
      { label: "Backend", value: "embedded" },
      { label: "Why", value: "TEST_BACKEND=embedded" },
    ],
    startedAt: t0,
    finishedAt: t0 + 2000,
  };
  const features = [{ uri: "features/promo.feature", data: feature }];
  const failed = failedSteps(readPickles(features), results);

  test("every scenario that ran becomes a test case with one result per step", () => {
    const envelopes = buildMessages(features, results, run, {});
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
    expect(envelopes[0]?.meta?.implementation.version).toBeUndefined();
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

  test("the failed step's attachments are tied to it, between its start and its end", () => {
    const envelopes = buildMessages(features, results, run, {});
    const failedStep = envelopes.findLast((e) => e.testStepFinished)?.testStepFinished;
    const attachments = envelopes.flatMap((e) => (e.attachment ? [e.attachment] : []));
    expect(attachments).toEqual([
      expect.objectContaining({
        testStepId: failedStep?.testStepId,
        testCaseStartedId: failedStep?.testCaseStartedId,
        fileName: "invoice of ORD-1",
        mediaType: "application/json",
        body: '{"total":"900.00"}',
        contentEncoding: "IDENTITY",
      }),
    ]);
    const order = envelopes.flatMap((e) => Object.keys(e)).slice(-5, -1);
    expect(order).toEqual([
      "testStepStarted",
      "attachment",
      "testStepFinished",
      "testCaseFinished",
    ]);
  });

  test("on GitHub Actions the messages link back to the run", () => {
    const env = {
      GITHUB_ACTIONS: "true",
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_REPOSITORY: "acme/orderflow",
      GITHUB_RUN_ID: "42",
      GITHUB_SHA: "abc123",
      GITHUB_REF_TYPE: "branch",
      GITHUB_REF_NAME: "main",
    };
    expect(buildMessages(features, results, run, env)[0]?.meta?.ci).toEqual({
      name: "GitHub Actions",
      url: "https://github.com/acme/orderflow/actions/runs/42",
      git: { remote: "https://github.com/acme/orderflow", revision: "abc123", branch: "main" },
    });
  });

  test("a failed step is found on its line of the feature file, with its headline", () => {
    expect(failed).toEqual([
      {
        uri: "features/promo.feature",
        line: 10,
        featureTitle: "Promo codes",
        scenarioTitle: "A customer using SAVE10 pays 899.99",
        step: "Then the invoice shows 899.99",
        headline: "the total was 900.00 (headline)",
      },
    ]);
  });

  test("the annotation points GitHub at that line, escaped as workflow commands want", () => {
    expect(errorAnnotation(failed[0]!)).toBe(
      "::error file=features/promo.feature,line=10,title=A customer using SAVE10 pays 899.99::the total was 900.00 (headline)",
    );
    expect(escapeData("100% done\r\nnext")).toBe("100%25 done%0D%0Anext");
    expect(escapeProperty("Promo: 10%, then 20%")).toBe("Promo%3A 10%25%2C then 20%25");
  });

  test("the Markdown summary opens with what failed, then a table per feature, then the run", () => {
    const md = toMarkdownSummary(results, failed, run);
    expect(md.split("\n").slice(0, 7)).toEqual([
      "## ❌ orderflow scenarios on the embedded backend: 1 passed, 1 failed, 0 skipped in 2.0 s",
      "",
      "### Failed",
      "",
      "- **Promo codes** › A customer using SAVE10 pays 899.99  ",
      "  ` Then the invoice shows 899.99 ` (features/promo.feature:10)  ",
      "  ` the total was 900.00 (headline) `",
    ]);
    expect(md).toContain("| ❌ | Promo codes | 1 | 1 | 0 | 0.6 s |");
    expect(md).toContain("- **Why:** TEST_BACKEND=embedded");
    expect(md).toContain("| ❌ | Promo codes | A customer using SAVE10 pays 899.99 | 0.30 s |");
    expect(md.indexOf("### By feature")).toBeLessThan(md.indexOf("### The run"));
  });
});

describe("the HTML report's header", () => {
  test("lists the run's facts above the report, escaped, and names the backend in the title", () => {
    const page = '<html><head><title>Cucumber</title></head><body>\n<div id="content">\n</div>';
    const html = withRunHeader(page, {
      backend: "embedded",
      facts: [
        { label: "Backend", value: "embedded" },
        { label: "Why", value: "TEST_BACKEND=auto and <no> Docker engine" },
      ],
      startedAt: t0,
      finishedAt: t0,
    });
    expect(html).toContain("<title>orderflow scenarios on the embedded backend</title>");
    expect(html).toContain(
      '<dl><dt>Backend</dt><dd>embedded</dd><dt>Why</dt><dd>TEST_BACKEND=auto and &lt;no&gt; Docker engine</dd></dl></header>\n<div id="content">',
    );
  });
});

describe("ScenarioReporter", () => {
  test("writes NDJSON, HTML, JUnit and Markdown for a run with scenarios, and appends the step summary", async () => {
    const root = tempDir("orderflow-report-");
    await mkdir(join(root, "features"));
    await writeFile(join(root, "features", "promo.feature"), feature);
    const stepSummary = join(root, "step-summary.md");
    const saved = {
      dir: process.env[STEP_LOG_DIR_ENV],
      summary: process.env.GITHUB_STEP_SUMMARY,
      run: process.env[RUN_FILE_ENV],
    };
    process.env.GITHUB_STEP_SUMMARY = stepSummary;
    // Under `npm test` the scenarios' global setup has set it for the run's own workers.
    delete process.env[RUN_FILE_ENV];
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
      expect(html.match(/<header class="orderflow-run"><h1>[^<]*<\/h1>/)?.[0]).toBe(
        '<header class="orderflow-run"><h1>orderflow scenarios on the unknown backend</h1>',
      );
      const results = JSON.parse(
        await readFile(join(root, "reports", "scenario-results.json"), "utf8"),
      ) as unknown;
      expect(results).toMatchObject({
        backend: "unknown",
        scenarios: [
          {
            feature: "Promo codes",
            scenario: "A customer pays the full price",
            uri: "features/promo.feature",
            status: "passed",
          },
        ],
      });
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
      if (saved.run !== undefined) process.env[RUN_FILE_ENV] = saved.run;
    }
  });

  test("a run of unit tests only writes nothing", async () => {
    const root = tempDir("orderflow-report-");
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
