#!/usr/bin/env node
// The only place that sets the exit code. dist/bundle is dist/ joined into a few files by rolldown (npm run
// build): loading some 180 ES modules one by one took longer than the whole township tally.
import { run, stdoutFailure } from "../dist/bundle/run.js";

// A reader that goes away (| head) is not an error; any other failure to write stdout (a full disk) is
// said in one line, not as a stack trace, and the run does not end as done.
process.stdout.on("error", (e) => {
  if (e.code === "EPIPE") return;
  process.stderr.write(stdoutFailure(process.argv.slice(2), e.code ?? e.message));
  process.exitCode = 70;
});
// stderr carries only messages, never the results: one that cannot be written (a reader gone, a full
// disk) cannot be said anywhere else, and the exit code still says how the run ended.
process.stderr.on("error", () => {});

// stdin is opened only by a command that reads it (enter, init): getting process.stdin opens it.
const io = { stdout: process.stdout, stderr: process.stderr, get stdin() { return process.stdin; }, env: process.env };
const code = await run(process.argv.slice(2), io);
if (process.exitCode === undefined) process.exitCode = code;
