#!/usr/bin/env node
// The only place that sets the exit code. dist/bundle is dist/ joined into a few files by rolldown (npm run
// build): loading some 180 ES modules one by one took longer than the whole township tally.
import { run, stdoutFailure, stoppedLine } from "../dist/bundle/run.js";

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

// Ctrl+C or SIGTERM: one line on what out/ holds, then the signal ends the run as it would have (130, 143).
// While a committed set is put in place the signal is held (io/files.ts) and raised again once it is; that
// raise may reach this handler only after the run has ended, so it is also said on the way out.
const stopSignals = ["SIGINT", "SIGTERM"];
let held;
function stopped(signal) {
  const line = stoppedLine(process.argv.slice(2));
  if (line === null) { held = signal; return; }
  held = undefined;
  process.stderr.write(line);
  for (const s of stopSignals) process.off(s, stopped);
  process.kill(process.pid, signal);
}
for (const s of stopSignals) process.on(s, stopped);
process.on("exit", () => { if (held) stopped(held); });

// stdin is opened only by a command that reads it (enter, init): getting process.stdin opens it.
const io = { stdout: process.stdout, stderr: process.stderr, get stdin() { return process.stdin; }, env: process.env };
const code = await run(process.argv.slice(2), io);
if (process.exitCode === undefined) process.exitCode = code;
