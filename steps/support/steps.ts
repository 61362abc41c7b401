import { autoBindSteps, loadFeature } from "jest-cucumber";
import { runStep } from "../../src/harness/step-runner.ts";
import { World } from "../../src/harness/world.ts";

type StepBody = (...args: string[]) => unknown;

const library: { matcher: string | RegExp; body: StepBody }[] = [];

/** Registers a step for every feature; given/when/then are the same thing, for reading. */
export function step(matcher: string | RegExp, body: StepBody): void {
  library.push({ matcher, body });
}
export const given = step;
export const when = step;
export const then = step;

// A scenario waits for the whole pipeline; the dead-letter path alone takes two visibility
// timeouts, and LocalStack starts a container per function. (A project-level testTimeout is
// ignored by Jest 30; the jest object is import.meta.jest in ESM mode.)
(import.meta as ImportMeta & { jest: { setTimeout(ms: number): void } }).jest.setTimeout(180_000);

/** The scenario's world: a fresh one before each scenario, disposed after it. */
export let world: World;
let stepIndex = 0;

beforeEach(async () => {
  world = await World.create();
  stepIndex = 0;
});

afterEach(async () => {
  await world.dispose();
});

/**
 * jest-cucumber reports a scenario as one test; each step is recorded on its own (status,
 * duration, what it attached, diagnostics when it fails) for the living documentation.
 */
function recorded(body: StepBody): StepBody {
  return (...args: string[]) => {
    const { currentTestName, testPath } = expect.getState();
    const place = { testPath: testPath ?? "", testName: currentTestName ?? "", index: stepIndex++ };
    return runStep(place, world, () => body(...args));
  };
}

/**
 * Binds every step of the library to one feature file (path from the repository root).
 * TAGS selects scenarios by tag expression: TAGS="@smoke and not @slow".
 */
export function bindFeature(path: string): void {
  const feature = loadFeature(path, process.env.TAGS ? { tagFilter: process.env.TAGS } : {});
  autoBindSteps(feature, [
    ({ defineStep }) => {
      for (const { matcher, body } of library) defineStep(matcher, recorded(body));
    },
  ]);
}
