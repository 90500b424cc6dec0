import * as path from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The slowest files, slowest first (seconds of one worker, measured on this two-core machine). Without
 * vitest's cache of last durations (a fresh clone, CI) files go largest first, and bad-input (23 s in a
 * small file) started last and ran alone for its whole length at the end of a run. Started first, the
 * long files share the two workers and the many short ones fill in behind them.
 */
const SLOWEST = [
  "test/e2e/print.test.ts", // 32 s
  "test/cli/bad-input.test.ts", // 23 s
  "test/e2e/crash.test.ts", // 16 s
  "test/e2e/print-announcement.test.ts", // 13 s
  "test/e2e/bin.test.ts", // 10 s
  "test/e2e/satisfaction-html.test.ts", // 9 s
  "test/io/csv.test.ts", // 6 s
  "test/e2e/progress-print.test.ts", // 6 s
  "test/cli/lang.test.ts", // 6 s
  "test/cli/fuzz-input.test.ts", // 5 s
];

class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = SLOWEST.indexOf(path.relative(f.project.config.root, f.moduleId).split(path.sep).join("/"));
      return i < 0 ? SLOWEST.length : i;
    };
    // Array.prototype.sort is stable: the other files keep the order vitest gives them.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30000,
    hookTimeout: 60000,
    setupFiles: ["test/file-cleanup.ts", "test/english.ts"],
    pool: "forks",
    // Two workers on a two-core machine: many tests wait on a spawned binary or Chromium.
    maxWorkers: 2,
    // The files of one worker share the modules they import (each file is still its own module, and no
    // test leaves a mock, a patched function or an environment variable behind): loading src/ and the
    // packages once per worker instead of once per file saves about 15 s of a run.
    isolate: false,
    sequence: { sequencer: SlowestFirst },
  },
});
