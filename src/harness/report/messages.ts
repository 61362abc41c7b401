import {
  AttachmentContentEncoding,
  type Ci,
  type Envelope,
  IdGenerator,
  type Pickle,
  TestStepResultStatus,
} from "@cucumber/messages";
import { arch, platform, release } from "node:os";
import { parseFeature } from "./gherkin.ts";
import type { FeatureSource, RunInfo, ScenarioResult, StepOutcome } from "./scenario-results.ts";

const statusOf = {
  passed: TestStepResultStatus.PASSED,
  failed: TestStepResultStatus.FAILED,
  skipped: TestStepResultStatus.SKIPPED,
};

function timestamp(ms: number): { seconds: number; nanos: number } {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

/** The CI run the report came from, as Cucumber tools show it: a link back to the run. */
export function ciOf(env: NodeJS.ProcessEnv): Ci | undefined {
  if (env.GITHUB_ACTIONS !== "true" || !env.GITHUB_SERVER_URL || !env.GITHUB_REPOSITORY)
    return undefined;
  const repository = `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`;
  return {
    name: "GitHub Actions",
    ...(env.GITHUB_RUN_ID ? { url: `${repository}/actions/runs/${env.GITHUB_RUN_ID}` } : {}),
    ...(env.GITHUB_RUN_NUMBER ? { buildNumber: env.GITHUB_RUN_NUMBER } : {}),
    ...(env.GITHUB_SHA
      ? {
          git: {
            remote: repository,
            revision: env.GITHUB_SHA,
            ...(env.GITHUB_REF_TYPE === "branch" && env.GITHUB_REF_NAME
              ? { branch: env.GITHUB_REF_NAME }
              : {}),
            ...(env.GITHUB_REF_TYPE === "tag" && env.GITHUB_REF_NAME
              ? { tag: env.GITHUB_REF_NAME }
              : {}),
          },
        }
      : {}),
  };
}

function key(featureTitle: string, scenarioTitle: string): string {
  return `${featureTitle}\u0000${scenarioTitle}`;
}

/**
 * Turns the features and the scenario results of one run into Cucumber Messages, the format
 * every Cucumber tool reads (the HTML formatter among them). Scenarios are matched to pickles
 * by feature title and scenario name, the way jest-cucumber names its tests.
 */
export function buildMessages(
  features: FeatureSource[],
  results: ScenarioResult[],
  run: RunInfo,
  env: NodeJS.ProcessEnv = process.env,
): Envelope[] {
  const newId = IdGenerator.incrementing();
  const ci = ciOf(env);
  const byName = new Map(results.map((r) => [key(r.featureTitle, r.scenarioTitle), r]));
  const testRunStartedId = newId();
  const envelopes: Envelope[] = [
    {
      meta: {
        protocolVersion: "34.2.1",
        // The header reads "<name> with node.js@… on linux@…"; the rest of the run's facts
        // have a header of their own above it (html-header.ts).
        implementation: { name: `orderflow scenarios on the ${run.backend} backend` },
        runtime: { name: "node.js", version: process.versions.node },
        os: { name: platform(), version: release() },
        cpu: { name: arch() },
        ...(ci ? { ci } : {}),
      },
    },
  ];
  const cases: Envelope[] = [];
  for (const feature of features) {
    const parsed = parseFeature(feature, newId);
    const title = parsed.find((e) => e.gherkinDocument)?.gherkinDocument?.feature?.name ?? "";
    const pickles = parsed.flatMap((e) => (e.pickle ? [e.pickle] : []));
    const ran = pickles.filter((p) => byName.has(key(title, p.name)));
    if (ran.length === 0) continue;
    envelopes.push(...parsed.filter((e) => !e.pickle));
    for (const pickle of ran) {
      envelopes.push({ pickle });
      cases.push(
        ...testCaseMessages(
          pickle,
          byName.get(key(title, pickle.name)) as ScenarioResult,
          newId,
          testRunStartedId,
        ),
      );
    }
  }
  envelopes.push({ testRunStarted: { id: testRunStartedId, timestamp: timestamp(run.startedAt) } });
  envelopes.push(...cases);
  envelopes.push({
    testRunFinished: {
      testRunStartedId,
      success: results.every((r) => r.status !== "failed"),
      timestamp: timestamp(run.finishedAt),
    },
  });
  return envelopes;
}

function testCaseMessages(
  pickle: Pickle,
  result: ScenarioResult,
  newId: () => string,
  testRunStartedId: string,
): Envelope[] {
  const testCaseId = newId();
  const testSteps = pickle.steps.map((step) => ({
    id: newId(),
    pickleStepId: step.id,
    stepDefinitionIds: [],
    stepMatchArgumentsLists: [],
  }));
  const startedId = newId();
  const out: Envelope[] = [
    { testCase: { id: testCaseId, pickleId: pickle.id, testSteps, testRunStartedId } },
    {
      testCaseStarted: {
        id: startedId,
        testCaseId,
        attempt: 0,
        timestamp: timestamp(result.startedAt),
      },
    },
  ];
  testSteps.forEach((testStep, index) => {
    const outcome: StepOutcome = result.steps[index] ?? {
      status: "skipped",
      startedAt: result.startedAt + result.durationMs,
      durationMs: 0,
    };
    out.push({
      testStepStarted: {
        testCaseStartedId: startedId,
        testStepId: testStep.id,
        timestamp: timestamp(outcome.startedAt),
      },
    });
    for (const attachment of outcome.attachments ?? []) {
      out.push({
        attachment: {
          testCaseStartedId: startedId,
          testStepId: testStep.id,
          fileName: attachment.name,
          mediaType: attachment.mediaType,
          body: attachment.body,
          contentEncoding: AttachmentContentEncoding.IDENTITY,
          timestamp: timestamp(outcome.startedAt + outcome.durationMs),
        },
      });
    }
    out.push({
      testStepFinished: {
        testCaseStartedId: startedId,
        testStepId: testStep.id,
        timestamp: timestamp(outcome.startedAt + outcome.durationMs),
        testStepResult: {
          status: statusOf[outcome.status],
          duration: timestamp(outcome.durationMs),
          ...(outcome.message
            ? { message: outcome.message, exception: { type: "Error", message: outcome.message } }
            : {}),
        },
      },
    });
  });
  out.push({
    testCaseFinished: {
      testCaseStartedId: startedId,
      willBeRetried: false,
      timestamp: timestamp(result.startedAt + result.durationMs),
    },
  });
  return out;
}
