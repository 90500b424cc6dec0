// Inputs that must neither crash nor fool the count (issue 14 items 8, 9, 11, 12, 13; issue 11): JSON read
// as UTF-8 whatever --encoding says, input text escaped in the Markdown 公告, invisible characters in
// names, the formula guard undone on a results.csv piaojue wrote, and the silent readings of the ballots
// file (a 作废 cell reading 否, a row of only commas) named in warnings.
import { promises as fs, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import iconv from "iconv-lite";
import { afterEach, describe, expect, it } from "vitest";
import { escapeMarkdown } from "../../src/io/render/html.js";
import { FIXTURES, runCli, snapshot } from "../helpers.js";

const BASE = path.join(FIXTURES, "bad", "base");
const BASE_EVALUATION = path.join(FIXTURES, "bad", "base-evaluation");
const made: string[] = [];

afterEach(async () => {
  for (const dir of made.splice(0)) await fs.rm(dir, { recursive: true, force: true });
});

/** A copy of a base session with some files replaced. */
async function session(base: string, files: Record<string, string | Uint8Array> = {}): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-inputs-"));
  made.push(root);
  const dir = path.join(root, "s");
  await fs.cp(base, dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) await fs.writeFile(path.join(dir, name), content);
  return dir;
}

const read = (dir: string, name: string) => readFileSync(path.join(dir, name), "utf8");
const baseText = (name: string) => readFileSync(path.join(BASE, name), "utf8");

describe("JSON files are UTF-8 whatever --encoding says (14.11)", () => {
  it("reads a UTF-8 session.json as UTF-8 beside GBK tables under --encoding gb18030", async () => {
    const dir = await session(BASE, {
      "candidates.csv": iconv.encode(baseText("candidates.csv"), "gbk"),
      "ballots.csv": iconv.encode(baseText("ballots.csv"), "gbk"),
    });
    const r = await runCli(["tally", dir, "--encoding", "gb18030", "--json"]);
    expect(r.code, r.stdout).toBe(0);
    expect(read(dir, "out/announcement.md")).toContain("# 测试镇第十八届人民代表大会第五次会议");
    expect(read(dir, "out/announcement.html")).toContain("测试镇第十八届人民代表大会第五次会议");
  });

  it("refuses a forced GB18030 reading of a table that is UTF-8 with Chinese in it", async () => {
    const dir = await session(BASE, { "candidates.csv": iconv.encode(baseText("candidates.csv"), "gbk") });
    const before = await snapshot(dir);
    const r = await runCli(["tally", dir, "--encoding", "gb18030", "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_ENCODING_CONTRADICTED", file: "ballots.csv", line: 1, column: 1 });
    expect(r.json.error.diagnostics[0].message).toContain("UTF-8");
    expect(await snapshot(dir)).toEqual(before);
  });

  it("refuses a forced GB18030 reading of a table whose UTF-8 line sits among GBK ones, naming the line", async () => {
    // Read as GB18030, the UTF-8 line would turn into other characters without any decoding error.
    const [header, first, ...rest] = baseText("ballots.csv").split("\n");
    const mixed = Buffer.concat([iconv.encode(`${header}\n`, "gbk"), Buffer.from(`${first}\n`), iconv.encode(rest.join("\n"), "gbk")]);
    const dir = await session(BASE, { "candidates.csv": iconv.encode(baseText("candidates.csv"), "gbk"), "ballots.csv": mixed });
    const before = await snapshot(dir);
    const r = await runCli(["tally", dir, "--encoding", "gb18030", "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_ENCODING_CONTRADICTED", file: "ballots.csv", line: 2, column: 1 });
    expect(r.json.error.diagnostics[0].message).toContain("第 2 行是 UTF-8");
    expect(await snapshot(dir)).toEqual(before);
  });

  it("records a forced encoding for ballot, runoff and evaluate too, so audit reads the files the same way", async () => {
    // 陆路 is C2 BD C2 B7 in GBK: valid UTF-8 too (½·), so "auto" would read other names without an error.
    const facts = { title: "某镇会议", date: "2026-01-15", deputies: { total: 5, present: 5 }, issued: [5, 5], rules: { formal: 1, order: "as-listed" } };
    const dir = await session(BASE, {
      "session.json": JSON.stringify(facts),
      "candidates.csv": iconv.encode("id,name\nA,陆路\nB,芦路\nC,卢路\n", "gbk"),
      "ballots.csv": "A,B,C\n1,1,0\n1,1,0\n1,1,0\n0,0,1\n0,0,1\n",
      "evaluation.json": JSON.stringify({ title: "测评", projects: "candidates.csv", groups: { 代表: { weight: "1" } } }),
      "evaluations.csv": iconv.encode("A,B,C\n满意,满意,不满意\n", "gbk"),
    });
    const inGbk = async (command: string) => {
      const r = await runCli([command, dir, "--encoding", "gb18030"]);
      expect(r.code, command + r.stderr).toBe(command === "tally" ? 4 : 0);
    };
    await inGbk("tally");
    await inGbk("runoff");
    expect(JSON.parse(read(dir, "out/audit.json")).commands["runoff-r2"].options).toMatchObject({ encoding: "gb18030" });
    // Round 1 is in (two approvals a ballot are too many for one seat): ballot prints the runoff's again,
    // and its record replaces the runoff's (the same files).
    await inGbk("ballot");
    await inGbk("evaluate");
    expect(read(dir, "out/ballot-r2.html")).toContain("陆路");
    const audit = JSON.parse(read(dir, "out/audit.json"));
    for (const record of ["ballot-r2", "evaluate", "tally"]) expect(audit.commands[record].options).toMatchObject({ encoding: "gb18030" });
    expect(audit.commands["runoff-r2"]).toBeUndefined();
    const r = await runCli(["audit", dir]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it("refuses a GBK session.json even when --encoding gb18030 is given", async () => {
    const dir = await session(BASE, { "session.json": iconv.encode(baseText("session.json"), "gbk") });
    const r = await runCli(["tally", dir, "--encoding", "gb18030"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/session\.json:2:13 E_JSON_ENCODING JSON 文件不是有效的 UTF-8 编码\n\s+提示：JSON 文件必须是 UTF-8 编码/);
  });

  it("a control character or NUL in session.json is to be deleted in a text editor, not saved as a CSV", async () => {
    const text = baseText("session.json");
    for (const bad of [text.replace(/"title": "/, '"title": "\u0001'), `${text}\u0000`]) {
      const r = await runCli(["check", await session(BASE, { "session.json": bad })]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/session\.json:\d+:\d+ E_NOT_TEXT .*\n\s+提示：确认选对了文件；用记事本等文本编辑器打开，删去这个字符/);
      expect(r.stderr).not.toContain("CSV");
    }
  });
});

describe("input text in the Markdown 公告 is shown as written (14.8)", () => {
  it("escapes emphasis, links, HTML and a list marker at the start of a line", () => {
    expect(escapeMarkdown("**粗体** [点此](http://x) <b>")).toBe("\\*\\*粗体\\*\\* \\[点此\\](http://x) \\<b\\>");
    expect(escapeMarkdown("1. P4 假项目")).toBe("1\\. P4 假项目");
    expect(escapeMarkdown("- 假")).toBe("\\- 假");
    expect(escapeMarkdown("甲\n\n## 正式项目")).toBe("甲  \\#\\# 正式项目");
    expect(escapeMarkdown("a|b")).toBe("a\\|b");
  });

  it("writes no heading, list or HTML of a candidate's name or of the title into announcement.md", async () => {
    const candidates = baseText("candidates.csv").replace("P4,农贸市场提升改造", '"P4","农贸市场\n\n## 正式项目\n\n1. P9 假项目 <img src=x onerror=alert(1)>"');
    const dir = await session(BASE, {
      "candidates.csv": candidates,
      "session.json": baseText("session.json").replace("测试镇第十八届人民代表大会第五次会议", "1. 测试镇*人大*"),
    });
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code, r.stdout).toBe(0);
    const md = read(dir, "out/announcement.md");
    const lines = md.split("\n");
    expect(lines.filter((l) => /^#+ /.test(l))).toEqual(["# 1\\. 测试镇\\*人大\\*", "## 民生实事项目票决结果公告", "### 正式项目"]);
    expect(lines.some((l) => /^\d+\. P9/.test(l))).toBe(false);
    expect(md).not.toMatch(/(^|[^\\])<img/);
    expect(md).toContain("\\<img src=x onerror=alert(1)\\>");
    expect(lines).toContain("1\\. 测试镇\\*人大\\*主席团");
  });
});

describe("invisible and bidirectional characters (14.9)", () => {
  it("refuses U+200B in a project name that would print as another's, and names the character", async () => {
    const dir = await session(BASE, { "candidates.csv": baseText("candidates.csv").replace("P3,村道路灯安装工程", "P3,\u200b中心小学食堂改造") });
    const r = await runCli(["tally", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("错误 candidates.csv:4:2 E_CANDIDATE_NAME 项目名称“⟨U+200B⟩中心小学食堂改造”：含有看不见的字符");
  });

  it("shows a right-to-left override in a message by its code, so it cannot reorder the message", async () => {
    const dir = await session(BASE, { "candidates.csv": baseText("candidates.csv").replace("P2,居家养老服务中心建设", "P2,居家\u202e养老") });
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0].message).toContain("居家⟨U+202E⟩养老");
    expect(r.json.error.diagnostics[0].message).not.toContain("\u202e");
  });

  it("refuses a group name that hides the reserved 综合 behind a zero-width space", async () => {
    const dir = await session(BASE_EVALUATION, { "evaluation.json": read(BASE_EVALUATION, "evaluation.json").replace('"群众"', '"\\u200b综合"') });
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_EVALUATION_SCHEMA", line: 6, column: 5 });
    expect(r.json.error.diagnostics[0].message).toContain("U+200B");
  });

  it("warns of a line break typed into a project name's cell (Alt+Enter), at the row's first line", async () => {
    const dir = await session(BASE, { "candidates.csv": baseText("candidates.csv").replace("P3,村道路灯安装工程", "P3,\"村道\r\n路灯安装工程\"") });
    const r = await runCli(["check", dir, "--json"]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.json.warnings.filter((w: { code: string }) => w.code === "W_NAME_LINE_BREAK")).toEqual([
      expect.objectContaining({ file: "candidates.csv", line: 4, column: 1, message: "第 4 行（P3）的项目名称“村道↵路灯安装工程”中有换行（多半是在 Excel 单元格中按了 Alt+Enter）" }),
    ]);
  });

  it("matches a ballot column whose name carries a zero-width space to its candidate", async () => {
    const plain = await session(BASE);
    const spaced = await session(BASE, { "ballots.csv": baseText("ballots.csv").replace("P1,P2", "P1\u200b,P2") });
    const a = await runCli(["tally", plain, "--json"]);
    const b = await runCli(["tally", spaced, "--json"]);
    expect(b.code, b.stdout).toBe(0);
    expect(b.json.data).toEqual(a.json.data);
  });
});

describe("the formula guard is undone on a results.csv piaojue wrote (14.12)", () => {
  it("reads '=名称 back as =名称, so a forms column named by it is a project", async () => {
    const results = read(BASE_EVALUATION, "results.csv").replace(",P02,农村饮水安全提升工程,", ",P02,'=农村饮水安全提升工程,");
    const forms = read(BASE_EVALUATION, "evaluations.csv").replace("组别,P01,P02,", "组别,P01,=农村饮水安全提升工程,");
    const dir = await session(BASE_EVALUATION, { "results.csv": results, "evaluations.csv": forms });
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.json.data.projects.find((p: { id: string }) => p.id === "P02").name).toBe("=农村饮水安全提升工程");
  });
});

describe("silent readings of a ballots file are named (14.13, issue 11)", () => {
  it("warns for a 作废 cell reading 否, and still counts the ballot void as the contract says", async () => {
    const dir = await session(BASE, { "ballots.csv": baseText("ballots.csv").replace(/^004,,/m, "004,否,").replace(/^005,,/m, "005,N,") });
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.json.data.rounds[0]).toMatchObject({ void: 2, voidByReason: { "marked-void": 2 } });
    const warnings = r.json.warnings.filter((w: { code: string }) => w.code === "W_VOID_CELL_NEGATIVE");
    expect(warnings.map((w: { line: number; column: number }) => [w.line, w.column])).toEqual([[5, 2], [6, 2]]);
    expect(warnings[0].message).toBe("第 5 行的“作废”写的是“否”，这张票按作废计（作废列不为空即作废）");
  });

  it("refuses a spreadsheet's 合计 row under the ballots (it would be one more ballot returned), and writes nothing", async () => {
    for (const [row, column] of [["合计,,40,30,20,10", 1], [",合计,4,3,2,1", 2], ["总计：,,4,3,2,1", 1]] as const) {
      const dir = await session(BASE, { "ballots.csv": baseText("ballots.csv").trimEnd() + `\n${row}\n` });
      const before = await snapshot(dir);
      const r = await runCli(["tally", dir, "--json"]);
      expect(r.code).toBe(1);
      expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_TOTAL_ROW", file: "ballots.csv", column });
      expect(r.json.error.diagnostics[0].message).toContain("是合计行，不是一张表决票");
      expect(await snapshot(dir)).toEqual(before);
    }
  });

  it("warns as well for 有效, 不作废 and 正常 typed in the 作废 column", async () => {
    const text = baseText("ballots.csv").replace(/^004,,/m, "004,有效,").replace(/^005,,/m, "005,不作废,").replace(/^006,,/m, "006,正常,");
    const r = await runCli(["tally", await session(BASE, { "ballots.csv": text }), "--json"]);
    expect(r.json.data.rounds[0]).toMatchObject({ void: 3, voidByReason: { "marked-void": 3 } });
    expect(r.json.warnings.filter((w: { code: string }) => w.code === "W_VOID_CELL_NEGATIVE").map((w: { line: number }) => w.line)).toEqual([5, 6, 7]);
  });

  it("warns for every row of only commas, in the terminal and in --json, and counts it as a blank ballot", async () => {
    const ballots = baseText("ballots.csv").split("\n").filter(Boolean).slice(0, 9).join("\n") + "\n,,,,,\n,,,,,\n";
    const dir = await session(BASE, { "ballots.csv": ballots });
    const j = await runCli(["tally", dir, "--json"]);
    expect(j.code).toBe(0);
    expect(j.json.data.rounds[0]).toMatchObject({ returned: 10, valid: 10 });
    const rows = j.json.warnings.filter((w: { code: string }) => w.code === "W_EMPTY_ROW");
    expect(rows.map((w: { line: number }) => w.line)).toEqual([10, 11]);
    const h = await runCli(["tally", dir]);
    expect(h.stderr).toContain("ballots.csv:10:1 W_EMPTY_ROW 第 10 行全部为空（只有逗号或空格），按空白票计");
    expect(h.stderr).toContain("ballots.csv:11:1 W_EMPTY_ROW");
  });

  it("lets rules.marks name the empty cell: \"\" in marks.against makes an empty cell against", async () => {
    const marks = baseText("session.json").replace('"order": "as-listed"', '"order": "as-listed",\n    "marks": { "against": ["×", ""] }');
    const dir = await session(BASE, { "session.json": marks, "ballots.csv": "票号,作废,P1,P2,P3,P4\n001,,○,,,×\n" });
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.json.error?.diagnostics ?? []).toEqual([]);
    expect(r.json.data.candidates.find((c: { id: string }) => c.id === "P2")).toMatchObject({ approve: 0, against: 1, abstain: 0 });
  });
});

describe("JSON mistakes are told what they are (issue 11)", () => {
  it("calls a trailing comma a trailing comma", async () => {
    const dir = await session(BASE, { "session.json": readFileSync(path.join(FIXTURES, "bad", "cases", "session-trailing-comma.json")) });
    const r = await runCli(["tally", dir]);
    // At the comma to delete, not at the } a line below it.
    expect(r.stderr).toMatch(/session\.json:8:25 E_JSON_SYNTAX } 前面多了一个逗号\n\s+提示：JSON 的最后一项后面不能有逗号/);
  });

  it("suggests the key a misspelt one meant", async () => {
    const dir = await session(BASE, { "session.json": baseText("session.json").replace('"order"', '"oder"') });
    const r = await runCli(["tally", dir]);
    expect(r.stderr).toContain("E_UNKNOWN_KEY 未知的键“rules.oder”，是不是“order”？");
    const en = await runCli(["tally", dir, "--lang", "en"]);
    expect(en.stderr).toContain("Unknown key “rules.oder”; did you mean “order”?");
  });

  it("says a session folder that does not exist is not found", async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-inputs-"));
    made.push(root);
    const r = await runCli(["tally", path.join(root, "nowhere")]);
    expect(r.code).toBe(1);
    // Named at the folder itself, whole (it is not below the current folder), not at the session.json in it.
    expect(r.stderr).toContain(`错误 ${path.join(root, "nowhere")} E_FILE 会议文件夹 ${path.join(root, "nowhere")} 不存在\n    提示：检查文件夹路径是否写对`);
    // Said once, not again for candidates.csv; and the same for a file given as the folder.
    expect(r.stderr.match(/E_FILE/g)).toHaveLength(1);
    const file = path.join(root, "notes.txt");
    await fs.writeFile(file, "x");
    const f = await runCli(["tally", file, "--json"]);
    expect(f.json.error.diagnostics.map((d: { code: string }) => d.code)).toEqual(["E_FILE"]);
  });

  it("audit, progress (--plan) and evaluate say a missing folder is missing, once, not that the tally has not run, and write nothing", async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-inputs-"));
    made.push(root);
    const nowhere = path.join(root, "nowhere");
    const file = path.join(root, "notes.txt");
    await fs.writeFile(file, "x");
    for (const argv of [["audit", nowhere], ["progress", "--plan", nowhere], ["audit", nowhere, "-o", path.join(root, "out")], ["progress", "--plan", "nowhere"], ["progress", nowhere], ["evaluate", nowhere]]) {
      const r = await runCli([...argv, "--json"], { cwd: root });
      expect(r.code, argv.join(" ")).toBe(1);
      // Below the current folder: named relative to it, at the folder itself.
      expect(r.json.error.diagnostics.map((d: { code: string; file: string; message: string }) => `${d.file} ${d.code} ${d.message}`)).toEqual(["nowhere E_FILE 会议文件夹 nowhere 不存在"]);
      const human = await runCli(argv, { cwd: root });
      expect(human.stderr).toContain("提示：检查文件夹路径是否写对");
      expect(human.stderr).not.toMatch(/E_AUDIT_MISSING|E_PLAN_NO_TALLY/);
      const f = await runCli([argv[0]!, ...(argv[1] === "--plan" ? ["--plan"] : []), file, "--json"], { cwd: root });
      expect(f.json.error.diagnostics.map((d: { code: string; message: string }) => `${d.code} ${d.message}`)).toEqual([`E_FILE ${file} 是一个文件，不是文件夹`]);
    }
    // The argument is the file at fault, named as typed, not the session.json (evaluation.json, plan.csv) looked for in it.
    for (const command of ["tally", "check", "evaluate", "progress", "ballot", "audit"]) {
      const r = await runCli([command, "notes.txt", "--json"], { cwd: root });
      expect(r.json.error.diagnostics.map((d: { file: string }) => d.file), command).toEqual(["notes.txt"]);
    }
    await fs.mkdir(path.join(root, "t"));
    await fs.writeFile(path.join(root, "t", "session.json"), "{}");
    const nested = await runCli(["audit", "t/session.json", "--json"], { cwd: root });
    expect(nested.json.error.diagnostics.map((d: { file: string }) => d.file)).toEqual(["t/session.json"]);
    await fs.rm(path.join(root, "t"), { recursive: true });
    expect(await snapshot(root)).toEqual(new Map([["notes.txt", Buffer.from("x").toString("base64")]]));
  });

  it("batch names a missing root as it was typed, absolute or relative", async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-inputs-"));
    made.push(root);
    const here = path.join(root, "a", "b");
    await fs.mkdir(here, { recursive: true });
    const absolute = path.join(root, "nonexist");
    for (const typed of [absolute, "../../nonexist", "nowhere"]) {
      const r = await runCli(["batch", typed, "--json"], { cwd: here });
      expect(r.code).toBe(1);
      expect(r.json.error.diagnostics.map((d: { code: string; file: string }) => `${d.code} ${d.file}`)).toEqual([`E_FILE ${typed}`]);
    }
  });
});
