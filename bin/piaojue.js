#!/usr/bin/env node
import { loadRun } from "../dist/cli/start.js";

const run = await loadRun();
// stdin is only opened by a command that reads it (enter, init): opening it costs every other start.
const io = { stdout: process.stdout, stderr: process.stderr, get stdin() { return process.stdin; }, env: process.env };
process.exitCode = await run(process.argv.slice(2), io);
