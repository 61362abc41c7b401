// Preloaded by `npm test` (see package.json): turns on Node's on-disk compile cache for Jest's
// process, and through the environment for every worker thread and child process it starts.
// A run after the first then skips parsing (and type-stripping) the AWS SDK, the cloud and our
// sources in each of them again. Node's default directory, the one `orderflow` itself uses.
"use strict";

var os = require("os");
var path = require("path");
var nodeModule = require("module");

process.env.NODE_COMPILE_CACHE ||= path.join(os.tmpdir(), "node-compile-cache");
nodeModule.enableCompileCache(process.env.NODE_COMPILE_CACHE);
