// Loaded by jest-light-runner before the test files of each worker (see jest.config.ts). That
// runner calls each test and hook with no time limit, so one that hangs would hang `npm test`
// with no name on it. This gives each the limit Jest's own runner would: the one passed to
// test()/beforeAll()/..., else the default for its file (a scenario's is longer).
import type { Circus } from "@jest/types";
import { addEventHandler } from "jest-circus";
import { defaultTimeoutFor } from "./test-timeout.ts";

type Body = Circus.TestFn | Circus.HookFn;

function called(fn: Body): Promise<unknown> {
  if (fn.length === 0) return Promise.resolve().then(() => (fn as () => unknown)());
  return new Promise((resolve, reject) => {
    const done = (reason?: unknown) => (reason ? reject(reason) : resolve(undefined));
    (fn as (done: (reason?: unknown) => void) => unknown)(done);
  });
}

function limited(fn: Body, ms: number, what: string): () => Promise<unknown> {
  return () => {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} exceeded its timeout of ${ms} ms`)), ms);
    });
    return Promise.race([called(fn), expired]).finally(() => clearTimeout(timer));
  };
}

// Jest's own handler has already added the test or hook to the current block when this runs.
addEventHandler((event, state) => {
  const block = state.currentDescribeBlock;
  const fallback = () => defaultTimeoutFor(expect.getState().testPath);
  if (event.name === "add_test") {
    const test = block.children.at(-1);
    if (test?.type === "test" && typeof test.fn === "function") {
      test.fn = limited(test.fn, event.timeout ?? fallback(), `test "${event.testName}"`);
    }
  } else if (event.name === "add_hook") {
    const hook = block.hooks.at(-1);
    if (hook) hook.fn = limited(hook.fn, event.timeout ?? fallback(), event.hookType);
  }
});
