// `--lang en` (SPEC §9): diagnostics, the summary, every command's screen report and the help in English;
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
import { displayWidth } from "../../src/io/text-width.js";
import { FIXTURES, ROOT, SEEDS, runCli, scratchCopy, snapshot } from "../helpers.js";
import { typeEntry } from "./fake-terminal.js";

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
    expect(w.stderr).toContain("warning ballots.csv:34:5 W_UNREADABLE_MARK Line 34 (ballot no. 033): the mark “√” for “P08” cannot be read; the ballot is void\n");
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

  it("give check's 差额 line in --json its messageEn too, as every other message has", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const en = await runCli(["check", dir, "--lang", "en", "--json"]);
    expect(en.json.data.competition.messageEn).toBe("Competition rule (差额): met (12 candidates for 10 seats; at least 12 required)");
    expect((await runCli(["check", dir, "--json"])).json.data.competition).not.toHaveProperty("messageEn");
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

describe("a diagnostic quoted inside another", () => {
  it("audit's recount that cannot run quotes the command's error in the output language, not baked-in Chinese", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    const second = await fs.readFile(path.join(dir, "ballots-r2.csv"));
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    await runCli(["tally", dir]);
    // A second round's ballots added after a tally that asked for one: the recount now reads them.
    await fs.writeFile(path.join(dir, "ballots-r2.csv"), second);
    await fs.writeFile(path.join(dir, "ballots-r3.csv"), second);
    const en = await runCli(["audit", dir, "--lang", "en"]);
    const line = en.stderr.split("\n").find((l) => l.includes("E_AUDIT_RECOUNT_FAILED"));
    expect(line, en.stderr).toBeDefined();
    expect(line!.replace(/“[^”]*”/g, "")).not.toMatch(HAN_RUN);
    const zh = await runCli(["audit", dir]);
    expect(zh.stderr.split("\n").find((l) => l.includes("E_AUDIT_RECOUNT_FAILED"))).toMatch(HAN_RUN);
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
    const source = ts.createSourceFile(f, readFileSync(f, "utf8"), ts.ScriptTarget.Latest);
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
    const failureCodes = new Set(["E_AUDIT", "E_BATCH_INVALID", "E_INPUT", "E_INTERNAL", "E_INTERRUPTED", "E_USAGE", "E_VERIFY_INVALID", "E_VERIFY_MISMATCH"]);
    const missing = [...used].filter((code) => !EN[code] && !failureCodes.has(code)).sort();
    expect(missing, "codes without English").toEqual([]);
  });

  it("clips a huge quoted value and says how long it was", () => {
    const d = error("E_UNKNOWN_COLUMN", { file: "ballots.csv", line: 1, column: 1 }, { column: "P".repeat(10 * 1024 * 1024), columns: [], english: [] });
    const { message } = renderDiagnostic(d, "en");
    expect(message).toBe(`Unknown column “${"P".repeat(30)}… (10485760 characters)”`);
  });
});

// Every command with --lang en: what is printed for people is English but for the session's own words, and
// the files it writes are byte for byte those of a Chinese run.
const HAN_OR_FULL_WIDTH = /[\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e]/;
/** An official Chinese term given in brackets beside its English, as "Competition rule (差额)". */
const GLOSS = /\([\u4e00-\u9fff]+\)/g;

/** The cells of a CSV text below its header, split as RFC 4180 reads them (quotes kept out). */
function csvBody(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") { row.push(cell); cell = ""; } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(cell); rows.push(row); row = []; cell = "";
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) { row.push(cell); rows.push(row); }
  return rows.slice(1);
}

/**
 * The session's own words in a folder's inputs: folder names, every string of its JSON files (titles, and
 * the group names keying evaluation.json's groups), and the cells of its CSV files (project names, units,
 * notes); of the answer files only the group column, the marks and the 结果 words being piaojue's vocabulary.
 */
function userWords(root: string): string[] {
  const words = new Set<string>();
  const json = (v: unknown, key?: string): void => {
    if (typeof v === "string") words.add(v);
    else if (Array.isArray(v)) v.forEach((x) => json(x));
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) { if (key === "groups") words.add(k); json(x, k); }
    }
  };
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name === "out" || e.name === "entry") continue;
        words.add(e.name);
        walk(p);
      } else if (e.name.endsWith(".json")) {
        json(JSON.parse(readFileSync(p, "utf8").replace(/^\ufeff/, "")));
      } else if (e.name.endsWith(".csv")) {
        const rows = csvBody(readFileSync(p, "utf8").replace(/^\ufeff/, ""));
        const header = readFileSync(p, "utf8").replace(/^\ufeff/, "").split(/\r?\n/)[0]!.split(",");
        const columns = /^ballots/.test(e.name) ? [] : e.name === "evaluations.csv" ? [0]
          : e.name === "results.csv" ? [header.indexOf("项目名称")] : header.map((_h, i) => i);
        for (const r of rows) for (const i of columns) if (r[i]) words.add(r[i]!.trim());
      }
    }
  };
  words.add(path.basename(root));
  walk(root);
  return [...words].filter((w) => HAN_OR_FULL_WIDTH.test(w)).sort((a, b) => b.length - a.length);
}

/** What is left of the printed text once the session's own words and bracketed official terms are taken out. */
function withoutUserWords(text: string, words: readonly string[]): string {
  let left = text;
  for (const w of words) left = left.split(w).join("");
  return left.replace(GLOSS, "");
}

interface LangCase {
  name: string;
  /** The folder the command works in, prepared (a copy): the same for both runs. */
  prepare: () => Promise<string>;
  argv: (dir: string) => string[];
  /** The exit code both runs give (default 0). */
  code?: number;
}

/** tally (Chinese, quietly) first, as a clerk would before what follows it. */
async function tallied(seed: string): Promise<string> {
  const dir = await scratchCopy(path.join(SEEDS, seed));
  expect((await runCli(["tally", dir], { cwd: dir })).code).toBe(0);
  return dir;
}

/** A county of two sessions: one followed through the year (plan.csv), one needing a runoff. */
async function county(): Promise<string> {
  const root = path.join(await scratchCopy(path.join(SEEDS, "tie-runoff")), "..", "县");
  await fs.mkdir(root);
  await fs.cp(path.join(SEEDS, "township-2026"), path.join(root, "甲镇"), { recursive: true });
  await fs.cp(path.join(SEEDS, "progress-2026"), path.join(root, "甲镇"), { recursive: true });
  await fs.cp(path.join(SEEDS, "tie-runoff"), path.join(root, "乙乡"), { recursive: true });
  await fs.rm(path.join(root, "乙乡", "ballots-r2.csv"));
  return root;
}

/** The verify example's scenarios, one of them changed so that it differs (an exit code and a candidate's votes). */
async function scenarios(): Promise<string> {
  const root = await scratchCopy(path.join(FIXTURES, "verify-example", "scenarios"));
  const [first] = readdirSync(root).sort();
  const file = path.join(root, first!, "expected.json");
  const expected = JSON.parse(readFileSync(file, "utf8")) as { exitCode?: number; candidates: { approve: number }[] };
  expected.exitCode = 3;
  expected.candidates[0]!.approve += 1;
  await fs.writeFile(file, JSON.stringify(expected, null, 2));
  return root;
}

const LANG_CASES: LangCase[] = [
  {
    name: "init --yes",
    prepare: async () => path.join(await scratchCopy(path.join(SEEDS, "tie-runoff")), "..", "新会议"),
    argv: (dir) => ["init", dir, "--title", "新桥镇第十八届人民代表大会第五次会议", "--total", "58", "--present", "55", "--formal", "10", "--order", "random", "--seed", "7", "--yes"],
  },
  { name: "check", prepare: () => scratchCopy(path.join(SEEDS, "township-2026")), argv: (dir) => ["check", dir] },
  { name: "ballot", prepare: () => scratchCopy(path.join(SEEDS, "township-2026")), argv: (dir) => ["ballot", dir] },
  {
    name: "ballot (the runoff round pending)",
    prepare: async () => { const dir = await scratchCopy(path.join(SEEDS, "tie-runoff")); await fs.rm(path.join(dir, "ballots-r2.csv")); return dir; },
    argv: (dir) => ["ballot", dir],
  },
  { name: "tally", prepare: () => scratchCopy(path.join(SEEDS, "township-2026")), argv: (dir) => ["tally", dir] },
  {
    name: "runoff",
    prepare: async () => { const dir = await scratchCopy(path.join(SEEDS, "tie-runoff")); await fs.rm(path.join(dir, "ballots-r2.csv")); return dir; },
    argv: (dir) => ["runoff", dir],
  },
  { name: "evaluate", prepare: () => scratchCopy(path.join(SEEDS, "evaluation-2027")), argv: (dir) => ["evaluate", dir] },
  { name: "evaluate --forms", prepare: () => scratchCopy(path.join(SEEDS, "evaluation-2027")), argv: (dir) => ["evaluate", dir, "--forms"] },
  { name: "progress", prepare: () => scratchCopy(path.join(SEEDS, "progress-2026")), argv: (dir) => ["progress", dir] },
  { name: "progress --plan", prepare: () => tallied("township-2026"), argv: (dir) => ["progress", dir, "--plan"] },
  { name: "batch", prepare: county, argv: (dir) => ["batch", dir], code: 4 },
  { name: "verify", prepare: scenarios, argv: (dir) => ["verify", dir], code: 1 },
  { name: "audit", prepare: () => tallied("township-2026"), argv: (dir) => ["audit", dir] },
  {
    name: "demo",
    prepare: async () => path.join(await scratchCopy(path.join(SEEDS, "tie-runoff")), "..", "demo"),
    argv: (dir) => ["demo", "-o", dir],
  },
  { name: "enter --present", prepare: () => scratchCopy(path.join(SEEDS, "township-2026")), argv: (dir) => ["enter", dir, "--present", "54"] },
];

describe("every command with --lang en", () => {
  for (const c of LANG_CASES) {
    it(`${c.name}: no Chinese but the session's own words on screen; the files as a Chinese run writes them`, async () => {
      const [en, zh] = [await c.prepare(), await c.prepare()];
      const e = await runCli([...c.argv(en), "--lang", "en"], { cwd: path.dirname(en) });
      const z = await runCli(c.argv(zh), { cwd: path.dirname(zh) });
      expect(e.code, e.stderr).toBe(c.code ?? 0);
      expect(z.code).toBe(e.code);
      // The session's words as its inputs (and, for init, the session.json it wrote) hold them.
      const words = userWords(c.name === "demo" ? path.join(SEEDS, "township-2026") : en);
      for (const [stream, text] of [["stdout", e.stdout], ["stderr", e.stderr]] as const) {
        const left = withoutUserWords(text, words);
        expect(left.split("\n").filter((l) => HAN_OR_FULL_WIDTH.test(l)), `${c.name} ${stream}:\n${text}`).toEqual([]);
      }
      expect(e.stdout).not.toBe(z.stdout);
      // Every file in the folder, out/ included: what was written (or rewritten) is the same bytes.
      expect(await snapshot(en)).toEqual(await snapshot(zh));
    });
  }
});

describe("enter with --lang en", () => {
  /** The sample session without its ballots.csv, and the keys that enter its pile (every ballot 赞成 on all, for speed). */
  async function pile(): Promise<{ dir: string; keys: string }> {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    await fs.rm(path.join(dir, "ballots.csv"));
    return { dir, keys: "111111111100\r".repeat(3) + "*\r" + "\r" };
  }

  it("reports a paused pass, each finished pass and the agreement in English (the entry screen stays Chinese)", async () => {
    const { dir, keys } = await pile();
    const paused = await typeEntry(dir, "111111111100\rq", ["--returned", "4", "--lang", "en"]);
    expect(paused.code, paused.err).toBe(0);
    expect(paused.out).toContain("First entry paused: 1 ballot of 4 returned entered, all saved in entry/ballots-r1.first.jsonl.");
    expect(paused.out).toMatch(/\nTo go on: piaojue enter \S+township-2026\n$/);
    await fs.rm(path.join(dir, "entry"), { recursive: true });
    const first = await typeEntry(dir, keys, ["--returned", "4", "--lang", "en"]);
    expect(first.code, first.err).toBe(0);
    const report = first.out.slice(first.out.lastIndexOf("First entry finished"));
    expect(report).toMatch(/^First entry finished: 4 ballots\.\nAnother clerk now enters the same stack in the same order again, independently: piaojue enter .* --second\. When both entries agree, ballots\.csv is written\.\n$/);
    const second = await typeEntry(dir, "4\r" + keys, ["--second", "--lang", "en"]);
    expect(second.code, second.err).toBe(0);
    const agreed = second.out.slice(second.out.lastIndexOf("The two entries agree"));
    expect(agreed).toMatch(/^The two entries agree: 4 ballots \(3 valid, 1 void\)\.\nWritten: .*ballots\.csv\. Next: piaojue tally .*\n$/);
    // The entry screen (drawn before the report) stays Chinese.
    expect(second.out).toContain("已录入");

    // The same pile entered in Chinese writes the same ballots.csv.
    const zh = await pile();
    expect((await typeEntry(zh.dir, zh.keys, ["--returned", "4"])).code).toBe(0);
    expect((await typeEntry(zh.dir, "4\r" + zh.keys, ["--second"])).out).toContain("两次录入一致：4 张（有效 3，无效 1）");
    expect(await fs.readFile(path.join(dir, "ballots.csv"))).toEqual(await fs.readFile(path.join(zh.dir, "ballots.csv")));
  });
});

describe("help with --lang en", () => {
  const COMMANDS = ["init", "check", "ballot", "enter", "tally", "runoff", "evaluate", "progress", "batch", "verify", "audit", "demo"];

  it("is English for piaojue and for every command, and stays Chinese without --lang", async () => {
    for (const argv of [["--help"], ...COMMANDS.map((c) => [c, "--help"]), ["help", "tally"]]) {
      const r = await runCli([...argv, "--lang", "en"]);
      expect(r.code, argv.join(" ")).toBe(0);
      const chinese = (r.stdout + r.stderr).split("\n").filter((l) => HAN_OR_FULL_WIDTH.test(l));
      expect(chinese, argv.join(" ")).toEqual([]);
      expect(r.stdout).toMatch(/^Usage: piaojue/);
    }
    const zh = await runCli(["init", "--help"]);
    expect(zh.stdout).toContain("用法： piaojue init [选项] [目录]");
    expect(zh.stdout).toContain("--title <值>");
    expect(zh.stdout).toContain("会议名称：例如");
  });

  it("in Chinese has no English words in its usage lines, and its descriptions line up on the terminal", async () => {
    for (const argv of [["--help"], ...COMMANDS.map((c) => [c, "--help"]), ["help", "tally"], ["help"]]) {
      const zh = await runCli(argv);
      expect(zh.code, argv.join(" ")).toBe(0);
      expect(zh.stdout, argv.join(" ")).toMatch(/^用法： piaojue /);
      expect(zh.stdout, argv.join(" ")).not.toMatch(/\[options\]|\[command\]/);
      // Every item's description starts at one terminal column (a Chinese character takes two), and no
      // line is wider than the 80 columns help is laid out for.
      const starts = new Set<number>();
      for (const line of zh.stdout.split("\n")) {
        expect(displayWidth(line), line).toBeLessThanOrEqual(80);
        const item = /^( {2}\S(?:\S| (?! ))*) {2,}(?=\S)/.exec(line);
        if (item) starts.add(displayWidth(item[0]));
      }
      expect([...starts], argv.join(" ")).toHaveLength(1);
      const en = await runCli([...argv, "--lang", "en"]);
      expect(en.stdout).toMatch(/^Usage: piaojue .*\[options\]/);
    }
    expect((await runCli(["--help"])).stdout).toMatch(/^用法： piaojue \[选项\] \[命令\]\n/);
    expect((await runCli(["tally", "--help"])).stdout).toMatch(/^用法： piaojue tally \[选项\] \[目录\]\n/);
    expect((await runCli(["--help"])).stdout).toContain("\n  tally [选项] [目录]  ");
  });

  it("says what is wrong with a count in English", async () => {
    const r = await runCli(["enter", ".", "--present", "x", "--lang", "en"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage error: The deputies present must be a positive whole number, not "x"');
    expect((await runCli(["tally", ".", "--round", "0"])).stderr).toContain("轮次应为正整数，而不是“0”");
  });
});

describe("failure lines with --lang en", () => {
  it("batch with a broken session and audit of an altered out/ end in English, and --json keeps the Chinese message", async () => {
    const township = await scratchCopy(path.join(SEEDS, "township-2026"));
    const root = path.dirname(township);
    await fs.mkdir(path.join(root, "broken"));
    await fs.writeFile(path.join(root, "broken", "session.json"), "{}\n");
    const batch = await runCli(["batch", root, "--lang", "en"]);
    expect(batch.code).toBe(1);
    const last = batch.stderr.trim().split("\n").at(-1)!;
    expect(last).toContain("1 session with invalid input skipped; the other 1 counted and written");
    expect(last).not.toMatch(HAN_OR_FULL_WIDTH);
    const json = await runCli(["batch", root, "--json"]);
    expect(json.json.error.message).toBe("有 1 个会议输入有误，已跳过；其余 1 个已计票并写出结果");

    const results = path.join(township, "out", "results.csv");
    await fs.appendFile(results, "x\r\n");
    const audit = await runCli(["audit", township, "--lang", "en"]);
    expect(audit.code).toBe(1);
    expect(audit.stderr.trim().split("\n").at(-1)).toMatch(/^Audit failed: check 2 \(Output files unchanged since they were written\)/);
    const zh = await runCli(["audit", township, "--json"]);
    expect(zh.json.error.message).toMatch(/^核查未通过：第 2 项（输出文件自写出后未被改动）/);
  });
});

describe("English counts of one", () => {
  it("says Round 1, 1 empty row and its 1 member, not Rounds 1–1, 1 empty rows, its 1 members", () => {
    const en = (code: string, params: Record<string, string | number>) => renderDiagnostic(error(code, { file: "x" }, params), "en").message;
    expect(en("E_NO_RUNOFF", { decided: 1, round: 2 })).toMatch(/^Round 1 decided every result/);
    expect(en("W_XLSX_TRAILING_ROWS", { count: 1, from: 9 })).toMatch(/^1 empty row \(/);
    expect(en("E_EVAL_FORMS_EXCEED_MEMBERS", { sheet: "forms", group: "代表", forms: 2, file: "evaluations.csv", members: 1 })).toContain("more than its 1 member");
  });
});
