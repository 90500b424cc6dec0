#!/usr/bin/env node
// CommonJS (bin/package.json): starting through Node's ES module loader costs every command a few
// milliseconds. The only place that sets the exit code.
"use strict";
const { loadRun } = require("../dist/cli/start.cjs");

(async () => {
  const run = await loadRun();
  // stdin is only opened by a command that reads it (enter, init): opening it costs every other start.
  const io = { stdout: process.stdout, stderr: process.stderr, get stdin() { return process.stdin; }, env: process.env };
  process.exitCode = await run(process.argv.slice(2), io);
})();
