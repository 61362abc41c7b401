// Jest's node environment, with two additions. A test worker compiles each module's source once.
// Jest gives every test file a fresh module registry, so each file compiles the AWS SDK, the
// cloud and everything else it imports again: about a fifth of a cloud test file's CPU. V8's
// code cache for a source, kept in memory for the worker's life, makes the next compile of
// the same source a cheap load. What the modules do, and when, is unchanged: each file still
// evaluates its own fresh copy.
// And with TEST_CPU_LOG=<file>, each test file appends the CPU its worker spent on it (loading
// and running, worker threads included; child processes not) as one JSON line: how to find
// the files that make `npm test` slow (docs/performance.md).
const vm = require("node:vm");
const { createHash } = require("node:crypto");
const { appendFileSync } = require("node:fs");
const { relative } = require("node:path");
const { performance } = require("node:perf_hooks");
const { TestEnvironment } = require("jest-environment-node");

const INSTALLED = Symbol.for("orderflow.codeCache");

function keyOf(source, filename) {
  return `${filename}\0${createHash("sha1").update(source).digest("base64")}`;
}

function cacheCompiledFunctions(caches) {
  const compile = vm.compileFunction;
  vm.compileFunction = function compileFunction(source, params, options = {}) {
    const key = keyOf(source, options.filename);
    const cachedData = caches.get(key);
    if (!cachedData) {
      const fn = compile.call(this, source, params, { ...options, produceCachedData: true });
      if (fn.cachedData) caches.set(key, fn.cachedData);
      return fn;
    }
    const fn = compile.call(this, source, params, { ...options, cachedData });
    if (fn.cachedDataRejected) caches.delete(key);
    return fn;
  };
}

function cacheSourceTextModules(caches) {
  const Original = vm.SourceTextModule;
  if (!Original) return;
  vm.SourceTextModule = class SourceTextModule extends Original {
    constructor(source, options = {}) {
      const key = keyOf(source, options.identifier);
      const cachedData = caches.get(key);
      super(source, cachedData ? { ...options, cachedData } : options);
      if (!cachedData) caches.set(key, this.createCachedData());
    }
  };
}

if (!globalThis[INSTALLED]) {
  globalThis[INSTALLED] = true;
  const caches = new Map();
  cacheCompiledFunctions(caches);
  cacheSourceTextModules(caches);
}

class CpuLoggingEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.file = relative(config.globalConfig.rootDir, context.testPath);
  }

  async setup() {
    this.started = { cpu: process.cpuUsage(), at: performance.now() };
    await super.setup();
  }

  async teardown() {
    await super.teardown();
    const cpu = process.cpuUsage(this.started.cpu);
    const line = {
      file: this.file,
      cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100,
      wallSeconds: Math.round((performance.now() - this.started.at) / 10) / 100,
    };
    appendFileSync(process.env.TEST_CPU_LOG, `${JSON.stringify(line)}\n`);
  }
}

module.exports = process.env.TEST_CPU_LOG ? CpuLoggingEnvironment : TestEnvironment;
