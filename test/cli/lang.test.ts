// `--lang en` (SPEC §9): diagnostics, the summary and the reports of check, tally and runoff in English;
// Chinese stays the default, the files in out/ stay Chinese, and every code used in src/ has English.
import { promises as fs, readFileSync, readdirSync, statSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { EN, EN_FAILURES } from "../../src/messages/en.js";
import { renderDiagnostic } from "../../src/messages/render.js";
import { ZH, ZH_FAILURES } from "../../src/messages/zh.js";
import { error } from "../../src/core/diagnostics.js";
import { FIXTURES, ROOT, SEEDS, runCli, scratchCopy, snapshot } from "../helpers.js";

const BAD = path.join(FIXTURES, "bad");
const HAN_RUN = /[\u4e00-\u9fff]{4,}/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

const SOURCES = sourceFiles(path.join(ROOT, "src"));

/** A session folder (a copy of fixtures/bad/base) whose ballots.csv is replaced by a broken one. */
async function withBallots(caseFile: string): Promise<string> {
  const dir = await scratchCopy(path.join(BAD, "base"));
  await fs.copyFile(path.join(BAD, "cases", caseFile), path.join(dir, "ballots.csv"));
  return dir;
}

describe("diagnostics in English", () => {
  it("print the English message at file:line:column with the code, an English hint and an English summary", async () => {
    const dir = await withBallots("ballots-unknown-column.csv");
    const r = await runCli(["tally", dir, "--lang", "en"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error ballots.csv:1:2 E_UNKNOWN_COLUMN Column “备注” is not a candidate of this round\n");
    expect(r.stderr).toContain("    hint: This round's columns: P1, P2, P3, P4 (by ID or full project name)\n");
    expect(r.stderr).toContain("\n1 error.\n");
    expect(r.stderr).toContain("Invalid input; nothing was written");
    expect(r.stderr).not.toMatch(/错误|提示|不是任何/);
  });

  it("carry the values of a ballot's unreadable mark and of a repeated serial number", async () => {
    const dir = await withBallots("ballots-duplicate-serial.csv");
    const r = await runCli(["tally", dir, "--lang", "en"], { cwd: dir });
    expect(r.stderr).toContain("error ballots.csv:9:1 E_DUPLICATE_SERIAL Serial number “003” repeats line 4\n");
    const seed = await scratchCopy(path.join(SEEDS, "township-2026"));
    const w = await runCli(["tally", seed, "--lang", "en"], { cwd: seed });
    expect(w.stderr).toContain("warning ballots.csv:34:5 W_UNREADABLE_MARK Line 34: the mark “√” for “P08” cannot be read; the ballot is void\n");
  });

  it("stay Chinese by default (and with --lang zh)", async () => {
    const dir = await withBallots("ballots-unknown-column.csv");
    for (const argv of [["tally", dir], ["tally", dir, "--lang", "zh"]]) {
      const r = await runCli(argv, { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("错误 ballots.csv:1:2 E_UNKNOWN_COLUMN 列“备注”不是任何本轮候选项目\n");
      expect(r.stderr).toContain("    提示：本轮的列：P1、P2、P3、P4（可用编号或完整的项目名称）\n");
      expect(r.stderr).toContain("共 1 处错误。");
      expect(r.stderr).not.toMatch(/hint:|Column/);
    }
  });

  it("keep the Chinese message in --json and add messageEn/hintEn beside it only with --lang en", async () => {
    const dir = await withBallots("ballots-unknown-column.csv");
    const en = await runCli(["tally", dir, "--lang", "en", "--json"], { cwd: dir });
    const d = en.json.error.diagnostics[0];
    expect(d.message).toBe("列“备注”不是任何本轮候选项目");
    expect(d.messageEn).toBe("Column “备注” is not a candidate of this round");
    expect(d.hintEn).toMatch(/^This round's columns/);
    expect(en.json.error.message).toBe("输入有误，未写出任何文件");
    expect(en.json.error.messageEn).toBe("Invalid input; nothing was written");
    const zh = await runCli(["tally", dir, "--json"], { cwd: dir });
    expect(zh.json.error.diagnostics[0]).not.toHaveProperty("messageEn");
    expect(zh.json.error).not.toHaveProperty("messageEn");
  });

  it("cover every refused case of the hostile-input corpus without falling back to Chinese", async () => {
    const manifest = JSON.parse(readFileSync(path.join(BAD, "manifest.json"), "utf8")) as { refused: { case?: string; base?: string; as?: string; remove?: string[]; command?: string; code: string; at: string; place?: string }[] };
    const prepared = new Map<string, string>();
    let checked = 0;
    for (const c of manifest.refused) {
      if (!c.case) continue; // generated 10 MB cases: clipping is checked below
      const base = c.base ?? "base";
      if (!prepared.has(base)) {
        const dir = await scratchCopy(path.join(BAD, base));
        const r = await runCli([base === "base" ? "tally" : "evaluate", dir, "--json"], { cwd: dir });
        expect(r.code).toBe(0);
        prepared.set(base, dir);
      }
      // With its out/ (scratchCopy leaves out/ behind): audit cases replace out/audit.json.
      const dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-lang-")), base);
      await fs.cp(prepared.get(base)!, dir, { recursive: true });
      for (const name of c.remove ?? []) await fs.rm(path.join(dir, name));
      const source = path.join(BAD, c.case);
      if (statSync(source).isDirectory()) await fs.cp(source, dir, { recursive: true });
      else await fs.copyFile(source, path.join(dir, c.as!));
      const r = await runCli([c.command ?? "tally", dir, "--lang", "en"], { cwd: dir });
      expect(r.code, c.case).toBe(1);
      const line = r.stderr.split("\n").find((l) => l.startsWith(`error ${c.place ?? c.at} ${c.code} `));
      expect(line, `${c.case}\n${r.stderr}`).toBeDefined();
      const message = line!.slice(`error ${c.place ?? c.at} ${c.code} `.length);
      expect(message, c.case).toMatch(/^[A-Z“(a-z]/);
      // Chinese may remain only inside quoted values (a column the user wrote); a whole Chinese sentence
      // means the English fell back to “sentence (原文)”.
      expect(message.replace(/“[^”]*”/g, ""), c.case).not.toMatch(HAN_RUN);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(50);
  });
});

describe("reports in English", () => {
  it("tally: English headers and status labels; out/ is byte-identical to a Chinese run", async () => {
    const en = await scratchCopy(path.join(SEEDS, "township-2026"));
    const zh = await scratchCopy(path.join(SEEDS, "township-2026"));
    const r = await runCli(["tally", en, "--lang", "en"], { cwd: en });
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines).toContain("Deputies: 58 in total, 55 present, quorum 39");
    expect(lines.find((l) => l.startsWith("Rank"))).toMatch(/^Rank +ID +Project +For +Against +Abstain +Approval +Result +Round$/);
    expect(r.stdout).toMatch(/P01 .* selected +1\n/);
    expect(r.stdout).toMatch(/P11 .* not selected +1\n/);
    expect(r.stdout).toMatch(/P12 .* below threshold +1\n/);
    expect(r.stdout).toContain("10 projects selected: P01, P02");
    expect(r.stdout).not.toMatch(/名次|当选|赞成率/);
    const z = await runCli(["tally", zh], { cwd: zh });
    expect(z.stdout).toMatch(/^名次 +编号 +项目名称 +赞成 +反对 +弃权 +赞成率 +结果 +轮次$/m);
    // The files are the session's official documents: Chinese whatever --lang says.
    expect(await snapshot(path.join(en, "out"))).toEqual(await snapshot(path.join(zh, "out")));
  });

  it("tally and runoff with a tie at the cutoff: tied — runoff pending, then the runoff instructions", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    const t = await runCli(["tally", dir, "--lang", "en"], { cwd: dir });
    expect(t.code).toBe(4);
    expect(t.stdout).toMatch(/Q08 .* tied — runoff pending +1\n/);
    expect(t.stdout).toContain("Not decided yet: round 2 is needed for Q08, Q09 (tied votes); 1 seat left.");
    const r = await runCli(["runoff", dir, "--lang", "en"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Round 2 is required (tied votes): 1 seat left; each ballot may approve at most 1.");
    expect(r.stdout).toContain("save it in the session folder as ballots-r2.csv, then run piaojue tally.");
    expect(r.stdout).not.toMatch(/须进行|决选项目/);
  });

  it("check", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const r = await runCli(["check", dir, "--lang", "en"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("12 candidates, 10 to select\n");
    expect(r.stdout).toContain("Competition rule (差额): met (12 candidates for 10 seats; at least 12 required)\n");
    expect(r.stdout).toMatch(/^Ballot order \(by stroke count\): P03 /m);
    expect(r.stdout).toContain("Check passed");
  });
});

/** Calls of `name(...)` in src/ (outside the catalogues), with the string literals of their arguments. */
function calls(names: readonly string[]): { file: string; args: (ts.Expression | undefined)[]; name: string }[] {
  const found: { file: string; args: (ts.Expression | undefined)[]; name: string }[] = [];
  for (const f of SOURCES) {
    const source = ts.createSourceFile(f, readFileSync(f, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && names.includes(n.expression.text)) found.push({ file: f, args: [...n.arguments], name: n.expression.text });
      ts.forEachChild(n, visit);
    };
    visit(source);
  }
  return found;
}

const CATALOGUES = path.join(ROOT, "src", "messages");
const OUTSIDE_CATALOGUES = SOURCES.filter((f) => !f.startsWith(CATALOGUES));

describe("the message catalogues", () => {
  it("have an entry in zh and en for every code a diagnostic is made with in src/, and no unused entry", () => {
    const made = new Set<string>();
    for (const c of calls(["error", "warning"])) {
      const code = c.args[0];
      if (code && ts.isStringLiteral(code)) made.add(code.text);
    }
    expect(made.size).toBeGreaterThan(50);
    expect([...made].filter((code) => !ZH[code]).sort(), "codes without Chinese in src/messages/zh.ts").toEqual([]);
    expect([...made].filter((code) => !EN[code]).sort(), "codes without English in src/messages/en.ts").toEqual([]);
    const used = new Set<string>();
    for (const f of OUTSIDE_CATALOGUES) for (const m of readFileSync(f, "utf8").matchAll(/"([EW]_[A-Z0-9_]+)"/g)) used.add(m[1]!);
    for (const table of [ZH, EN]) expect(Object.keys(table).filter((code) => !used.has(code)), "unused catalogue entries").toEqual([]);
    expect(Object.keys(ZH).sort()).toEqual(Object.keys(EN).sort());
  });

  it("have a failure message in zh and en for every failure key used in src/, and no unused one", () => {
    const text = OUTSIDE_CATALOGUES.map((f) => readFileSync(f, "utf8")).join("\n");
    const used = new Set([...text.matchAll(/why: "([a-z-]+)"/g)].map((m) => m[1]!));
    expect(used.size).toBeGreaterThan(10);
    expect(Object.keys(ZH_FAILURES).sort()).toEqual([...used].sort());
    expect(Object.keys(EN_FAILURES).sort()).toEqual([...used].sort());
  });

  it("has English for every diagnostic code used in src/ (the catalogue or the table of Chinese texts)", () => {
    const used = new Set<string>();
    for (const f of SOURCES) for (const m of readFileSync(f, "utf8").matchAll(/"([EW]_[A-Z0-9_]+)"/g)) used.add(m[1]!);
    expect(used.size).toBeGreaterThan(50);
    // A command's failure code (Outcome.error.code) takes its words from the failure catalogues instead.
    const failureCodes = new Set(["E_AUDIT", "E_BATCH_INVALID", "E_INPUT", "E_INTERNAL", "E_USAGE", "E_VERIFY_MISMATCH"]);
    const missing = [...used].filter((code) => !EN[code] && !failureCodes.has(code)).sort();
    expect(missing, "codes without English").toEqual([]);
  });

  it("clips a huge quoted value and says how long it was", () => {
    const d = error("E_UNKNOWN_COLUMN", { file: "ballots.csv", line: 1, column: 1 }, { column: "P".repeat(10 * 1024 * 1024), columns: [], english: [] });
    const { message } = renderDiagnostic(d, "en");
    expect(message).toBe(`Unknown column “${"P".repeat(30)}… (10485760 characters)”`);
  });
});
