// Jest's order of test files, for a machine with no record of earlier runs. Jest runs the files
// that took longest last time first, so that the run does not end with one worker busy and the
// others idle; without that record it goes by file size, and a short file that waits long (the
// orderflow up story, the soak, a scenario) can start last and make the tail of the run. Here a
// file without a record takes its estimate from the table below (seconds on a 2-core machine)
// and every other file counts as quick. With a record, Jest's own order stands.
const Sequencer = require("@jest/test-sequencer").default;

const ESTIMATES = {
  "src/cli/up.test.ts": 12,
  "src/soak/soak.test.ts": 8,
  "src/cloud/lambda/runtime/invoke.test.ts": 7,
  "src/cloud/lambda/event-sources/event-source.test.ts": 5,
  "src/cloud/lambda/emulator-faults.test.ts": 4.5,
  "src/cloud/lambda/control-plane/control-plane.test.ts": 4,
  "steps/orders-that-cannot-be-processed.steps.ts": 4,
  "src/stack/deploy.test.ts": 4,
  "src/cloud/lambda/fault-injection.test.ts": 3.5,
  "src/cloud/skipping-cloud.test.ts": 3.5,
  "src/cli/deploy.test.ts": 3,
  "src/api/under-faults.test.ts": 3,
};

function estimate(test) {
  const relative = test.path.slice(test.context.config.rootDir.length + 1).replaceAll("\\", "/");
  return ESTIMATES[relative];
}

class EstimatedFirst extends Sequencer {
  sort(tests) {
    if (tests.some((test) => this.time(test) !== undefined)) return super.sort(tests);
    const seconds = (test) => estimate(test) ?? 0;
    return [...tests].sort((a, b) => seconds(b) - seconds(a));
  }
}

module.exports = EstimatedFirst;
