// The ballot is secret (SPEC §5): files that could identify a deputy are refused, and nothing the tool
// writes depends on which ballot came in which row or carried which serial number.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { IDENTIFYING_COLUMNS } from "../../src/core/ballots.js";
import { FIXTURES, runCli, scratchCopy, snapshot } from "../helpers.js";
import { registeredCommands } from "./registered.js";

const BASE = path.join(FIXTURES, "bad", "base");
const EVALUATION_BASE = path.join(FIXTURES, "bad", "base-evaluation");

/** Every spelling a clerk might use: as listed, upper case, lower case, capitalised. */
function spellings(name: string): string[] {
  return [...new Set([name, name.toUpperCase(), name.toLowerCase(), name.charAt(0).toUpperCase() + name.slice(1).toLowerCase()])];
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** The tally's own result files (audit.json and SHA256SUMS hash the input, so they change with it). */
async function resultFiles(dir: string): Promise<Map<string, string>> {
  const all = await snapshot(path.join(dir, "out"));
  return new Map([...all].filter(([n]) => n !== "audit.json" && n !== "SHA256SUMS"));
}

describe("identifying columns are refused", () => {
  const names = IDENTIFYING_COLUMNS.flatMap(spellings);
  it("covers every listed name in several spellings", () => {
    expect(IDENTIFYING_COLUMNS).toEqual(expect.arrayContaining(["姓名", "代表", "代表姓名", "name", "deputy", "身份证", "电话", "phone", "id_card"]));
    expect(names.length).toBeGreaterThan(IDENTIFYING_COLUMNS.length);
  });
  for (const name of names) {
    it(`ballots.csv with a column “${name}”`, async () => {
      const dir = await scratchCopy(BASE);
      const file = path.join(dir, "ballots.csv");
      const text = await fs.readFile(file, "utf8");
      // Added as the last column, with a value in every row, as a clerk's sign-in sheet would have it.
      await fs.writeFile(file, text.split("\n").map((l, i) => (l === "" ? l : i === 0 ? `${l},${name}` : `${l},代表${i}`)).join("\n"));
      const r = await runCli(["tally", dir, "--json"]);
      expect(r.code).toBe(1);
      const d = r.json.error.diagnostics.find((x: { code: string }) => x.code === "E_IDENTIFYING_COLUMN");
      expect(d, JSON.stringify(r.json.error.diagnostics)).toMatchObject({ file: "ballots.csv", line: 1, column: 7 });
      await expect(fs.access(path.join(dir, "out"))).rejects.toThrow();
    });
  }
  it("evaluation forms with identifying columns are refused too", async () => {
    if (!(await registeredCommands()).includes("evaluate")) return;
    for (const name of IDENTIFYING_COLUMNS.flatMap(spellings)) {
      const dir = await scratchCopy(EVALUATION_BASE);
      const file = path.join(dir, "evaluations.csv");
      const lines = (await fs.readFile(file, "utf8")).split("\n");
      await fs.writeFile(file, lines.map((l, i) => (l === "" ? l : i === 0 ? `${name},${l}` : `某${i},${l}`)).join("\n"));
      const r = await runCli(["evaluate", dir, "--json"]);
      expect(r.code, name).toBe(1);
      expect(r.json.error.diagnostics.map((d: { code: string }) => d.code), name).toContain("E_IDENTIFYING_COLUMN");
    }
  });
});

describe("no output can be matched to a deputy", () => {
  it("the result files are byte-identical whatever the order of the ballot rows and whatever their serials", async () => {
    const reference = await scratchCopy(BASE);
    expect((await runCli(["tally", reference])).code).toBe(0);
    const expected = await resultFiles(reference);
    const [header, ...rows] = (await fs.readFile(path.join(BASE, "ballots.csv"), "utf8")).trimEnd().split("\n");
    for (let seed = 1; seed <= 6; seed++) {
      const random = seeded(seed);
      const dir = await scratchCopy(BASE);
      // Rows shuffled, serials replaced by other unique tokens.
      const shuffled = shuffle(rows, random).map((r, i) => r.replace(/^\d+/, `Z${seed}-${String(1000 - i)}`));
      await fs.writeFile(path.join(dir, "ballots.csv"), [header, ...shuffled].join("\n") + "\n");
      const r = await runCli(["tally", dir, "--json"]);
      expect(r.code).toBe(0);
      expect(await resultFiles(dir), `permutation ${seed}`).toEqual(expected);
    }
  });

  it("serial numbers (票号) appear in no output file, and in --json only in a per-ballot note", async () => {
    const dir = await scratchCopy(BASE);
    const file = path.join(dir, "ballots.csv");
    const serials: string[] = [];
    const text = (await fs.readFile(file, "utf8")).replace(/^(\d{3}),/gm, (_m, n: string) => { const s = `QX7${n}K`; serials.push(s); return `${s},`; });
    // One unreadable mark, so a warning is given too.
    await fs.writeFile(file, text.replace(/^(QX7005K,,)○/m, "$1√"));
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(0);
    expect(serials.length).toBe(10);
    const files = await snapshot(path.join(dir, "out"));
    for (const [name, b64] of files) {
      const content = Buffer.from(b64, "base64").toString("utf8");
      for (const s of serials) expect(content, `${name} lists ${s}`).not.toContain(s);
    }
    // A per-ballot note names its ballot by 票号, as it does by line, so that the tellers find the paper:
    // the one ballot with an unreadable mark is named there, and no serial anywhere else.
    const { warnings, ...rest } = r.json;
    expect(warnings.map((w: any) => serials.filter((s) => JSON.stringify(w).includes(s)))).toEqual([["QX7005K"]]);
    for (const s of serials) expect(JSON.stringify(rest)).not.toContain(s);
  });

  it("a warning about an unreadable mark points into the clerk's own file, and only on stderr / --json", async () => {
    const dir = await scratchCopy(BASE);
    const file = path.join(dir, "ballots.csv");
    await fs.writeFile(file, (await fs.readFile(file, "utf8")).replace("005,,○", "005,,√"));
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.warnings).toContainEqual(expect.objectContaining({ code: "W_UNREADABLE_MARK", file: "ballots.csv", line: 6, column: 3 }));
    // The published files carry counts only: no row numbers, no marks of single ballots.
    for (const [name, b64] of await resultFiles(dir)) {
      const content = Buffer.from(b64, "base64").toString("utf8");
      expect(content, name).not.toMatch(/第\s*6\s*行|√/);
    }
    const human = await runCli(["tally", dir]);
    expect(human.stdout).not.toMatch(/第\s*6\s*行/);
    expect(human.stderr).toMatch(/ballots\.csv:6:3 W_UNREADABLE_MARK/);
  });
});

describe("small groups in a satisfaction evaluation", () => {
  it("a group with fewer than 5 forms is flagged", async () => {
    if (!(await registeredCommands()).includes("evaluate")) return;
    const dir = await scratchCopy(path.join(FIXTURES, "trust", "formula-names"));
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code).toBe(0);
    const flagged = r.json.warnings.filter((w: { code: string }) => w.code === "W_EVAL_FEW_FORMS").map((w: { message: string }) => w.message);
    expect(flagged.join("\n")).toMatch(/代表.*少于 5 份/);
    expect(flagged.join("\n")).toMatch(/=群众.*少于 5 份/);
  });
});
