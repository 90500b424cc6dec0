#!/usr/bin/env node
// The only place that sets the exit code.
import { run } from "../dist/cli/run.js";

// stdin is opened only by a command that reads it (enter, init): getting process.stdin opens it.
const io = { stdout: process.stdout, stderr: process.stderr, get stdin() { return process.stdin; }, env: process.env };
process.exitCode = await run(process.argv.slice(2), io);
