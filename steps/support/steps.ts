import { autoBindSteps, loadFeature } from "jest-cucumber";
import { runStep } from "../../src/harness/step-runner.ts";
import { RUN_FILE_WAIT_MS } from "../../src/harness/run-file.ts";
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

/** The scenario's world: a fresh one before each scenario, disposed after it. */
export let world: World;
/** Set once the scenario's world exists: a failed setup leaves nothing to record or dispose. */
let hasWorld = false;
let stepIndex = 0;
let bound = false;

/**
 * jest-cucumber reports a scenario as one test; each step is recorded on its own (status,
 * duration, what it attached, diagnostics when it fails) for the living documentation.
 */
function recorded(body: StepBody): StepBody {
  return (...args: string[]) => {
    // jest-light-runner runs the scenario even when its beforeEach failed; that failure is
    // the one to report.
    if (!hasWorld) throw new Error("the scenario has no world: its setup failed (above)");
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
  // The hooks belong to the file that calls this: the test workers import this module once
  // for all the files they run. (A scenario's time limit: src/testing/test-timeout.ts.)
  // The first scenario of a run may wait for the backend to start (RUN_FILE_WAIT_MS), plus a
  // minute for the world itself.
  beforeEach(async () => {
    world = await World.create();
    hasWorld = true;
    stepIndex = 0;
  }, RUN_FILE_WAIT_MS + 60_000);
  afterEach(async () => {
    if (!hasWorld) return;
    hasWorld = false;
    await world.dispose();
  });
  autoBindSteps(feature, [
    ({ defineStep }) => {
      // jest-cucumber keeps bound steps for the life of its module: give them only once.
      if (bound) return;
      bound = true;
      for (const { matcher, body } of library) defineStep(matcher, recorded(body));
    },
  ]);
}
