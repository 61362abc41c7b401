import type { AggregatedResult, Test, TestResult } from "@jest/test-result";
import { CucumberHtmlStream } from "@cucumber/html-formatter";
import { appendFile, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { readRunFileIfAny } from "../run-file.ts";
import { errorAnnotation } from "./annotations.ts";
import { type JestTestOutcome, toScenarioResults } from "./collect.ts";
import { failedSteps } from "./failures.ts";
import { readPickles } from "./gherkin.ts";
import { withRunHeader } from "./html-header.ts";
import { toJunitXml } from "./junit.ts";
import { buildMessages } from "./messages.ts";
import { toResultsFile } from "./results-file.ts";
import type { Envelope } from "@cucumber/messages";
import type { FeatureSource, RunInfo } from "./scenario-results.ts";
import { STEP_LOG_DIR_ENV, parseStepLog } from "./step-log.ts";
import { toMarkdownSummary } from "./summary.ts";

interface ReporterOptions {
  /** Where the report goes, relative to the repository root. */
  outputDir?: string;
  featuresDir?: string;
  /** No "report written to" line (the reporter's own tests). */
  silent?: boolean;
  /** Where annotations and the closing lines go; stdout by default. */
  write?: (text: string) => void;
  /** Where GITHUB_ACTIONS and GITHUB_STEP_SUMMARY are read; process.env by default. */
  env?: NodeJS.ProcessEnv;
}

/** The standalone HTML page Cucumber's formatter makes of the messages. */
async function htmlOf(envelopes: Envelope[]): Promise<string> {
  const chunks: string[] = [];
  await pipeline(Readable.from(envelopes), new CucumberHtmlStream(), async (html) => {
    for await (const chunk of html) chunks.push(String(chunk));
  });
  return chunks.join("");
}

/**
 * The living documentation: after a run that included scenarios, writes Cucumber Messages
 * (NDJSON), a standalone HTML report, JUnit XML, a Markdown summary (also appended to
 * $GITHUB_STEP_SUMMARY when set) and a results file for machines. Under GitHub Actions each
 * failed step also becomes an error annotation on its line of the feature file. A run of unit
 * tests only writes nothing.
 */
export default class ScenarioReporter {
  private readonly root: string;
  private readonly outputDir: string;
  private readonly featuresDir: string;
  private readonly stepDir: string;
  private readonly silent: boolean;
  private readonly write: (text: string) => void;
  private readonly env: NodeJS.ProcessEnv;
  private readonly outcomes: JestTestOutcome[] = [];
  private startedAt = Date.now();

  constructor(globalConfig: { rootDir: string }, options: ReporterOptions = {}) {
    this.root = globalConfig.rootDir;
    this.outputDir = resolve(this.root, options.outputDir ?? "reports");
    this.featuresDir = resolve(this.root, options.featuresDir ?? "features");
    this.silent = options.silent ?? false;
    this.write = options.write ?? ((line) => void process.stdout.write(line));
    this.env = options.env ?? process.env;
    this.stepDir = join(this.outputDir, ".steps", `${process.pid}-${Date.now()}`);
    // Workers start after the reporters are made, so they inherit this.
    process.env[STEP_LOG_DIR_ENV] = this.stepDir;
  }

  onRunStart(): void {
    this.startedAt = Date.now();
  }

  onTestFileResult(test: Test, result: TestResult): void {
    if (test.context.config.displayName?.name !== "scenarios") return;
    for (const a of result.testResults) {
      this.outcomes.push({
        testPath: test.path,
        ancestorTitles: a.ancestorTitles,
        title: a.title,
        // As the step recorder names it (expect's currentTestName); jest-light-runner's own
        // fullName is the title alone.
        fullName: [...a.ancestorTitles, a.title].join(" "),
        status: a.status,
        duration: a.duration ?? null,
        startedAt: (a as { startAt?: number | null }).startAt ?? null,
        failureMessages: a.failureMessages,
      });
    }
  }

  async onRunComplete(_contexts: unknown, _aggregated: AggregatedResult): Promise<void> {
    if (this.outcomes.length === 0) return;
    const runFile = await readRunFileIfAny();
    const run: RunInfo = {
      backend: runFile?.backend ?? "unknown",
      facts: runFile?.facts ?? [
        { label: "Backend", value: "unknown: the global setup left no record" },
      ],
      startedAt: this.startedAt,
      finishedAt: Date.now(),
    };
    const features = await this.readFeatures();
    const pickles = readPickles(features);
    const results = toScenarioResults(
      this.outcomes,
      await this.readStepRecords(),
      (f, s) => pickles.find((p) => p.featureTitle === f && p.name === s)?.steps.length ?? 0,
      this.startedAt,
    );
    const failed = failedSteps(pickles, results);
    if (this.env.GITHUB_ACTIONS === "true") {
      for (const f of failed) this.write(`${errorAnnotation(f)}\n`);
    }
    const envelopes = buildMessages(features, results, run, this.env);
    const html = await htmlOf(envelopes);
    const markdown = toMarkdownSummary(results, failed, run);
    const files = {
      html: ["scenarios.html", withRunHeader(html, run)],
      ndjson: [
        "cucumber-messages.ndjson",
        `${envelopes.map((e) => JSON.stringify(e)).join("\n")}\n`,
      ],
      junit: ["junit.xml", toJunitXml(results, run)],
      summary: ["summary.md", markdown],
      results: [
        "scenario-results.json",
        `${JSON.stringify(toResultsFile(results, run, pickles), null, 2)}\n`,
      ],
    } as const;
    await mkdir(this.outputDir, { recursive: true });
    for (const [name, content] of Object.values(files))
      await writeFile(join(this.outputDir, name), content);
    if (this.env.GITHUB_STEP_SUMMARY) await appendFile(this.env.GITHUB_STEP_SUMMARY, markdown);
    await rm(this.stepDir, { recursive: true, force: true });
    if (this.silent) return;
    const shown = (name: string) => relative(process.cwd(), join(this.outputDir, name));
    this.write(
      `\nScenario report (${run.backend} backend): ${shown(files.html[0])}\n` +
        `  also ${[files.junit, files.ndjson, files.summary, files.results].map(([name]) => shown(name)).join(", ")}\n`,
    );
  }

  private async readFeatures(): Promise<FeatureSource[]> {
    const names = (await readdir(this.featuresDir, { recursive: true })).filter((n) =>
      n.endsWith(".feature"),
    );
    return Promise.all(
      names.toSorted().map(async (name) => {
        const path = join(this.featuresDir, name);
        return { uri: relative(this.root, path), data: await readFile(path, "utf8") };
      }),
    );
  }

  private async readStepRecords() {
    const files = await readdir(this.stepDir).catch(() => [] as string[]);
    const texts = await Promise.all(files.map((f) => readFile(join(this.stepDir, f), "utf8")));
    return texts.flatMap(parseStepLog);
  }
}
