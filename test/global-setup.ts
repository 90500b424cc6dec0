// Every temporary folder a test makes (os.tmpdir() based, in this process, its workers and the binaries
// they spawn) goes into one folder made for the run, removed when the run ends, pass or fail.
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export default async function setup(): Promise<() => Promise<void>> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-tests-"));
  process.env.TMPDIR = dir;
  return async () => {
    await fs.rm(dir, { recursive: true, force: true });
  };
}
