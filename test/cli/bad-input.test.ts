// The hostile-input corpus (fixtures/bad/manifest.json): every refused case is dropped into a copy of a
// good session whose out/ already holds a complete result, and must give exit 1, one Chinese reason naming
// file:line:column, no stack trace, and leave every file (inputs and out/) byte-for-byte as it was.
// Accepted cases are the friendlier readings (UTF-16 tab-separated exports, full-width digits, GBK): they
// must give exactly the result of the base session.
import { promises as fs, readFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, runCli, scratchCopy, snapshot } from "../helpers.js";

const BAD = path.join(FIXTURES, "bad");

interface Case {
  case?: string;
  generate?: string;
  base?: string;
  as?: string;
  remove?: string[];
  command?: string;
  code?: string;
  at?: string;
  /** What a person reads as the place when it is not `at` (a workbook's `ballots.xlsx 表决票!D3`). */
  place?: string;
  what: string;
}

const manifest = JSON.parse(readFileSync(path.join(BAD, "manifest.json"), "utf8")) as { refused: Case[]; accepted: Case[] };
const README = readFileSync(path.join(BAD, "README.md"), "utf8");

/** The command that gives each base its complete out/ before a case is dropped in. */
const PREPARE: Record<string, string> = { base: "tally", "base-evaluation": "evaluate" };

const TEN_MB = 10 * 1024 * 1024;
const baseBallots = () => readFileSync(path.join(BAD, "base", "ballots.csv"), "utf8");

/** Cases too big to commit, made on the spot. */
const GENERATORS: Record<string, () => string | Uint8Array> = {
  // Row 12: "011,," and then 2.6 million "○," cells — one 10 MB line.
  "ten-mb-row": () => baseBallots() + "011,," + "○,".repeat(Math.ceil(TEN_MB / 4)) + "\n",
  // One line, no line break at all: a 10 MB header.
  "ten-mb-header": () => "P".repeat(TEN_MB),
  // Row 12 opens a quote at column 6 that 10 MB later has still not closed.
  "ten-mb-open-quote": () => baseBallots() + '011,,"' + "x".repeat(TEN_MB),
  // A 3.5-million-character title on one line, then an impossible date at column 3 500 013.
  // Row 12: a 40 MB line (a 150 MB one once ended V8 with "invalid size"); refused once 16 MB are read.
  "forty-mb-line": () => baseBallots() + "011,," + "x".repeat(40 * 1024 * 1024) + "\n",
  // Row 12: one quoted cell of 20 MB, its quotes closed, spread over many short lines.
  "twenty-mb-cell": () => baseBallots() + '011,,"' + "○\n".repeat(5 * 1024 * 1024) + '",,,\n',
  // What a power cut can leave: 64 MB of NUL bytes.
  "nul-64-mb": () => new Uint8Array(64 * 1024 * 1024),
  // A header of 1 001 columns.
  "thousand-columns": () => Array.from({ length: 1001 }, (_, i) => `C${i + 1}`).join(",") + "\n",
  // A session.json of 17 MB (a 360 MB one once exhausted the memory): refused before it is read.
  "seventeen-mb-json": () => `{"title":"${"x".repeat(17 * 1024 * 1024)}"}`,
  "ten-mb-json-line": () => `{"title":"${"议".repeat(3_500_000)}","date":"2026-02-30","deputies":{"total":11,"present":10},"issued":[10],"rules":{"formal":2}}`,
};

/** Each base with its complete out/, made once: the same inputs at the same (fixed) time give the same bytes. */
const templates = new Map<string, Promise<string>>();

/** A copy of a base whose out/ holds the complete result of its command. */
async function prepared(base: string): Promise<string> {
  if (!templates.has(base)) {
    templates.set(base, (async () => {
      const dir = await scratchCopy(path.join(BAD, base));
      const r = await runCli([PREPARE[base]!, dir, "--json"], { cwd: dir });
      expect(r.code, r.stdout).toBe(0);
      return dir;
    })());
  }
  const template = await templates.get(base)!;
  const dir = await scratchCopy(template);
  await fs.cp(path.join(template, "out"), path.join(dir, "out"), { recursive: true });
  return dir;
}

async function apply(c: Case, dir: string): Promise<void> {
  for (const name of c.remove ?? []) await fs.rm(path.join(dir, name));
  if (c.generate) {
    const make = GENERATORS[c.generate];
    if (!make) throw new Error(`no generator ${c.generate}`);
    await fs.writeFile(path.join(dir, c.as!), make());
    return;
  }
  const source = path.join(BAD, c.case!);
  if ((await fs.stat(source)).isDirectory()) await fs.cp(source, dir, { recursive: true });
  else await fs.copyFile(source, path.join(dir, c.as!));
}

const label = (c: Case) => `${c.case ?? `generated:${c.generate}`} — ${c.what}`;
const HAN = /[\u4e00-\u9fff]/;

describe("the corpus", () => {
  it("has at least 50 refused cases, each with an expected code and place", () => {
    expect(manifest.refused.length).toBeGreaterThanOrEqual(50);
    for (const c of manifest.refused) {
      expect(c.code, label(c)).toMatch(/^E_[A-Z0-9_]+$/);
      expect(c.at, label(c)).toMatch(/^[^:]+:\d+:\d+$/);
    }
  });

  it("lists every case in its README table, and every committed case file is in the manifest", async () => {
    for (const c of [...manifest.refused, ...manifest.accepted]) expect(README, label(c)).toContain(c.case ?? c.generate!);
    const listed = new Set([...manifest.refused, ...manifest.accepted].map((c) => c.case).filter(Boolean));
    for (const folder of ["cases", "accepted"]) {
      for (const name of await fs.readdir(path.join(BAD, folder))) expect(listed.has(`${folder}/${name}`), `${folder}/${name}`).toBe(true);
    }
  });
});

describe("refused: exit 1, one Chinese reason at file:line:column, nothing written", () => {
  for (const c of manifest.refused) {
    it(label(c), async () => {
      const command = c.command ?? "tally";
      const dir = await prepared(c.base ?? "base");
      await apply(c, dir);
      const before = await snapshot(dir);

      const j = await runCli([command, dir, "--json"], { cwd: dir });
      expect(j.code, j.stderr).toBe(1);
      expect(j.json.ok).toBe(false);
      expect(j.json.command).toBe(command);
      const first = j.json.error.diagnostics.find((d: { severity: string }) => d.severity === "error");
      expect(`${first.code} ${first.file}:${first.line}:${first.column}`).toBe(`${c.code} ${c.at}`);
      expect(first.message).toMatch(HAN);
      expect(first.message).not.toMatch(/[\r\n]/);
      expect([...first.message].length).toBeLessThanOrEqual(401);

      const h = await runCli([command, dir], { cwd: dir });
      expect(h.code).toBe(1);
      expect(h.stdout).toBe("");
      const reason = h.stderr.split("\n").find((l) => l.startsWith(`错误 ${c.place ?? c.at} ${c.code} `));
      expect(reason, h.stderr.slice(0, 2000)).toBeDefined();
      expect(reason!).toMatch(HAN);
      expect(h.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)|内部错误|Error:/);

      expect(await snapshot(dir)).toEqual(before);
    });
  }
});

describe("accepted: a friendlier reading gives the base session's result", () => {
  let expected: unknown;
  beforeAll(async () => {
    const dir = await prepared("base");
    expected = (await runCli(["tally", dir, "--json"], { cwd: dir })).json.data;
  });
  for (const c of manifest.accepted) {
    it(label(c), async () => {
      const dir = await scratchCopy(path.join(BAD, c.base ?? "base"));
      await apply(c, dir);
      const r = await runCli(["tally", dir, "--json"], { cwd: dir });
      expect(r.code, r.stdout).toBe(0);
      expect(r.json.data).toEqual(expected);
    });
  }
});
