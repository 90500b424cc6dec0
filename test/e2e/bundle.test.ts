// The bundle bin/piaojue.js starts from (scripts/bundle.mjs, part of `npm run build`): made aside in a
// temporary folder laid out like the package, it must give exactly what the modules give, and its code
// cache must be accepted.
import { spawnSync } from "node:child_process";
import { promises as fs, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
// start.cts is compiled to CommonJS, which the test runner does not transform: take the built one (pretest).
import { compileBundle, type Run } from "../../dist/cli/start.cjs";
import { FIXTURES, ROOT, runCli, scratchCopy, SEEDS, snapshot } from "../helpers.js";
import { FakeTerminal } from "../cli/fake-terminal.js";

let bundled: Run;
let cacheRejected: boolean | undefined;

beforeAll(async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-bundle-"));
  await fs.copyFile(path.join(ROOT, "package.json"), path.join(root, "package.json"));
  await fs.symlink(SEEDS, path.join(root, "seeds"));
  // The prompt library stays out of the bundle and is found in node_modules beside it, as when installed.
  await fs.symlink(path.join(ROOT, "node_modules"), path.join(root, "node_modules"));
  const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "bundle.mjs"), root], { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  const file = path.join(root, "dist", "bundle", "piaojue.cjs");
  const { script, run } = compileBundle(file, readFileSync(`${file}.cache`));
  cacheRejected = script.cachedDataRejected;
  bundled = run;
}, 120_000);

async function runBundled(argv: string[]): Promise<{ code: number; stdout: string; json: any }> {
  let stdout = "";
  const code = await bundled(argv, {
    stdout: { write: (s: string) => { stdout += s; return true; } },
    stderr: { write: () => true },
    cwd: ROOT, env: {}, now: () => new Date("2026-01-15T10:00:00Z"),
  });
  return { code, stdout, json: argv.includes("--json") ? JSON.parse(stdout) : undefined };
}

describe("the bundled CLI", () => {
  it("starts from its code cache", () => {
    expect(cacheRejected).toBe(false);
  });

  it("tallies exactly as the modules do: same document, same files", async () => {
    for (const session of [path.join(SEEDS, "township-2026"), path.join(SEEDS, "tie-runoff"), path.join(FIXTURES, "scenarios", "quorum-not-met"), path.join(FIXTURES, "scenarios", "unknown-column")]) {
      const a = await scratchCopy(session);
      const b = await scratchCopy(session);
      const viaModules = await runCli(["tally", a, "--json"]);
      const viaBundle = await runBundled(["tally", b, "--json"]);
      expect(viaBundle.code, session).toBe(viaModules.code);
      expect(JSON.stringify(viaBundle.json).replaceAll(b, a)).toBe(JSON.stringify(viaModules.json));
      const [outA, outB] = [await snapshot(path.join(a, "out")), await snapshot(path.join(b, "out"))];
      outA.delete("audit.json");
      outB.delete("audit.json");
      expect(outB).toEqual(outA);
    }
  });

  it("runs the commands it loads on demand (batch, verify, evaluate) and shows its help", async () => {
    expect((await runBundled(["verify", path.join(FIXTURES, "verify-example"), "--json"])).json.data.passed).toBe(4);
    const root = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-bundle-batch-"));
    await fs.cp(path.join(SEEDS, "township-2026"), path.join(root, "a"), { recursive: true, filter: (src) => path.basename(src) !== "out" });
    expect((await runBundled(["batch", root, "--json"])).json.data.counts.final).toBe(1);
    const evaluation = path.join(SEEDS, "evaluation-2027");
    const viaBundle = await runBundled(["evaluate", await scratchCopy(evaluation), "--json"]);
    const viaModules = await runCli(["evaluate", await scratchCopy(evaluation), "--json"]);
    expect(viaBundle.code).toBe(viaModules.code);
    expect(viaBundle.json.data).toEqual(viaModules.json.data);
    expect((await runBundled(["--help"])).stdout).toContain("batch");
  });

  it("asks init's questions on a terminal, loading the prompt library that stays out of the bundle", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-bundle-init-"));
    const term = new FakeTerminal(true);
    const done = term.run(["init", dir, "--yes", "--formal", "10"], {}, bundled);
    await term.waitFor("会议名称");
    term.type("清河乡第十八届人民代表大会第六次会议\r");
    await term.waitFor("应到代表人数");
    term.type("45\r");
    await term.waitFor("实到代表人数");
    term.type("42\r");
    const r = await done;
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(JSON.parse(await fs.readFile(path.join(dir, "session.json"), "utf8"))).toMatchObject({ title: "清河乡第十八届人民代表大会第六次会议", deputies: { total: 45, present: 42 }, rules: { formal: 10 } });
  });
});
