// Jest's node environment for Stryker's runs (stryker.config.mjs), where a test worker compiles
// each module's source once. Jest gives every test file a fresh module registry, so each file
// compiles everything it imports again. V8's code cache for a source, kept in memory for the
// worker's life, makes the next compile of the same source a cheap load. What the modules do,
// and when, is unchanged: each file still evaluates its own fresh copy.
const vm = require("node:vm");
const { createHash } = require("node:crypto");
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

module.exports = TestEnvironment;
