// One Jest runner in front of two. Jest runs the files of each distinct runner one runner after
// the other, so with the unit tests on jest-light-runner and the scenarios on Jest's own
// runner, the scenarios would wait for the last unit file before starting. Both projects name
// this runner instead; it hands each file to the runner its project needs and runs the two at
// once, so the scenarios' waiting overlaps the unit tests' computing.
import LightRunner from "jest-light-runner";
import JestRunner from "jest-runner";

/** Projects whose files need Jest's own runner (its environment and transform); the rest go light. */
const ON_JEST_RUNNER = new Set(["scenarios"]);

const onJestRunner = (test) => ON_JEST_RUNNER.has(test.context.config.displayName?.name);

/** Jest's runner events, which the reporters listen to. */
const EVENTS = [
  "test-file-start",
  "test-file-success",
  "test-file-failure",
  "test-case-start",
  "test-case-result",
];

export default class TwoRunners {
  supportsEventEmitters = true;
  #globalConfig;
  #context;
  #listeners = new Map();

  constructor(globalConfig, context) {
    this.#globalConfig = globalConfig;
    this.#context = context;
  }

  async runTests(tests, watcher, options) {
    const scenarios = tests.filter(onJestRunner);
    const units = tests.filter((test) => !onJestRunner(test));
    // Beside the unit files, the scenario files share one process: they mostly wait on the
    // pipeline, and each further process loads the SDK and the harness again (measured on
    // 2 cores: more CPU and no shorter run). Alone, they get every worker.
    const scenarioWorkers = units.length > 0 ? 1 : this.#globalConfig.maxWorkers;
    await Promise.all([
      units.length > 0 && this.#runLight(units, watcher),
      scenarios.length > 0 && this.#runJest(scenarios, watcher, options, scenarioWorkers),
    ]);
  }

  on(eventName, listener) {
    const listeners = this.#listeners.get(eventName) ?? new Set();
    listeners.add(listener);
    this.#listeners.set(eventName, listeners);
    return () => listeners.delete(listener);
  }

  async #emit(eventName, args) {
    for (const listener of this.#listeners.get(eventName) ?? []) await listener(args);
  }

  #runJest(tests, watcher, options, maxWorkers) {
    const runner = new JestRunner({ ...this.#globalConfig, maxWorkers }, this.#context);
    for (const eventName of EVENTS) runner.on(eventName, (args) => this.#emit(eventName, args));
    return runner.runTests(tests, watcher, options);
  }

  #runLight(tests, watcher) {
    const runner = new LightRunner(this.#globalConfig, this.#context);
    const emit = (eventName) => (test, result) =>
      this.#emit(eventName, result === undefined ? [test] : [test, result]);
    return runner.runTests(
      tests,
      watcher,
      emit("test-file-start"),
      emit("test-file-success"),
      emit("test-file-failure"),
    );
  }
}
