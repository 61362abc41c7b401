import { generateMessages } from "@cucumber/gherkin";
import { IdGenerator, SourceMediaType, type Envelope } from "@cucumber/messages";
import type { FeatureSource } from "./scenario-results.ts";

/** A Gherkin step as a reader sees it in the feature file. */
export interface StepInfo {
  keyword: string;
  text: string;
  line: number;
}

/** One scenario (an outline's example row is one too), as jest-cucumber names its test. */
export interface PickleInfo {
  uri: string;
  featureTitle: string;
  name: string;
  steps: StepInfo[];
}

/** Parses a feature file into Cucumber Messages: its source, document and pickles. */
export function parseFeature(
  feature: FeatureSource,
  newId: IdGenerator.NewId,
): readonly Envelope[] {
  return generateMessages(
    feature.data,
    feature.uri,
    SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN,
    {
      includeSource: true,
      includeGherkinDocument: true,
      includePickles: true,
      newId,
    },
  );
}

/** Every scenario of the features, with each step's keyword, text and line. */
export function readPickles(features: FeatureSource[]): PickleInfo[] {
  return features.flatMap((feature) => {
    const envelopes = parseFeature(feature, IdGenerator.incrementing());
    const document = envelopes.find((e) => e.gherkinDocument)?.gherkinDocument;
    const steps = new Map<string, { keyword: string; line: number }>();
    for (const child of document?.feature?.children ?? []) {
      const blocks = [
        child.background,
        child.scenario,
        ...(child.rule?.children ?? []).flatMap((c) => [c.background, c.scenario]),
      ];
      for (const block of blocks) {
        for (const step of block?.steps ?? []) {
          steps.set(step.id, { keyword: step.keyword.trim(), line: step.location.line });
        }
      }
    }
    return envelopes.flatMap((e) =>
      e.pickle
        ? [
            {
              uri: feature.uri,
              featureTitle: document?.feature?.name ?? "",
              name: e.pickle.name,
              steps: e.pickle.steps.map((step) => {
                const source = steps.get(step.astNodeIds[0] ?? "");
                return { keyword: source?.keyword ?? "", text: step.text, line: source?.line ?? 0 };
              }),
            },
          ]
        : [],
    );
  });
}
