// Crash safety (SPEC §10): a run killed at any point while writing leaves out/ with the complete old set
// or, once recovered, the complete new one — never a mix. A real SIGKILL in a child process, at every step
// of writeOutputSet, then at random moments of a whole `piaojue tally`. Uses the built dist/ (npm test
// builds it first).
import { spawn, spawnSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { sumsText } from "../../src/io/audit-trail.js";
import { recoverOutDir, writeOutputSet } from "../../src/io/files.js";
import { FIXTURES, ROOT, runCli, scratchCopy, sha256, snapshot } from "../helpers.js";

const BASE = path.join(FIXTURES, "bad", "base");
const FILES_JS = pathToFileURL(path.join(ROOT, "dist", "io", "files.js")).href;

type TwoSets = { dir: string; out: string; oldSet: Map<string, string>; newSet: Map<string, string>; newFiles: { name: string; content: Uint8Array }[] };

/** The two sets, tallied once for the file: the same inputs at the same (fixed) time give the same bytes. */
let madeSets: Promise<TwoSets> | undefined;

/** A copy of the base session whose out/ holds the old set: a tally of it. New set: the tally after one ballot changed. */
async function twoSets(): Promise<TwoSets> {
  madeSets ??= makeTwoSets();
  const { dir: template, oldSet, newSet, newFiles } = await madeSets;
  const dir = await scratchCopy(template);
  const out = path.join(dir, "out");
  await restore(out, oldSet);
  return { dir, out, oldSet, newSet, newFiles };
}

async function makeTwoSets(): Promise<TwoSets> {
  const dir = await scratchCopy(BASE);
  const out = path.join(dir, "out");
  const other = await scratchCopy(BASE);
  const ballots = path.join(other, "ballots.csv");
  await fs.writeFile(ballots, (await fs.readFile(ballots, "utf8")).replace("010,,,×,×,○", "010,,○,×,×,○"));
  expect((await runCli(["tally", other], { now: new Date("2026-01-15T12:00:00Z") })).code).toBe(0);
  const newSet = await snapshot(path.join(other, "out"));
  const newFiles = [...newSet].map(([name, b64]) => ({ name, content: new Uint8Array(Buffer.from(b64, "base64")) }));
  // SHA256SUMS and audit.json last, as withAuditTrail orders them.
  newFiles.sort((a, b) => Number(/^(SHA256SUMS|audit\.json)$/.test(a.name)) - Number(/^(SHA256SUMS|audit\.json)$/.test(b.name)));
  expect((await runCli(["tally", dir])).code).toBe(0);
  const oldSet = await snapshot(out);
  expect(oldSet).not.toEqual(newSet);
  return { dir, out, oldSet, newSet, newFiles };
}

/** A child process that writes the new set and SIGKILLs itself when it reaches step number `dieAt`. */
function writeAndDie(out: string, files: { name: string; content: Uint8Array }[], dieAt: number): { signal: NodeJS.Signals | null; steps: string[] } {
  const script = `
    import { writeOutputSet } from ${JSON.stringify(FILES_JS)};
    const [out, dieAt, files] = [process.argv[1], Number(process.argv[2]), JSON.parse(process.argv[3]).map((f) => ({ name: f.name, content: Buffer.from(f.content, "base64") }))];
    let n = 0;
    await writeOutputSet(out, files, [], { onStep: (step) => {
      process.stdout.write(step + "\\n");
      if (n++ === dieAt) process.kill(process.pid, "SIGKILL");
    } });`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script, out, String(dieAt), JSON.stringify(files.map((f) => ({ name: f.name, content: Buffer.from(f.content).toString("base64") })))], { encoding: "utf8" });
  return { signal: r.signal, steps: r.stdout.split("\n").filter(Boolean) };
}

/**
 * out/ after recoverOutDir, as the next writer builds on it: a staging folder with no commit mark is
 * abandoned (out/ holds the whole old set), left for that writer to remove, and not counted here.
 */
async function settled(out: string): Promise<Map<string, string>> {
  const all = await snapshot(out);
  for (const name of all.keys()) if (name.startsWith(".staging-")) expect(name, "no committed set is left after recovery").not.toMatch(/[\\/]COMMITTED$/);
  return new Map([...all].filter(([name]) => !name.startsWith(".staging-")));
}

async function restore(out: string, set: Map<string, string>): Promise<void> {
  await fs.rm(out, { recursive: true, force: true });
  await fs.mkdir(out, { recursive: true });
  for (const [name, b64] of set) await fs.writeFile(path.join(out, name), Buffer.from(b64, "base64"));
}

describe("a write killed at every step", () => {
  it("leaves the old set before the commit mark and the new set after it, once recovered", async () => {
    const { out, oldSet, newSet, newFiles } = await twoSets();
    const full = writeAndDie(out, newFiles, -1);
    expect(full.signal).toBeNull();
    expect(await snapshot(out)).toEqual(newSet);
    const steps = full.steps;
    expect(steps).toEqual(["locked", ...newFiles.map((f) => `staged:${f.name}`), "committed", ...newFiles.map((f) => `renamed:${f.name}`), "done"]);
    const committedAt = steps.indexOf("committed");
    const outcomes: string[] = [];
    for (let k = 0; k < steps.length; k++) {
      await restore(out, oldSet);
      const killed = writeAndDie(out, newFiles, k);
      expect(killed.signal, `step ${steps[k]}`).toBe("SIGKILL");
      // Between the kill and the recovery out/ may hold traces (a staging folder, a lock, half the renames).
      await recoverOutDir(out);
      const after = await settled(out);
      const expected = k < committedAt ? oldSet : newSet;
      expect(after, `killed after step ${k} (${steps[k]})`).toEqual(expected);
      outcomes.push(`${steps[k]}→${k < committedAt ? "old" : "new"}`);
    }
    expect(outcomes.length).toBe(2 * newFiles.length + 3);
  });

  it("a later run finishes the interrupted set first and then writes its own", async () => {
    const { dir, out, oldSet, newFiles } = await twoSets();
    await restore(out, oldSet);
    const killed = writeAndDie(out, newFiles, newFiles.length + 3); // after the mark and two renames
    expect(killed.signal).toBe("SIGKILL");
    expect((await fs.readdir(out)).some((n) => n.startsWith(".staging-"))).toBe(true);
    expect((await runCli(["tally", dir])).code).toBe(0);
    expect(await snapshot(out)).toEqual(oldSet); // the same inputs give the same set again, without traces
  });
});

describe("traces a killed run can leave", () => {
  it("a commit mark cut short is never taken for a commit", async () => {
    const { out, oldSet, newFiles } = await twoSets();
    const staging = path.join(out, ".staging-999999-deadbeef");
    await fs.mkdir(staging);
    for (const f of newFiles) await fs.writeFile(path.join(staging, f.name), f.content);
    await fs.writeFile(path.join(staging, "COMMITTED.tmp"), '{"files":["results.csv","summ');
    await recoverOutDir(out);
    expect(await settled(out)).toEqual(oldSet);
    // A mark that cannot be read (it is put in place by a rename, so this is damage, not a kill) is dropped.
    const damaged = path.join(out, ".staging-999999-cafebabe");
    await fs.mkdir(damaged);
    await fs.writeFile(path.join(damaged, "results.csv"), "garbage");
    await fs.writeFile(path.join(damaged, "COMMITTED"), '{"files":["resu');
    await recoverOutDir(out);
    expect(await settled(out)).toEqual(oldSet);
    expect((await fs.readdir(out)).filter((n) => n.startsWith(".staging-"))).toEqual([".staging-999999-deadbeef"]);
  });

  it("a lock left by a dead process is taken over", async () => {
    const { out, newSet, newFiles } = await twoSets();
    const dead = spawnSync("sh", ["-c", "printf %s $$"], { encoding: "utf8" });
    await fs.writeFile(path.join(out, ".piaojue-lock"), dead.stdout);
    await writeOutputSet(out, newFiles);
    expect(await snapshot(out)).toEqual(newSet);
  });

  it("a folder that cannot be written is the clerk's problem (exit 1), not an internal error", async () => {
    const dir = await scratchCopy(BASE);
    const blocker = path.join(dir, "not-a-folder");
    await fs.writeFile(blocker, "x");
    const r = await runCli(["tally", dir, "-o", blocker, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0].code).toBe("E_WRITE");
    expect(r.json.error.diagnostics[0].message).toMatch(/无法写入输出文件夹/);
  });
});

describe("a whole tally killed at random moments", () => {
  let base: Awaited<ReturnType<typeof twoSets>>;
  beforeAll(async () => {
    base = await twoSets();
    // The inputs now give the new set: a run that completes writes it.
    const ballots = path.join(base.dir, "ballots.csv");
    await fs.writeFile(ballots, (await fs.readFile(ballots, "utf8")).replace("010,,,×,×,○", "010,,○,×,×,○"));
  });

  it("always leaves the old set or the new set after recovery", async () => {
    const { dir, out, oldSet, newSet } = base;
    // A fresh run's audit.json carries its own generation time, so the new set is recognised by its result
    // files, and its audit.json and SHA256SUMS must describe exactly the files beside them.
    const results = (m: Map<string, string>) => new Map([...m].filter(([n]) => n !== "audit.json" && n !== "SHA256SUMS"));
    const consistent = (m: Map<string, string>) => {
      const text = (n: string) => Buffer.from(m.get(n) ?? "", "base64").toString("utf8");
      const doc = JSON.parse(text("audit.json"));
      for (const [p, hash] of Object.entries(doc.commands.tally.outputs as Record<string, string>)) {
        expect(sha256(Buffer.from(m.get(p.replace(/^out\//, "")) ?? "", "base64")), p).toBe(hash);
      }
      expect(text("SHA256SUMS")).toBe(sumsText(doc));
    };
    const runOnce = (delay: number) => new Promise<NodeJS.Signals | null>((resolve) => {
      const child = spawn(process.execPath, [path.join(ROOT, "bin", "piaojue.js"), "tally", dir], { stdio: "ignore" });
      const timer = setTimeout(() => child.kill("SIGKILL"), delay);
      child.on("exit", (_code, signal) => { clearTimeout(timer); resolve(signal); });
    });
    // How long a whole run takes here, to spread the kills over it (not asserted).
    await restore(out, oldSet);
    const started = Date.now();
    await runOnce(60_000);
    const span = Math.max(50, Date.now() - started);
    let seed = 20260115;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const tally = { old: 0, new: 0, killed: 0 };
    for (let i = 0; i < 24; i++) {
      await restore(out, oldSet);
      const signal = await runOnce(Math.floor(random() * span * 1.2));
      if (signal === "SIGKILL") tally.killed++;
      await recoverOutDir(out);
      const after = await settled(out);
      consistent(after);
      if (JSON.stringify([...after]) === JSON.stringify([...oldSet])) tally.old++;
      else {
        expect(results(after), `iteration ${i}`).toEqual(results(newSet));
        expect([...after.keys()].sort()).toEqual([...newSet.keys()].sort());
        tally.new++;
      }
    }
    expect(tally.old + tally.new).toBe(24);
  }, 120_000);
});

describe("every command first finishes a set a killed run committed", () => {
  it("a kill after the commit mark, at every rename, followed by each command: out/ and its trail stay whole", async () => {
    const { dir, out, oldSet, newSet, newFiles } = await twoSets();
    // The inputs now give the new set, so audit can prove it.
    const ballots = path.join(dir, "ballots.csv");
    await fs.writeFile(ballots, (await fs.readFile(ballots, "utf8")).replace("010,,,×,×,○", "010,,○,×,×,○"));
    const steps = writeAndDie(out, newFiles, -1).steps;
    const from = steps.indexOf("committed");
    const to = steps.lastIndexOf(`renamed:${newFiles[newFiles.length - 1]!.name}`);
    const results = (m: Map<string, string>) => [...m].filter(([n]) => /^(results|summary)\.csv$|^announcement\./.test(n));
    const cases: string[] = [];
    const killed = path.join(path.dirname(dir), "killed");
    for (let k = from; k <= to; k++) {
      // One kill at each step: a kill at a given step leaves the same out/ every time (but for the dead
      // writer's pid and the staging folder's random name), so each command starts from a copy of it,
      // staging folder, commit mark and lock included.
      await restore(out, oldSet);
      expect(writeAndDie(out, newFiles, k).signal).toBe("SIGKILL");
      await fs.rm(killed, { recursive: true, force: true });
      await fs.cp(out, killed, { recursive: true });
      for (const command of [["check"], ["audit"], ["ballot"], ["runoff"], ["tally"]]) {
        await fs.rm(out, { recursive: true, force: true });
        await fs.cp(killed, out, { recursive: true });
        const r = await runCli([...command, dir, "--json"]);
        const what = `${command[0]} after a kill at ${steps[k]}`;
        expect(r.code, `${what}: ${JSON.stringify(r.json.error ?? null)}`).toBe(0);
        const after = await snapshot(out);
        expect([...after.keys()].filter((n) => n.startsWith(".")), what).toEqual([]);
        expect(results(after), what).toEqual(results(newSet));
        // The trail describes exactly the files beside it (what `sha256sum -c out/SHA256SUMS` checks).
        const text = (n: string) => Buffer.from(after.get(n) ?? "", "base64").toString("utf8");
        const doc = JSON.parse(text("audit.json"));
        expect(text("SHA256SUMS"), what).toBe(sumsText(doc));
        for (const line of text("SHA256SUMS").trim().split("\n")) {
          const [hash, p] = [line.slice(0, 64), line.slice(66)];
          expect(sha256(await fs.readFile(path.join(dir, p))), `${what}: ${p}`).toBe(hash);
        }
        expect(Object.keys(doc.commands), what).toContain("tally");
        expect((await runCli(["audit", dir])).code, what).toBe(0);
        cases.push(what);
      }
    }
    expect(cases.length).toBe(5 * (newFiles.length + 1));
  }, 120_000);
});

describe("two commands at once on one folder", () => {
  it("tally and ballot started together keep both records (30 times)", async () => {
    const dir = await scratchCopy(BASE);
    try {
      for (let i = 0; i < 30; i++) {
        await fs.rm(path.join(dir, "out"), { recursive: true, force: true });
        const [t, b] = await Promise.all([runCli(["tally", dir]), runCli(["ballot", dir])]);
        expect([t.code, b.code]).toEqual([0, 0]);
        const doc = JSON.parse(await fs.readFile(path.join(dir, "out", "audit.json"), "utf8"));
        expect(Object.keys(doc.commands).sort(), `run ${i}`).toEqual(["ballot", "tally"]);
        expect(await fs.readFile(path.join(dir, "out", "SHA256SUMS"), "utf8")).toBe(sumsText(doc));
      }
      expect((await runCli(["audit", dir])).code).toBe(0);
    } finally {
      await fs.rm(path.dirname(dir), { recursive: true, force: true });
    }
  }, 120_000);
});

describe("a tally stopped by a signal while it writes", () => {
  /**
   * Runs bin's tally through sh (which reports a death by signal n as 128 + n) with a preloaded module that
   * sends the run `signal` right after fs.promises.`call` has done its work on a path whose name `at` matches.
   */
  async function stopAt(dir: string, call: "rename" | "mkdir", at: string, signal: NodeJS.Signals): Promise<{ status: number | null; stderr: string }> {
    const hook = path.join(path.dirname(dir), "stop-hook.mjs");
    await fs.writeFile(hook, `
      import { promises } from "node:fs";
      import * as path from "node:path";
      const original = promises[${JSON.stringify(call)}];
      promises[${JSON.stringify(call)}] = async (...args) => {
        const result = await original(...args);
        if (new RegExp(${JSON.stringify(at)}).test(path.basename(String(args[${call === "rename" ? 1 : 0}])))) process.kill(process.pid, ${JSON.stringify(signal)});
        return result;
      };`);
    const r = spawnSync("sh", ["-c", `"${process.execPath}" --import "${pathToFileURL(hook).href}" "${path.join(ROOT, "bin", "piaojue.js")}" tally "${dir}" --json; exit $?`], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
    return { status: r.status, stderr: r.stderr };
  }

  it("SIGTERM between the commit mark and the last rename: the whole new set, then exit 143", async () => {
    const { dir, out, oldSet, newSet } = await twoSets();
    const ballots = path.join(dir, "ballots.csv");
    await fs.writeFile(ballots, (await fs.readFile(ballots, "utf8")).replace("010,,,×,×,○", "010,,○,×,×,○"));
    const results = (m: Map<string, string>) => new Map([...m].filter(([n]) => n !== "audit.json"));
    for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
      await restore(out, oldSet);
      const { status, stderr } = await stopAt(dir, "rename", "^COMMITTED$", signal);
      const after = await snapshot(out);
      expect([...after.keys()].filter((n) => n.startsWith(".")), signal).toEqual([]);
      expect(results(after), signal).toEqual(results(newSet));
      expect(status, signal).toBe(128 + { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }[signal]);
      // Ctrl+C and SIGTERM say what out/ holds (a closed terminal, SIGHUP, has no one to tell).
      // (sh adds its own word on the death after it.)
      if (signal === "SIGHUP") expect(stderr, signal).not.toContain("已中断");
      else expect(stderr, signal).toMatch(/^已中断：新的结果已完整写出\n/);
    }
  });

  it("SIGTERM before the commit mark: the old set stays, the run ends at once", async () => {
    const { dir, out, oldSet } = await twoSets();
    const ballots = path.join(dir, "ballots.csv");
    await fs.writeFile(ballots, (await fs.readFile(ballots, "utf8")).replace("010,,,×,×,○", "010,,○,×,×,○"));
    await restore(out, oldSet);
    const stopped = await stopAt(dir, "mkdir", "^\\.staging-", "SIGTERM");
    expect(stopped.status).toBe(143);
    expect(stopped.stderr).toMatch(/^已中断：out\/ 中原有的结果没有改动\n/);
    // Its staging folder and lock are left, as by a kill: the next run takes them over.
    expect(new Map([...await snapshot(out)].filter(([n]) => !n.startsWith(".")))).toEqual(oldSet);
  });
});
