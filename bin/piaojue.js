#!/usr/bin/env node
// The only place that sets the exit code. dist/bundle is dist/ joined into a few files by rolldown (npm run
// build): loading some 180 ES modules one by one took longer than the whole township tally.
import { run } from "../dist/bundle/run.js";

// stdin is opened only by a command that reads it (enter, init): getting process.stdin opens it.
const io = { stdout: process.stdout, stderr: process.stderr, get stdin() { return process.stdin; }, env: process.env };
process.exitCode = await run(process.argv.slice(2), io);
