// Every npm entry point runs this first (see package.json). On a Node.js older than the one
// orderflow needs it stops at once with one line that says what to do, instead of the errors
// an old Node gives later (".ts" is an unknown file extension, Jest asking for ts-node).
// Old-fashioned JavaScript on purpose: it has to run on the very Node.js it turns away.
"use strict";

var fs = require("fs");
var path = require("path");

var root = path.join(__dirname, "..");

function read(name) {
  return fs.readFileSync(path.join(root, name), "utf8");
}

/** [major, minor] from package.json's engines.node, which reads ">=22.22". */
function needed() {
  var range = JSON.parse(read("package.json")).engines.node;
  var match = /^>=\s*(\d+)\.(\d+)/.exec(range);
  if (!match) throw new Error('engines.node must read ">=MAJOR.MINOR", not "' + range + '"');
  return [Number(match[1]), Number(match[2])];
}

/** Undefined when `version` (e.g. "20.20.2") is recent enough; otherwise the line to print. */
function refusal(version, executable) {
  var want = needed();
  var parts = version.split(".").map(Number);
  var ok = parts[0] > want[0] || (parts[0] === want[0] && parts[1] >= want[1]);
  if (ok) return undefined;
  var recommended = read(".nvmrc").trim();
  return [
    "orderflow needs Node.js >= " + want.join("."),
    ", but this is Node.js " + version + " (" + executable + ")",
    ": run `nvm use` (.nvmrc says " + recommended + ")",
    " or install Node.js " + recommended + " from https://nodejs.org/, then try again.",
  ].join("");
}

module.exports = { refusal: refusal };

var line = refusal(process.versions.node, process.execPath);
if (line) {
  process.stderr.write(line + "\n");
  process.exit(1);
}
