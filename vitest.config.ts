import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30000,
    hookTimeout: 60000,
    pool: "forks",
    // Two workers on a two-core machine: many tests wait on a spawned binary or Chromium.
    maxWorkers: 2,
  },
});
