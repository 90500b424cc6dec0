// --json: exactly one JSON document on stdout whatever happens — for every registered command, for help,
// version and usage errors, and for every exit code of SPEC §9 (0, 1, 2, 3, 4, 70). Messages for people go
// to stderr.
import { spawnSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { FIXTURES, ROOT, runCli, scratchCopy, SEEDS } from "../helpers.js";
import { registeredCommands } from "./registered.js";

const BASE = path.join(FIXTURES, "bad", "base");

/** stdout must be one JSON object and nothing else (JSON.parse refuses two documents or trailing text). */
function oneDocument(stdout: string): any {
  expect(stdout.trimStart().startsWith("{"), stdout.slice(0, 200)).toBe(true);
  const doc = JSON.parse(stdout);
  expect(typeof doc).toBe("object");
  expect(doc.schemaVersion).toBe(1);
  expect(typeof doc.ok).toBe("boolean");
  expect(Array.isArray(doc.warnings)).toBe(true);
  if (doc.ok) expect(doc).toHaveProperty("data");
  else {
    expect(typeof doc.error.code).toBe("string");
    expect(typeof doc.error.message).toBe("string");
    expect(Array.isArray(doc.error.diagnostics)).toBe(true);
  }
  return doc;
}

/** Runs the CLI in-process with a custom io, for faults a normal run cannot produce. */
async function runWith(argv: string[], io: { now?: () => Date; cwd?: string }) {
  let stdout = "";
  let stderr = "";
  const code = await run(argv, {
    stdout: { write: (s: string) => { stdout += s; return true; } },
    stderr: { write: (s: string) => { stderr += s; return true; } },
    cwd: io.cwd ?? ROOT,
    env: {},
    now: io.now ?? (() => new Date("2026-01-15T10:00:00Z")),
  });
  return { code, stdout, stderr };
}

let commands: string[] = [];
beforeAll(async () => {
  commands = await registeredCommands();
});

/** A usage error's one document (exit 2, E_USAGE, its message in Chinese whatever --lang says). */
async function usageDocument(argv: string[]) {
  const r = await runCli(argv);
  expect(r.code, argv.join(" ")).toBe(2);
  const doc = oneDocument(r.stdout);
  expect(doc.error.code, argv.join(" ")).toBe("E_USAGE");
  expect(doc.error.message, argv.join(" ")).toMatch(/[\u4e00-\u9fff]/);
  return doc;
}

describe("every registered command", () => {
  it("the list is read from the program and includes the core commands", () => {
    expect(commands).toEqual(expect.arrayContaining(["demo", "check", "tally", "runoff", "audit"]));
  });

  it("--help --json: one document with that command's help", async () => {
    for (const c of commands) {
      const r = await runCli([c, "--help", "--json"]);
      expect(r.code, c).toBe(0);
      const doc = oneDocument(r.stdout);
      expect(doc.command).toBe("help");
      expect(doc.data.text, c).toContain(c);
      expect(r.stderr, c).toBe("");
    }
  });

  it("an unknown option: exit 2, one document", async () => {
    for (const c of commands) {
      const r = await runCli([c, "--no-such-option", "--json"]);
      expect(r.code, c).toBe(2);
      const doc = oneDocument(r.stdout);
      expect(doc.ok).toBe(false);
      expect(doc.error.code).toBe("E_USAGE");
    }
  });

  it("on an empty folder: one document, ok exactly when the exit code says success", async () => {
    for (const c of commands) {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-json-"));
      const argv = c === "demo" ? [c, "-o", dir, "--json"] : [c, dir, "--json"];
      const r = await runCli(argv, { cwd: dir });
      expect([0, 1, 2, 3, 4], `${c}: ${r.stderr}`).toContain(r.code);
      const doc = oneDocument(r.stdout);
      expect(doc.ok, c).toBe(![1, 2].includes(r.code));
      if (r.code !== 2) expect(doc.command, c).toBe(c);
    }
  });
});

describe("every exit code", () => {
  it("0 done", async () => {
    const dir = await scratchCopy(BASE);
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(0);
    const doc = oneDocument(r.stdout);
    expect(doc).toMatchObject({ ok: true, command: "tally", data: { valid: true, final: true } });
  });

  it("1 invalid input, with the diagnostics in the document and nothing else on stdout", async () => {
    const dir = await scratchCopy(BASE);
    await fs.writeFile(path.join(dir, "ballots.csv"), "票号,姓名,P1,P2,P3,P4\n001,张三,○,○,×,×\n");
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(1);
    const doc = oneDocument(r.stdout);
    expect(doc.error.diagnostics[0]).toMatchObject({ severity: "error", code: "E_IDENTIFYING_COLUMN", file: "ballots.csv", line: 1, column: 2 });
  });

  it("2 usage errors of every kind", async () => {
    const cases = [
      ["--json"], // no command
      ["no-such-command", "--json"],
      ["tally", "--round", "0", "--json"],
      ["tally", "--round", "--json"],
      ["--encoding", "latin1", "tally", "--json"],
      ["tally", "a", "b", "--json"],
      // A flag or nothing where -o's folder belongs (an unquoted empty $OUT): no folder named --json is made.
      ["tally", "-o", "--json"],
      ["tally", "-o", "", "--json"],
      ["tally", "-o=out2", "--json"],
      ["tally", "--round", "99999999999999999999", "--json"],
      ["tally", "--doc-number", "文号\u001b[31m", "--json"],
    ];
    for (const argv of cases) await usageDocument(argv);
  });

  it("2 usage errors under --lang en: message in Chinese with messageEn beside it, as every other error", async () => {
    const cases = [
      ["--lang", "en", "--json"],
      ["no-such-command", "--lang", "en", "--json"],
      ["tally", "--round", "0", "--lang", "en", "--json"],
      ["tally", "--no-such-option", "--lang", "en", "--json"],
      ["tally", "-o", "--json", "--lang", "en"],
    ];
    for (const argv of cases) {
      const doc = await usageDocument(argv);
      expect(doc.error.messageEn, argv.join(" ")).toMatch(/^[\x20-\x7e]+$/);
    }
    // Without --json the line is in the language asked for.
    const human = await runCli(["tally", "--round", "0", "--lang", "en"]);
    expect(human.stderr).toContain("usage error: The round must be a positive whole number, not \"0\"");
  });

  it("3 the vote is void: ok, valid false", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "quorum-not-met"));
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(3);
    const doc = oneDocument(r.stdout);
    expect(doc).toMatchObject({ ok: true, data: { valid: false, final: false, voidReasons: ["quorum-not-met"] } });
  });

  it("4 a runoff is required", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    const r = await runCli(["tally", dir, "--round", "1", "--json"]);
    expect(r.code).toBe(4);
    expect(oneDocument(r.stdout).data.runoff).toMatchObject({ round: 2, reason: "tie" });
  });

  it("70 an internal error (a fault injected through the clock): one document, the stack on stderr only", async () => {
    const dir = await scratchCopy(BASE);
    const r = await runWith(["tally", dir, "--json"], { now: () => { throw new Error("injected fault"); } });
    expect(r.code).toBe(70);
    const doc = oneDocument(r.stdout);
    expect(doc).toMatchObject({ ok: false, command: "tally", error: { code: "E_INTERNAL" } });
    expect(r.stdout).not.toContain("injected fault");
    expect(r.stderr).toContain("injected fault");
    await expect(fs.access(path.join(dir, "out"))).rejects.toThrow();
  });

  it("help and version are one document too", async () => {
    expect(oneDocument((await runCli(["--help", "--json"])).stdout).command).toBe("help");
    expect(oneDocument((await runCli(["help", "tally", "--json"])).stdout).data.text).toContain("--round");
    const v = await runCli(["-V", "--json"]);
    expect(v.code).toBe(0);
    expect(oneDocument(v.stdout)).toMatchObject({ command: "version", data: { version: expect.stringMatching(/^\d+\.\d+\.\d+/) } });
  });

  it("warnings go into the document with --json and to stderr without it", async () => {
    const dir = await scratchCopy(BASE);
    await fs.writeFile(path.join(dir, "ballots.csv"), (await fs.readFile(path.join(BASE, "ballots.csv"), "utf8")).replace("005,,○", "005,,√"));
    const j = await runCli(["tally", dir, "--json"]);
    expect(oneDocument(j.stdout).warnings.map((w: { code: string }) => w.code)).toContain("W_UNREADABLE_MARK");
    const h = await runCli(["tally", dir]);
    expect(h.stdout).not.toContain("W_UNREADABLE_MARK");
    expect(h.stderr).toContain("W_UNREADABLE_MARK");
  });
});

describe("the spawned binary", () => {
  // 70 needs a fault that only an in-process run can inject (above); the others run as a user runs them.
  it("prints one document on stdout for exit codes 0, 1, 2, 3 and 4", async () => {
    const good = await scratchCopy(BASE);
    const bad = await scratchCopy(BASE);
    await fs.writeFile(path.join(bad, "session.json"), "[]");
    const quorum = await scratchCopy(path.join(FIXTURES, "scenarios", "quorum-not-met"));
    const tie = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    const runs: [string[], number][] = [
      [["tally", good, "--json"], 0],
      [["audit", good, "--json"], 0],
      [["tally", bad, "--json"], 1],
      [["tally", "--bogus", "--json"], 2],
      [["tally", quorum, "--json"], 3],
      [["tally", tie, "--round", "1", "--json"], 4],
    ];
    for (const [argv, code] of runs) {
      const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "piaojue.js"), ...argv], { encoding: "utf8" });
      expect(r.status, `${argv.join(" ")}: ${r.stderr}`).toBe(code);
      oneDocument(r.stdout);
    }
  });
});
