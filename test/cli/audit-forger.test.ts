// A forger's tests for piaojue audit: every way of editing out/ and its trail (audit.json and SHA256SUMS)
// so that they agree with each other is caught, because audit plans every record again from the inputs
// and every file in out/ must follow from a record.
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sumsText } from "../../src/io/audit-trail.js";
import { FIXTURES, runCli, scratchCopy, SEEDS, sha256 } from "../helpers.js";

const BASE = path.join(FIXTURES, "bad", "base");
const made: string[] = [];

afterEach(async () => {
  for (const dir of made.splice(0)) await fs.rm(path.dirname(dir), { recursive: true, force: true });
});

async function session(from = BASE, commands: string[][] = [["tally"]]): Promise<string> {
  const dir = await scratchCopy(from);
  made.push(dir);
  for (const c of commands) expect([0, 4]).toContain((await runCli([...c, dir])).code);
  return dir;
}

type Doc = { commands: Record<string, { inputs: Record<string, string>; outputs: Record<string, string>; options?: Record<string, unknown> }> };

/** Edits audit.json, then makes the trail agree with itself and with out/: every hash right, SHA256SUMS rebuilt. */
async function forge(dir: string, edit: (doc: Doc) => void | Promise<void>): Promise<void> {
  const file = path.join(dir, "out", "audit.json");
  const doc = JSON.parse(await fs.readFile(file, "utf8")) as Doc;
  await edit(doc);
  for (const record of Object.values(doc.commands)) {
    for (const kind of ["inputs", "outputs"] as const) {
      for (const p of Object.keys(record[kind])) {
        try { record[kind][p] = sha256(await fs.readFile(path.join(dir, p))); } catch { /* left as recorded */ }
      }
    }
  }
  await fs.writeFile(file, JSON.stringify(doc, null, 2) + "\n");
  await fs.writeFile(path.join(dir, "out", "SHA256SUMS"), sumsText(doc as never));
}

async function audit(dir: string) {
  const r = await runCli(["audit", dir, "--json"]);
  const codes: string[] = r.json.data ? r.json.data.checks.flatMap((c: { problems: { code: string }[] }) => c.problems.map((p) => p.code)) : [r.json.error.code];
  return { code: r.code, codes, json: r.json };
}

const editResults = async (dir: string) => {
  const results = path.join(dir, "out", "results.csv");
  await fs.writeFile(results, (await fs.readFile(results, "utf8")).replace(/,3,6,1,27\.3%,未过半数/, ",9,0,1,81.8%,当选"));
};

describe("audit against a forger who keeps the trail consistent", () => {
  it("the untouched session passes (the forger's starting point)", async () => {
    const dir = await session(BASE, [["tally"], ["ballot"]]);
    await forge(dir, () => {});
    expect((await audit(dir)).code).toBe(0);
  });

  it("an edited result with its hashes fixed", async () => {
    const dir = await session();
    await editResults(dir);
    await forge(dir, () => {});
    const r = await audit(dir);
    expect(r.code).toBe(1);
    expect(r.codes).toEqual(["E_AUDIT_RECOUNT_DIFFERS"]);
  });

  it("an edited result whose record is renamed to an unknown command", async () => {
    const dir = await session();
    await editResults(dir);
    await forge(dir, (doc) => { doc.commands["tallied"] = doc.commands["tally"]!; delete doc.commands["tally"]; });
    const r = await audit(dir);
    expect(r.code).toBe(1);
    expect(r.codes).toContain("E_AUDIT_UNKNOWN_COMMAND");
  });

  it("a record renamed to another command", async () => {
    // The ballot's own options (its printed lines) kept: the tally's files still do not follow from a ballot.
    const dir = await session(BASE, [["tally"], ["ballot"]]);
    await editResults(dir);
    await forge(dir, (doc) => { doc.commands["ballot"] = { ...doc.commands["tally"]!, options: doc.commands["ballot"]!.options }; delete doc.commands["tally"]; });
    const r = await audit(dir);
    expect(r.code).toBe(1);
    expect(r.codes).toContain("E_AUDIT_RECOUNT_DIFFERS");
  });

  it("an empty trail: no records and an empty SHA256SUMS", async () => {
    const dir = await session();
    await editResults(dir);
    await fs.writeFile(path.join(dir, "out", "audit.json"), JSON.stringify({ tool: "piaojue", schemaVersion: 1, commands: {} }));
    await fs.writeFile(path.join(dir, "out", "SHA256SUMS"), "");
    const r = await audit(dir);
    expect(r.code).toBe(1);
    expect(r.json.data.checks[1].problems.map((p: { code: string; file: string }) => `${p.code} ${p.file}`)).toEqual(
      ["announcement.docx", "announcement.html", "announcement.md", "results.csv", "results.xlsx", "summary.csv", "summary.xlsx"].map((f) => `E_AUDIT_OUTPUT_UNLISTED out/${f}`));
  });

  it("a deleted record, the other kept", async () => {
    const dir = await session(BASE, [["tally"], ["ballot"]]);
    await editResults(dir);
    await forge(dir, (doc) => { delete doc.commands["tally"]; });
    const r = await audit(dir);
    expect(r.code).toBe(1);
    expect(r.codes).toEqual(expect.arrayContaining(["E_AUDIT_OUTPUT_UNLISTED"]));
    expect(r.codes.every((c) => c === "E_AUDIT_OUTPUT_UNLISTED")).toBe(true);
  });

  it("an extra file in out/, unlisted or listed in a record", async () => {
    const dir = await session();
    await fs.writeFile(path.join(dir, "out", "results-final.csv"), "名次,编号\n1,P3\n");
    await forge(dir, () => {});
    expect((await audit(dir)).codes).toEqual(["E_AUDIT_OUTPUT_UNLISTED"]);
    await forge(dir, (doc) => { doc.commands["tally"]!.outputs["out/results-final.csv"] = ""; });
    expect((await audit(dir)).codes).toEqual(["E_AUDIT_RECOUNT_DIFFERS"]);
    await fs.mkdir(path.join(dir, "out", "extra"));
    await fs.writeFile(path.join(dir, "out", "extra", "note.txt"), "x");
    expect((await audit(dir)).codes).toContain("E_AUDIT_OUTPUT_UNLISTED");
  });

  it("a record claiming an input of the session as its output", async () => {
    const dir = await session();
    await forge(dir, (doc) => { doc.commands["tally"]!.outputs["ballots.csv"] = ""; });
    expect((await audit(dir)).codes).toEqual(["E_AUDIT_RECOUNT_DIFFERS"]);
  });

  it("a removed output, struck from the record too", async () => {
    const dir = await session();
    await fs.rm(path.join(dir, "out", "announcement.md"));
    await forge(dir, (doc) => { delete doc.commands["tally"]!.outputs["out/announcement.md"]; });
    const r = await audit(dir);
    expect(r.code).toBe(1);
    expect(r.json.data.checks[2].problems[0]).toMatchObject({ code: "E_AUDIT_RECOUNT_DIFFERS", file: "out/announcement.md" });
    expect(r.json.data.checks[2].problems[0].messageEn).toBeUndefined();
    // Under --lang en the problems and the checks' titles have their English beside the Chinese.
    const en = await runCli(["audit", dir, "--json", "--lang", "en"]);
    expect(en.json.data.checks[2].problems[0]).toMatchObject({ message: r.json.data.checks[2].problems[0].message, messageEn: expect.stringMatching(/^[A-Z]/) });
    expect(en.json.data.checks.map((c: { titleEn?: string }) => typeof c.titleEn)).toEqual(["string", "string", "string", "string"]);
  });

  it("changed options: a round limit, an encoding, a mistyped or an unknown option", async () => {
    const dir = await session(path.join(SEEDS, "tie-runoff"));
    for (const options of [{ round: 1, encoding: "auto" }, { round: null, encoding: "gb18030" }, { round: "2", encoding: "auto" }, { round: null, encoding: "auto", verbose: true }, undefined]) {
      await forge(dir, (doc) => { if (options) doc.commands["tally"]!.options = options; else delete doc.commands["tally"]!.options; });
      const r = await audit(dir);
      expect(r.code, JSON.stringify(options)).toBe(1);
      expect(r.codes.some((c) => c === "E_AUDIT_RECOUNT_DIFFERS" || c === "E_AUDIT_OPTIONS" || c === "E_AUDIT_RECOUNT_FAILED"), JSON.stringify(options)).toBe(true);
    }
    await forge(dir, (doc) => { doc.commands["tally"]!.options = { round: null, encoding: "auto" }; });
    expect((await audit(dir)).code).toBe(0);
  });

  it("options given to a command that records none", async () => {
    const dir = await session(BASE, [["ballot"]]);
    await forge(dir, (doc) => { doc.commands["ballot"]!.options = { round: 2 }; });
    expect((await audit(dir)).codes).toEqual(["E_AUDIT_OPTIONS"]);
  });

  it("swapped inputs: another ballot file, its hash fixed", async () => {
    const dir = await session();
    const ballots = path.join(dir, "ballots.csv");
    await fs.writeFile(ballots, (await fs.readFile(ballots, "utf8")).replace("010,,,×,×,○", "010,,○,×,×,○"));
    await forge(dir, () => {});
    const r = await audit(dir);
    expect(r.code).toBe(1);
    expect(r.json.data.checks[2].problems.map((p: { file: string }) => p.file)).toContain("out/results.csv");
  });

  it("an input the command never reads, added to its record", async () => {
    const dir = await session();
    await fs.writeFile(path.join(dir, "notes.csv"), "x\n");
    await forge(dir, (doc) => { doc.commands["tally"]!.inputs["notes.csv"] = ""; });
    expect((await audit(dir)).codes).toEqual(["E_AUDIT_INPUT_UNREAD"]);
  });

  it("a runoff record forged from the inputs of a later round", async () => {
    const dir = await session(path.join(SEEDS, "tie-runoff"));
    const round2 = await fs.readFile(path.join(dir, "ballots-r2.csv"));
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    expect((await runCli(["tally", dir])).code).toBe(4);
    expect((await runCli(["runoff", dir])).code).toBe(0);
    await fs.writeFile(path.join(dir, "ballots-r2.csv"), round2);
    expect((await runCli(["tally", dir])).code).toBe(0);
    expect((await audit(dir)).code).toBe(0);
    // The runoff record now claims to have read round 2 too: planned from those inputs, there is no runoff.
    await forge(dir, (doc) => { doc.commands["runoff-r2"]!.inputs["ballots-r2.csv"] = ""; });
    const r = await audit(dir);
    expect(r.code).toBe(1);
    expect(r.codes).toContain("E_AUDIT_RECOUNT_FAILED");
  });

  it("a printed round's seats or lines struck from its record (the command always writes them)", async () => {
    const dir = await session(path.join(SEEDS, "tie-runoff"));
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    expect((await runCli(["tally", dir])).code).toBe(4);
    expect((await runCli(["runoff", dir])).code).toBe(0);
    expect((await runCli(["ballot", dir, "--round", "1"])).code).toBe(0);
    const kept = await fs.readFile(path.join(dir, "out", "audit.json"));
    expect((await audit(dir)).code).toBe(0);
    for (const [name, option] of [["runoff-r2", "seats"], ["runoff-r2", "lines"], ["ballot", "lines"]] as const) {
      await forge(dir, (doc) => { delete doc.commands[name]!.options![option]; });
      const r = await audit(dir);
      expect(r.codes, `${name} ${option}`).toEqual(["E_AUDIT_OPTIONS"]);
      const problem = r.json.data.checks[2].problems[0];
      expect(problem.line, `${name} ${option}`).toBeGreaterThan(1); // at the record's options in audit.json
      expect(problem.message).toBe(`${name} 记录缺少 options.${option}：这个命令总会写下它，缺少它的记录是改过的`);
      await fs.writeFile(path.join(dir, "out", "audit.json"), kept);
      await forge(dir, () => {});
    }
  });

  it("passes legitimate histories that record times cannot order: a file moved out and back, a clock behind", async () => {
    const dir = await session(path.join(SEEDS, "tie-runoff"), []);
    const r2 = path.join(dir, "ballots-r2.csv");
    const kept = await fs.readFile(r2);
    // The runoff ballot is printed while round 2's ballots are out of the folder, then they come back.
    expect((await runCli(["tally", dir])).code).toBe(0);
    await fs.rm(r2);
    expect((await runCli(["runoff", dir])).code).toBe(0);
    await fs.writeFile(r2, kept);
    expect((await runCli(["tally", dir])).code).toBe(0);
    expect((await audit(dir)).code).toBe(0);
    // Printed before the votes on one computer, tallied on another whose clock is an hour behind.
    const other = await session(path.join(SEEDS, "township-2026"), []);
    const ballots = await fs.readFile(path.join(other, "ballots.csv"));
    await fs.rm(path.join(other, "ballots.csv"));
    expect((await runCli(["ballot", other], { now: new Date("2026-01-15T09:00:00Z") })).code).toBe(0);
    await fs.writeFile(path.join(other, "ballots.csv"), ballots);
    expect((await runCli(["tally", other], { now: new Date("2026-01-15T08:00:00Z") })).code).toBe(0);
    expect((await audit(other)).code).toBe(0);
  });

  it("a batch that could not write one session's results is told as such, naming the session, not as an edited summary", async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-batch-unwritten-"));
    made.push(path.join(root, "x"));
    for (const [name, from] of [["甲镇", path.join(SEEDS, "township-2026")], ["乙镇", path.join(SEEDS, "tie-runoff")]] as const) {
      await fs.cp(from, path.join(root, name), { recursive: true, filter: (src) => path.basename(src) !== "out" });
    }
    await fs.writeFile(path.join(root, "乙镇", "out"), "x");
    expect((await runCli(["batch", root])).code).toBe(1);
    const r = await audit(root);
    expect(r.code).toBe(1);
    expect(r.codes).toEqual(["E_AUDIT_BATCH_UNWRITTEN"]);
    expect(r.json.data.checks[2].problems[0]).toMatchObject({ file: "乙镇/out", message: expect.stringMatching(/^batch 没有写完 乙镇 的结果：计票结果已算出，但未能写入它的 out 文件夹/) });
    // The record's word for it struck out: the summary no longer follows.
    await forge(root, (doc) => { delete doc.commands["batch"]!.options!["unwritten"]; });
    expect((await audit(root)).codes).toEqual(["E_AUDIT_RECOUNT_DIFFERS"]);
    // Written once the way is clear: audit passes.
    await fs.rm(path.join(root, "乙镇", "out"));
    expect([0, 4]).toContain((await runCli(["batch", root])).code);
    expect((await audit(root)).codes).toEqual([]);
  });

  /** Two towns batched under 县01. */
  async function batchedTowns(): Promise<string> {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-batch-towns-"));
    made.push(path.join(root, "x"));
    for (const [name, from] of [["镇001", path.join(SEEDS, "township-2026")], ["镇002", path.join(SEEDS, "tie-runoff")]] as const) {
      await fs.cp(from, path.join(root, "县01", name), { recursive: true, filter: (src) => path.basename(src) !== "out" });
    }
    expect([0, 4]).toContain((await runCli(["batch", root])).code);
    return root;
  }

  it("a batch root's audit also audits each town's own out/ batch wrote", async () => {
    const root = await batchedTowns();
    const clean = await audit(root);
    expect(clean.code, JSON.stringify(clean.codes)).toBe(0);
    expect(clean.json.data.towns).toEqual([
      expect.objectContaining({ folder: "县01/镇001", ok: true, problems: [] }), expect.objectContaining({ folder: "县01/镇002", ok: true, problems: [] }),
    ]);
    expect(clean.json.data.towns[0].checks.map((c: { name: string }) => c.name)).toEqual(clean.json.data.checks.map((c: { name: string }) => c.name));
    expect((await runCli(["audit", root])).stdout).toContain("核查 2 个镇，未通过 0 个");
  });

  it("a batch root's audit fails on one byte changed in a town's results, naming the town's file from the root", async () => {
    const root = await batchedTowns();
    // One byte of one town's results changed, its SHA256SUMS entry left as it was.
    const results = path.join(root, "县01", "镇002", "out", "results.csv");
    const bytes = await fs.readFile(results);
    const at = bytes.findIndex((b) => b >= 0x30 && b <= 0x39);
    bytes[at] = bytes[at] === 0x39 ? 0x38 : bytes[at]! + 1;
    await fs.writeFile(results, bytes);
    const r = await audit(root);
    expect(r.code).toBe(1);
    expect(r.codes).toEqual([]); // the root's own checks still pass
    const [town1, town2] = r.json.data.towns;
    expect(town1.ok).toBe(true);
    expect(town2.ok).toBe(false);
    expect(town2.checks.flatMap((c: { problems: { file: string }[] }) => c.problems.map((p) => p.file))).toContain("县01/镇002/out/results.csv");
    expect(r.json.error.diagnostics.map((d: { file: string }) => d.file)).toContain("县01/镇002/out/results.csv");
    expect(r.json.error.message).toContain("县01/镇002");
    const screen = await runCli(["audit", root]);
    expect(screen.code).toBe(1);
    expect(screen.stdout).toContain("核查 2 个镇，未通过 1 个");
    expect(screen.stdout).toMatch(/✗ 县01\/镇002\/out\/results\.csv:\d+:\d+ /);
  });

  it("a batch is counted again over its sessions: an edited summary with its hashes fixed is caught", async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-batch-audit-"));
    made.push(path.join(root, "x"));
    for (const [name, from] of [["甲镇", path.join(SEEDS, "township-2026")], ["乙镇", path.join(SEEDS, "tie-runoff")], ["丙镇", path.join(FIXTURES, "scenarios", "unknown-column")]] as const) {
      await fs.cp(from, path.join(root, name), { recursive: true, filter: (src) => path.basename(src) !== "out" });
    }
    expect([0, 1, 3, 4]).toContain((await runCli(["batch", root])).code);
    const clean = await audit(root);
    expect(clean.code, JSON.stringify(clean.codes)).toBe(0);
    expect(clean.json.data.commands).toEqual([expect.objectContaining({ command: "batch", recount: "in-memory" })]);
    const summary = path.join(root, "out", "batch-summary.csv");
    await fs.writeFile(summary, (await fs.readFile(summary, "utf8")).replace("P01、P02、P03", "P01、P03、P02"));
    await forge(root, () => {});
    const r = await audit(root);
    expect(r.code).toBe(1);
    expect(r.codes).toEqual(["E_AUDIT_RECOUNT_DIFFERS"]);
  });
});
