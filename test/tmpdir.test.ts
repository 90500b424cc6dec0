// The run's temporary folder (test/global-setup.ts) is where os.tmpdir() points in every test worker.
import * as os from "node:os";
import * as path from "node:path";
import { expect, it } from "vitest";

it("puts every test's temporary folders in the run's own folder, removed when the run ends", () => {
  expect(path.basename(os.tmpdir())).toMatch(/^piaojue-tests-/);
});
