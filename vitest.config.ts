import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30000,
    hookTimeout: 60000,
    setupFiles: ["test/file-cleanup.ts"],
    pool: "forks",
    // Two workers on a two-core machine: many tests wait on a spawned binary or Chromium.
    maxWorkers: 2,
    // The files of one worker share the modules they import (each file is still its own module, and no
    // test leaves a mock, a patched function or an environment variable behind): loading src/ and the
    // packages once per worker instead of once per file saves about 15 s of a run.
    isolate: false,
  },
});
