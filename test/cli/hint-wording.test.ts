// A hint says what is so, once, in words the clerk can act on: the marks a session gives are listed as
// given; an approve-only ballot's marks are not contradicted; a blank listed is not said twice; a grade
// is not taken for a slip; a next-step command carries the folder it is for.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { warning, error } from "../../src/core/diagnostics.js";
import { stdoutFailure } from "../../src/cli/run.js";
import { renderDiagnostic } from "../../src/messages/render.js";
import { FIXTURES, makeSession, ROOT, runCli, scratchCopy } from "../helpers.js";

const AT = { file: "ballots.csv", line: 6, column: 7 };
const unreadable = (marks: { approve: string[]; against: string[]; abstain: string[] }, approveOnly = false) => warning("W_UNREADABLE_MARK", AT, {
  line: 6, serial: "005", candidate: "P02", mark: "√", marksGiven: 1,
  approveMarks: marks.approve, againstMarks: marks.against, abstainMarks: marks.abstain, ...(approveOnly ? { approveOnly: 1 } : {}),
});

describe("an unreadable mark's hint lists the marks read as they are", () => {
  it("marks given in Chinese are named in English too, not left out as a default's words", () => {
    const d = unreadable({ approve: ["同意"], against: ["不同意"], abstain: ["弃权", "-"] });
    expect(renderDiagnostic(d, "en").hint).toContain("approve 同意, against 不同意, abstain 弃权, - (and a blank cell, unless a list names it)");
    expect(renderDiagnostic(d).hint).toContain("赞成 同意，反对 不同意，弃权 弃权、-（没有写明空白的，空白也是弃权）");
  });

  it("an approve-only ballot: against marks and any other mark cannot be read, not 'anything but approval'", () => {
    const d = unreadable({ approve: ["√"], against: [], abstain: ["弃权", "-"] }, true);
    const zh = renderDiagnostic(d).hint!;
    expect(zh).toContain("赞成 √，弃权 弃权、-");
    expect(zh).toMatch(/；只设赞成的表决票上，反对符号和其他符号都无法辨认$/);
    expect(zh).not.toContain("赞成符号以外");
    const en = renderDiagnostic(d, "en").hint!;
    expect(en).toMatch(/; on an approve-only ballot, against marks and any other mark cannot be read$/);
    // The default marks on an approve-only ballot say the same.
    const plain = renderDiagnostic(warning("W_UNREADABLE_MARK", AT, { line: 6, candidate: "P02", mark: "×", approveOnly: 1 })).hint!;
    expect(plain).toMatch(/反对符号和其他符号都无法辨认$/);
  });

  it("a blank a list names is said once", () => {
    const d = unreadable({ approve: ["○", "√"], against: ["×"], abstain: [""] });
    expect(renderDiagnostic(d).hint).toMatch(/弃权 空白$/);
    expect(renderDiagnostic(d, "en").hint).toMatch(/abstain a blank cell$/);
  });
});

describe("a grade under levels is not taken for a slip", () => {
  it("levels.很满意 gets no did-you-mean, and the English hint names the grades, not the SPEC", () => {
    const d = error("E_UNKNOWN_KEY", { file: "evaluation.json", line: 8, column: 15 }, { key: "levels.很满意", suggestion: "满意" });
    expect(renderDiagnostic(d).message).toBe("未知的键“levels.很满意”");
    const en = renderDiagnostic(d, "en");
    expect(en.message).toBe("Unknown key “levels.很满意”");
    expect(en.hint).not.toContain("SPEC");
    expect(en.hint).toMatch(/^There are only three grades \(满意 satisfied, 基本满意 fairly satisfied, 不满意 unsatisfied\)/);
    // Elsewhere the suggestion stays.
    const rule = error("E_UNKNOWN_KEY", { file: "session.json", line: 3, column: 5 }, { key: "rules.fromal", suggestion: "formal" });
    expect(renderDiagnostic(rule).message).toBe("未知的键“rules.fromal”，是不是“formal”？");
  });
});

describe("a later round's issued beyond those present: the command to correct it names the folder", () => {
  async function overIssued(): Promise<string> {
    const dir = await scratchCopy(path.join(FIXTURES, "bad", "base"));
    const file = path.join(dir, "session.json");
    await fs.writeFile(file, (await fs.readFile(file, "utf8")).replace('"issued": [10]', '"issued": [10, 12]'));
    return dir;
  }
  type Warned = { json: { warnings: { code: string; message: string; hint: string; hintEn?: string }[] } };
  const hintOf = (r: Warned) => r.json.warnings.find((w) => w.code === "W_ISSUED_EXCEEDS_PRESENT" && /^第 2 轮/.test(w.message))!;

  it("check run from elsewhere, and from the folder", async () => {
    const dir = await overIssued();
    const folder = path.relative(ROOT, dir);
    const check = await runCli(["check", dir, "--json"]);
    expect(hintOf(check).hint).toContain(`改正用 piaojue enter --issued N --round 2 ${folder}；`);
    const en = await runCli(["check", dir, "--json", "--lang", "en"]);
    expect(hintOf(en).hintEn).toContain(`correct it with piaojue enter --issued N --round 2 ${folder};`);
    const here = await runCli(["check", "--json"], { cwd: dir });
    expect(hintOf(here).hint).toContain("改正用 piaojue enter --issued N --round 2；");
  });

  it("tally of the runoff round, run from elsewhere", async () => {
    // A 8, B 5, C 4, D 2 for two seats: a runoff among B, C, D for one; 12 issued for it, 9 present.
    const rows = ["○,○,,", "○,○,,", "○,○,,", "○,○,,", "○,○,,", "○,,○,", "○,,○,", "○,,○,", ",,○,○"];
    const dir = await makeSession({
      "session.json": JSON.stringify({ title: "测试", date: "2026-01-15", deputies: { total: 10, present: 9 }, issued: [9, 12], rules: { formal: 2, order: "as-listed" } }),
      "candidates.csv": "编号,项目名称\nA,甲\nB,乙\nC,丙\nD,丁\n",
      "ballots.csv": ["票号,作废,A,B,C,D", ...rows.map((r, i) => `00${i + 1},,${r}`), ""].join("\n"),
      "ballots-r2.csv": ["票号,作废,B,C,D", ...rows.map((_, i) => `00${i + 1},,○,,`), ""].join("\n"),
    });
    const tally = await runCli(["tally", dir, "--json"]);
    expect(hintOf(tally).hint).toContain(`改正用 piaojue enter --issued N --round 2 ${path.relative(ROOT, dir)}；`);
  });

  it("enter --present that leaves round 2's issued beyond those present", async () => {
    const dir = await overIssued();
    const r = await runCli(["enter", dir, "--present", "9", "--json"]);
    expect(r.code).toBe(0);
    expect(hintOf(r).hint).toContain(`改正用 piaojue enter --issued N --round 2 ${path.relative(ROOT, dir)}；`);
  });
});

describe("standard output that cannot be written is said in words, with a hint", () => {
  it("a full disk, a closed pipe, another errno", () => {
    expect(stdoutFailure(["tally"], "ENOSPC")).toBe("piaojue：无法写到标准输出：磁盘已满（ENOSPC）\n    提示：腾出磁盘空间，或查看标准输出转到了哪里（> 后面的文件、| 后面的程序）；写进 out/ 的结果可用 piaojue audit 核对\n");
    expect(stdoutFailure(["check"], "EPIPE")).toMatch(/^piaojue：无法写到标准输出：管道已关闭（EPIPE）\n    提示：查看标准输出转到了哪里/);
    expect(stdoutFailure(["check"], "EXYZ")).toMatch(/^piaojue：无法写到标准输出（EXYZ）\n    提示：/);
    expect(stdoutFailure(["batch", "--lang", "en"], "EPIPE")).toMatch(/^piaojue: cannot write to standard output: the pipe is closed \(EPIPE\)\n    hint: Check where standard output goes .*piaojue audit\n$/);
  });

  it("points at out/ and piaojue audit only after a command that writes out/, not after help, -V, check or verify", () => {
    for (const argv of [["help"], ["-V"], [], ["check"], ["verify", "x"], ["tally", "--help"], ["help", "tally"], ["audit"], ["init", "x"]]) {
      expect(stdoutFailure(argv, "ENOSPC"), argv.join(" ")).toBe("piaojue：无法写到标准输出：磁盘已满（ENOSPC）\n    提示：腾出磁盘空间，或查看标准输出转到了哪里（> 后面的文件、| 后面的程序）\n");
    }
    expect(stdoutFailure(["--lang", "en", "check"], "ENOSPC")).toBe("piaojue: cannot write to standard output: the disk is full (ENOSPC)\n    hint: Make room on the disk, or check where standard output goes (the file after >, the program after |)\n");
    for (const command of ["tally", "runoff", "ballot", "evaluate", "progress", "batch", "demo"]) {
      expect(stdoutFailure([command, "--json"], "ENOSPC"), command).toContain("；写进 out/ 的结果可用 piaojue audit 核对\n");
    }
  });
});
