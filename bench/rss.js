// Preloaded (node --import) into a measured process: on exit, writes the process's peak resident memory
// (worker threads included) in kilobytes to file descriptor 3, where bench/run.js reads it when GNU time
// is missing.
import { writeSync } from "node:fs";
import { isMainThread } from "node:worker_threads";

if (isMainThread) {
  process.on("exit", () => {
    try { writeSync(3, String(process.resourceUsage().maxRSS)); } catch { /* not measured */ }
  });
}
