// Every temporary folder a test makes (os.tmpdir() based, in this process, its workers and the binaries
// they spawn) goes into one folder made for the run, removed when the run ends, pass or fail. The print
// tests' Chromium is launched here too, once for the run, and closed when it ends (test/e2e/chromium.ts).
import { existsSync, promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium } from "playwright-core";
import type { TestProject } from "vitest/node";
import { CHROMIUM, CHROMIUM_ARGS } from "./e2e/chromium.js";

/**
 * Where the run's folder goes: a memory file system when there is one with room and TMPDIR does not say
 * otherwise. The tests make and remove thousands of small folders, and piaojue syncs every file it writes
 * (SPEC §10): on a busy disk that is a third of the time of the file-heavy tests, in memory next to none.
 */
async function tempRoot(): Promise<string> {
  if (process.env.TMPDIR) return os.tmpdir();
  const shm = await fs.statfs("/dev/shm").catch(() => undefined);
  // Room for the largest inputs of the hostile-input corpus (64 MB, 40 MB…) many times over.
  return shm && shm.bavail * shm.bsize >= 2 * 1024 ** 3 ? "/dev/shm" : os.tmpdir();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await fs.mkdtemp(path.join(await tempRoot(), "piaojue-tests-"));
  process.env.TMPDIR = dir;
  // Every node this run starts (its workers, the built binary, the crash tests' writers: a hundred and more)
  // would read and parse the extra CA certificates first, 50 ms each on this machine; nothing here opens a
  // TLS connection.
  delete process.env.NODE_EXTRA_CA_CERTS;
  const server = existsSync(CHROMIUM) ? await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }) : undefined;
  project.provide("chromiumEndpoint", server?.wsEndpoint() ?? null);
  return async () => {
    await server?.close();
    await fs.rm(dir, { recursive: true, force: true });
  };
}
