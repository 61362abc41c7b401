import type { AggregatedResult, Test, TestResult } from "@jest/test-result";
import { CucumberHtmlStream } from "@cucumber/html-formatter";
import { generateMessages } from "@cucumber/gherkin";
import { IdGenerator, SourceMediaType } from "@cucumber/messages";
import { createWriteStream } from "node:fs";
import { appendFile, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { readRunFileIfAny } from "../run-file.ts";
import { type JestTestOutcome, toScenarioResults } from "./collect.ts";
import { toJunitXml } from "./junit.ts";
import { buildMessages } from "./messages.ts";
import type { FeatureSource, RunInfo } from "./scenario-results.ts";
import { STEP_LOG_DIR_ENV, parseStepLog } from "./step-log.ts";
import { toMarkdownSummary } from "./summary.ts";

interface ReporterOptions {
  /** Where the report goes, relative to the repository root. */
  outputDir?: string;
  featuresDir?: string;
  /** No "report written to" line (the reporter's own tests). */
  silent?: boolean;
}

/**
 * The living documentation: after a run that included scenarios, writes Cucumber Messages
 * (NDJSON), a standalone HTML report, JUnit XML and a Markdown summary (also appended to
 * $GITHUB_STEP_SUMMARY when set). A run of unit tests only writes nothing.
 */
export default class ScenarioReporter {
  private readonly root: string;
  private readonly outputDir: string;
  private readonly featuresDir: string;
  private readonly stepDir: string;
  private readonly silent: boolean;
  private readonly outcomes: JestTestOutcome[] = [];
  private startedAt = Date.now();

  constructor(globalConfig: { rootDir: string }, options: ReporterOptions = {}) {
    this.root = globalConfig.rootDir;
    this.outputDir = join(this.root, options.outputDir ?? "reports");
    this.featuresDir = join(this.root, options.featuresDir ?? "features");
    this.silent = options.silent ?? false;
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
        fullName: a.fullName,
        status: a.status,
        duration: a.duration ?? null,
        startedAt: (a as { startAt?: number | null }).startAt ?? null,
        failureMessages: a.failureMessages,
      });
    }
  }

  async onRunComplete(_contexts: unknown, _aggregated: AggregatedResult): Promise<void> {
    if (this.outcomes.length === 0) return;
    const finishedAt = Date.now();
    const runFile = await readRunFileIfAny();
    const run: RunInfo = {
      backend: runFile?.backend ?? "unknown",
      reason: runFile?.reason ?? "the global setup left no record",
      startedAt: this.startedAt,
      finishedAt,
    };
    const features = await this.readFeatures();
    const records = await this.readStepRecords();
    const stepCounts = countSteps(features);
    const results = toScenarioResults(
      this.outcomes,
      records,
      (f, s) => stepCounts.get(`${f}\u0000${s}`) ?? 0,
      this.startedAt,
    );
    await mkdir(this.outputDir, { recursive: true });
    const envelopes = buildMessages(features, results, run);
    const ndjson = join(this.outputDir, "cucumber-messages.ndjson");
    const html = join(this.outputDir, "scenarios.html");
    const junit = join(this.outputDir, "junit.xml");
    const summary = join(this.outputDir, "summary.md");
    await writeFile(ndjson, envelopes.map((e) => JSON.stringify(e)).join("\n") + "\n");
    await pipeline(Readable.from(envelopes), new CucumberHtmlStream(), createWriteStream(html));
    await writeFile(junit, toJunitXml(results, run));
    const markdown = toMarkdownSummary(results, run);
    await writeFile(summary, markdown);
    if (process.env.GITHUB_STEP_SUMMARY)
      await appendFile(process.env.GITHUB_STEP_SUMMARY, markdown);
    await rm(this.stepDir, { recursive: true, force: true });
    if (this.silent) return;
    const shown = (p: string) => relative(process.cwd(), p);
    process.stdout.write(
      `\nScenario report (${run.backend} backend): ${shown(html)}\n` +
        `  also ${shown(junit)}, ${shown(ndjson)}, ${shown(summary)}\n`,
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

/** Steps per scenario (pickle), keyed by feature title and scenario name. */
function countSteps(features: FeatureSource[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of features) {
    const envelopes = generateMessages(
      f.data,
      f.uri,
      SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN,
      {
        includeGherkinDocument: true,
        includePickles: true,
        newId: IdGenerator.uuid(),
      },
    );
    const title = envelopes.find((e) => e.gherkinDocument)?.gherkinDocument?.feature?.name ?? "";
    for (const e of envelopes) {
      if (e.pickle) counts.set(`${title}\u0000${e.pickle.name}`, e.pickle.steps.length);
    }
  }
  return counts;
}
