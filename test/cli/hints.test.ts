// Every error tells the clerk what to do (README: each error comes with a 提示): schema errors say what to
// write, using the value written; a comment in a JSON file is named as one; a file that cannot be read
// says why (a file given for a folder, a folder or a pipe where a file belongs); audit failures say how
// to restore or write again.
import { promises as fs, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { EN } from "../../src/messages/en.js";
import { ZH } from "../../src/messages/zh.js";
import { FIXTURES, ROOT, SEEDS, runCli, scratchCopy } from "../helpers.js";

const BASE = path.join(FIXTURES, "bad", "base");
const BASE_EVALUATION = path.join(FIXTURES, "bad", "base-evaluation");
const baseText = (name: string) => readFileSync(path.join(BASE, name), "utf8");

/** A copy of a base folder with some files replaced (removed with the scratch copies). */
async function withFiles(base: string, files: Record<string, string> = {}): Promise<string> {
  const dir = await scratchCopy(base);
  for (const [name, content] of Object.entries(files)) await fs.writeFile(path.join(dir, name), content);
  return dir;
}

/** The first error of a refused run (--json): its code, place, message and hint. */
async function firstError(argv: string[]) {
  const r = await runCli([...argv, "--json"]);
  expect(r.code, r.stdout).toBe(1);
  return r.json.error.diagnostics.find((d: { severity: string }) => d.severity === "error");
}

/** The line after `错误 … CODE …` (or `error … CODE …`) on stderr: its hint. */
function hintAfter(stderr: string, code: string): string | undefined {
  const lines = stderr.split("\n");
  const i = lines.findIndex((l) => / E_[A-Z_]+ /.test(l) && l.includes(` ${code} `));
  const next = lines[i + 1]?.trim();
  return i >= 0 && next && /^(提示：|hint: )/.test(next) ? next : undefined;
}

const SESSION = baseText("session.json");

describe("session.json schema errors say what to write", () => {
  it("a number written in quotes: write it without quotes, with the number written", async () => {
    const dir = await withFiles(BASE, { "session.json": SESSION.replace('"total": 11', '"total": "58"') });
    const r = await runCli(["check", dir]);
    expect(r.stderr).toContain("E_SESSION_SCHEMA deputies.total：类型不对，应为数字，这里是文字\n");
    expect(hintAfter(r.stderr, "E_SESSION_SCHEMA")).toBe("提示：写成数字，不加引号：\"total\": 58");
    const en = await runCli(["check", dir, "--lang", "en"]);
    expect(hintAfter(en.stderr, "E_SESSION_SCHEMA")).toBe("hint: Write a number without quotes: \"total\": 58");
  });

  it("text written as a number, a fraction where an integer belongs, a word in the wrong case, a missing key", async () => {
    const text = SESSION.replace(/"title": "[^"]*"/, '"title": 5').replace('"formal": 2', '"formal": 2.5').replace('"as-listed"', '"As-listed"')
      .replace('"present": 10', '"presnt": 10');
    const dir = await withFiles(BASE, { "session.json": text });
    const r = await runCli(["check", dir, "--json"]);
    const hints = Object.fromEntries(r.json.error.diagnostics.filter((d: { code: string }) => d.code === "E_SESSION_SCHEMA").map((d: { message: string; hint: string }) => [d.message, d.hint]));
    expect(hints).toMatchObject({
      "title：类型不对，应为文字，这里是数字": "写成用英文双引号括起的文字：\"title\": \"××镇第十八届人民代表大会第五次会议\"",
      "rules.formal：应为整数": "写整数，不带小数点，例如 \"formal\": 10",
      "rules.order：取值无效，可选：\"stroke\"、\"pinyin\"、\"as-listed\"、\"random\"": "是不是要写 \"order\": \"as-listed\"？取值要照抄，连同英文双引号，区分大小写",
      "deputies.present：缺少必填项（应为数字）": "在 deputies 里加上 \"present\": 55",
    });
  });

  it("a key missing from an entry of a list: no space before 里, and the void count's example is 0", async () => {
    const dir = await withFiles(BASE, { "session.json": SESSION.replace('"deputies"', '"counted": [{"returned": 10}], "deputies"') });
    const d = await firstError(["check", dir]);
    expect(d).toMatchObject({ code: "E_SESSION_SCHEMA", message: "counted.0.void：缺少必填项（应为数字）" });
    expect(d.hint).toBe("在 counted 的第 1 项里加上 \"void\": 0");
    const en = await runCli(["check", dir, "--lang", "en"]);
    expect(hintAfter(en.stderr, "E_SESSION_SCHEMA")).toBe("hint: Add \"void\": 0 to counted item 1");
  });

  it("a value typed with a Chinese input method names its full-width character", async () => {
    const dir = await withFiles(BASE, { "session.json": SESSION.replace('"as-listed"', '"ａs-listed"').replace('"formal": 2', '"formal": 2, "quorum": "２/３"') });
    const r = await runCli(["check", dir, "--json"]);
    const messages = r.json.error.diagnostics.map((d: { message: string }) => d.message);
    expect(messages).toContain("rules.order：取值无效，可选：\"stroke\"、\"pinyin\"、\"as-listed\"、\"random\"（其中“ａ”是全角字符，须用半角，即英文输入法）");
    expect(messages).toContain("rules.quorum：应是小数或分数，如 \"1.2\" 或 \"2/3\"（其中“２”是全角字符，须用半角，即英文输入法）");
    // A title of a full-width space is empty, as one of a half-width space would be: no character to name.
    const blank = await withFiles(BASE, { "session.json": SESSION.replace(/"title": "[^"]*"/, '"title": "\u3000"') });
    expect(await firstError(["check", blank])).toMatchObject({ code: "E_SESSION_SCHEMA", message: "title：不能为空" });
  });

  it("the document itself is named in words, and a huge number is too big, not beyond 9007199254740991", async () => {
    const root = await withFiles(BASE, { "session.json": "null" });
    const d = await firstError(["check", root]);
    expect(d).toMatchObject({ code: "E_SESSION_SCHEMA", line: 1, column: 1, message: "整个文件：类型不对，应为 { … } 对象，这里是 null" });
    expect(d.hint).toMatch(/^整个文件应是一对花括号 \{ \} 括起的设置，例如 \{"title": /);
    const en = await runCli(["check", root, "--lang", "en"]);
    expect(en.stderr).toContain("E_SESSION_SCHEMA The whole file: wrong type, should be a { … } object, found null\n");

    const huge = await withFiles(BASE, { "session.json": SESSION.replace('"formal": 2', '"formal": 99999999999999999') });
    const h = await firstError(["check", huge]);
    expect(h).toMatchObject({ code: "E_SESSION_SCHEMA", message: "rules.formal：数字太大", hint: "写一个普通大小的数，例如 \"formal\": 10" });
  });

  it("a rule of the session's own (present more than total) says what to check", async () => {
    const dir = await withFiles(BASE, { "session.json": SESSION.replace('"present": 10', '"present": 12') });
    const d = await firstError(["check", dir]);
    expect(d).toMatchObject({ code: "E_SESSION_SCHEMA", message: "deputies.present：实到 12 人多于应到 11 人" });
    expect(d.hint).toBe("核对人数：实到（present）不能多于应到（total）");
  });
});

describe("a comment in a JSON file is named as a comment, where it starts", () => {
  it("// in session.json, as SPEC's jsonc shows it", async () => {
    const dir = await withFiles(BASE, { "session.json": SESSION.replace('"formal": 2,', '"formal": 2, // 应选 2 个') });
    const d = await firstError(["tally", dir]);
    const line = SESSION.split("\n").findIndex((l) => l.includes('"formal"')) + 1;
    const column = SESSION.split("\n")[line - 1]!.indexOf('"formal": 2,') + '"formal": 2, '.length + 1;
    expect(d).toMatchObject({ code: "E_JSON_SYNTAX", file: "session.json", line, column, message: "JSON 文件里不能写注释" });
    expect(d.hint).toMatch(/^删去从 \/\/ 起到行末的注释/);
    const r = await runCli(["tally", dir]);
    expect(r.stderr).not.toContain("逗号");
  });

  it("/* … */ in evaluation.json, before a key", async () => {
    const text = readFileSync(path.join(BASE_EVALUATION, "evaluation.json"), "utf8").replace('  "rateBase"', '  /* 按有效票 */ "rateBase"');
    const dir = await withFiles(BASE_EVALUATION, { "evaluation.json": text });
    const d = await firstError(["evaluate", dir]);
    const line = text.split("\n").findIndex((l) => l.includes("/*")) + 1;
    expect(d).toMatchObject({ code: "E_JSON_SYNTAX", file: "evaluation.json", line, column: 3, message: "JSON 文件里不能写注释" });
    expect(d.hint).toMatch(/^删去从 \/\* 到 \*\/ 的注释/);
    const en = await runCli(["evaluate", dir, "--lang", "en"]);
    expect(en.stderr).toContain(`evaluation.json:${line}:3 E_JSON_SYNTAX A JSON file cannot hold comments\n`);
  });

  it("in expected.json (verify) and progress.json (progress) too", async () => {
    const scenario = await scratchCopy(path.join(FIXTURES, "scenarios", "basic-all-final"));
    const expected = path.join(scenario, "expected.json");
    await fs.writeFile(expected, (await fs.readFile(expected, "utf8")).replace('"exitCode": 0,', '"exitCode": 0, // 全部确定'));
    const v = await runCli(["verify", scenario]);
    expect(v.code).toBe(1);
    expect(v.stdout + v.stderr).toMatch(/expected\.json:2:\d+ E_JSON_SYNTAX JSON 文件里不能写注释/);

    const progress = await withFiles(path.join(SEEDS, "progress-2026"), {
      "progress.json": "{\n  /* 通报标题 */\n  \"title\": \"新桥镇2026年民生实事项目实施进度通报\"\n}\n",
    });
    const d = await firstError(["progress", progress]);
    expect(d).toMatchObject({ code: "E_JSON_SYNTAX", file: "progress.json", line: 2, column: 3, message: "JSON 文件里不能写注释" });
  });
});

describe("candidates.csv field errors say how to write the field", () => {
  it("an ID with a space, a budget with its unit, an impossible deadline, an empty name", async () => {
    const rows = baseText("candidates.csv").split("\n");
    rows[1] = rows[1]!.replace(/^P1,/, "P 1,").replace(",120,", ",120万元,");
    rows[2] = rows[2]!.replace(",2026-10,", ",2026-02-30,");
    rows[3] = rows[3]!.replace(",村道路灯安装工程,", ",,");
    const dir = await withFiles(BASE, { "candidates.csv": rows.join("\n") });
    const r = await runCli(["check", dir, "--json"]);
    const hint = (code: string) => r.json.error.diagnostics.find((d: { code: string }) => d.code === code)?.hint;
    expect(hint("E_CANDIDATE_ID")).toBe("编号只用字母、数字、- 和 _，不用空格、汉字或全角字符，例如改为“P1”");
    expect(hint("E_BUDGET")).toBe("只写数字，单位是万元，例如改为 120；还不确定时留空");
    expect(hint("E_DEADLINE")).toMatch(/^写实际存在的日期，例如 2026-12-31 或 2026-12/);
    expect(hint("E_CANDIDATE_NAME")).toMatch(/^填写项目名称/);
  });
});

describe("a file that cannot be read says what is wrong, not only “check the permissions”", () => {
  it("a file given where the session folder belongs", async () => {
    const r = await runCli(["tally", path.join(ROOT, "README.md")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/E_FILE .*README\.md 是一个文件，不是文件夹\n/);
    expect(hintAfter(r.stderr, "E_FILE")).toMatch(/^提示：piaojue 的参数应是文件夹/);
    expect(r.stderr).not.toContain("检查文件权限");
  });

  it("a folder named ballots.csv, and one named session.json", async () => {
    for (const name of ["ballots.csv", "session.json"]) {
      const dir = await scratchCopy(BASE);
      await fs.rm(path.join(dir, name));
      await fs.mkdir(path.join(dir, name));
      const r = await runCli(["tally", dir]);
      expect(r.stderr).toContain(`错误 ${name} E_FILE 这是一个文件夹，不是文件\n`);
      expect(hintAfter(r.stderr, "E_FILE")).toBe(`提示：${name} 应是一个文件：把同名的文件夹改名或移走，再放入文件 ${name}`);
    }
  });

  it.skipIf(process.platform === "win32")("a link to a device where ballots.csv belongs", async () => {
    const dir = await scratchCopy(BASE);
    await fs.rm(path.join(dir, "ballots.csv"));
    await fs.symlink("/dev/null", path.join(dir, "ballots.csv"));
    const r = await runCli(["tally", dir]);
    expect(r.stderr).toContain("错误 ballots.csv E_FILE 这不是普通文件（是设备或管道）\n");
    expect(hintAfter(r.stderr, "E_FILE")).toMatch(/^提示：把 ballots\.csv 换成普通文件/);
    const en = await runCli(["tally", dir, "--lang", "en"]);
    expect(hintAfter(en.stderr, "E_FILE")).toMatch(/^hint: Replace ballots\.csv with a regular file/);
  });
});

describe("a command given the folder above the sessions names them", () => {
  it("tally or check of a county folder says which folders below are sessions, and batch, once", async () => {
    const township = await scratchCopy(path.join(SEEDS, "township-2026"));
    const d = await firstError(["tally", path.dirname(township)]);
    expect(d).toMatchObject({ code: "E_FILE", file: "session.json" });
    expect(d.hint).toBe(`这个文件夹下面的 township-2026 才是会议文件夹：命令后面写其中一个，例如 ${path.dirname(township)}/township-2026；要一次计全部会议的票，用 piaojue batch ${path.dirname(township)}`);
    // Said once: not followed by candidates.csv missing as well.
    const r = await runCli(["check", path.dirname(township), "--json"]);
    expect(r.json.error.diagnostics.map((x: { code: string; file: string }) => `${x.code} ${x.file}`)).toEqual(["E_FILE session.json"]);
  });
});

describe("a ballots file as Excel leaves it says what to change", () => {
  const ballots = baseText("ballots.csv");
  it("empty columns Excel left at the end: said once, with their letters, as empty in every row", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const file = path.join(dir, "candidates.csv");
    await fs.writeFile(file, (await fs.readFile(file, "utf8")).replace(/\r?\n/g, (nl) => `,,${nl}`));
    const r = await runCli(["check", dir, "--json", "--lang", "en"]);
    const d = r.json.error.diagnostics;
    expect(d.map((x: { code: string }) => x.code)).toEqual(["E_EMPTY_HEADER"]);
    expect(d[0].message).toBe("第 12–13 列（L–M 列）的列名是空的");
    expect(d[0].hint).toBe("这几列每一行都是空的（在 Excel 里看不出来）：在 Excel 或 WPS 中选中 L–M 列，右键→删除，再保存");
    expect(d[0].hintEn).toBe("These columns are empty in every row (which Excel does not show): in Excel or WPS select columns L–M, right-click → Delete, and save");
    // A column with something below its empty name keeps the hint to name it.
    const lines = (await fs.readFile(file, "utf8")).split("\n");
    lines[1] = lines[1]!.replace(/,,(\r?)$/, ",x,$1");
    await fs.writeFile(file, lines.join("\n"));
    const named = (await runCli(["check", dir, "--json"])).json.error.diagnostics;
    expect(named.map((x: { message: string; hint: string }) => [x.message, x.hint])).toEqual([["第 12–13 列（L–M 列）的列名是空的", "删除空列，或写上列名"]]);
  });

  it("a title row above the column names", async () => {
    const withTitle = await firstError(["tally", await withFiles(BASE, { "ballots.csv": `测试镇表决票录入,,,,,\n${ballots}` })]);
    expect(withTitle).toMatchObject({ code: "E_EMPTY_HEADER", line: 1, hint: "第一行只有第一格有字，像是表格的标题：删除这一行，让列名在第一行" });
    const oneCell = await firstError(["tally", await withFiles(BASE, { "ballots.csv": `测试镇表决票录入\n${ballots}` })]);
    expect(oneCell).toMatchObject({ code: "E_CSV_FIELD_COUNT", line: 2 });
    expect(oneCell.hint).toContain("如果第一行是表格的标题，删除它");
  });

  it("columns separated by semicolons, a full-width ID, a renamed 作废 column", async () => {
    const semicolons = await firstError(["tally", await withFiles(BASE, { "ballots.csv": ballots.replace(/,/g, ";") })]);
    expect(semicolons).toMatchObject({ code: "E_UNKNOWN_COLUMN" });
    expect(semicolons.hint).toContain("用分号隔开");
    const fullWidth = await firstError(["tally", await withFiles(BASE, { "ballots.csv": ballots.replace("P1,", "Ｐ1,") })]);
    expect(fullWidth).toMatchObject({ code: "E_UNKNOWN_COLUMN", hint: "列名“Ｐ1”中有全角字符或空格，应写作“P1”" });
    const renamed = await firstError(["tally", await withFiles(BASE, { "ballots.csv": ballots.replace("作废,", "无效,") })]);
    expect(renamed.hint).toBe("作废列的列名须写作“作废”（这一列可以不要）");
    // A column name of candidates.csv typed full-width looks like the right one on screen: the hint says so.
    const header = baseText("candidates.csv").split("\n")[0]!;
    const candidates = baseText("candidates.csv").replace(header, header.replace("编号", "ｉｄ"));
    const typed = await firstError(["check", await withFiles(BASE, { "candidates.csv": candidates })]);
    expect(typed).toMatchObject({ code: "E_UNKNOWN_COLUMN", hint: "列名“ｉｄ”中有全角字符或空格，应写作“id”" });
    // One bracket half-width, or the name broken by Alt+Enter: still the column meant, named.
    const budget = header.includes("投入资金（万元）") ? "投入资金（万元）" : "";
    expect(budget).not.toBe("");
    const mixed = await firstError(["check", await withFiles(BASE, { "candidates.csv": baseText("candidates.csv").replace(budget, "投入资金（万元)") })]);
    expect(mixed).toMatchObject({ code: "E_UNKNOWN_COLUMN", hint: "列名“投入资金（万元)”中有全角字符或空格，应写作“投入资金（万元）”" });
    const broken = await firstError(["check", await withFiles(BASE, { "candidates.csv": baseText("candidates.csv").replace(budget, "\"投入资金\n（万元）\"") })]);
    expect(broken).toMatchObject({ code: "E_UNKNOWN_COLUMN", hint: "列名“投入资金↵（万元）”中有换行（多半是在 Excel 单元格中按了 Alt+Enter），应写作“投入资金（万元）”" });
  });

  it("an unreadable mark is to be checked on paper; the hint names the default marks, or the marks read where rules.marks is set", async () => {
    const unreadable = ballots.replace(/^(001,,)○/m, "$1√");
    const r = await runCli(["tally", await withFiles(BASE, { "ballots.csv": unreadable })]);
    expect(r.stderr).toMatch(/W_UNREADABLE_MARK .*\n\s+提示：请监票人对照票号 001 的纸质票核对这一格。认得的符号：赞成 ○（或 〇、O、o、赞成、同意、1），反对 ×（或 X、x、✗、反对、不同意、0），弃权 空白（或 弃权、-）；/);
    expect(r.stderr).not.toContain("rules.marks 写了哪一类");
    // Every default mark of SPEC §5 is named, 〇 and the lower-case o and x too (in English, all but the Chinese ones).
    const en = await runCli(["--lang", "en", "tally", await withFiles(BASE, { "ballots.csv": unreadable })]);
    expect(en.stderr).toContain("approve ○ (or O, o, 1), against × (or X, x, ✗, 0), abstain a blank cell (or -)");
    const marks = SESSION.replace('"rules": {', '"rules": {\n    "marks": { "approve": ["○"] },');
    const given = await runCli(["tally", await withFiles(BASE, { "ballots.csv": unreadable, "session.json": marks })]);
    // The marks read are listed: the kind given as given, the others as their defaults.
    expect(given.stderr).toMatch(/W_UNREADABLE_MARK .*\n\s+提示：请监票人对照票号 001 的纸质票核对这一格。认得的符号（session\.json 的 rules\.marks 写了哪一类，这一类就只认它列出的）：赞成 ○，反对 ×、X、x、✗、反对、不同意、0，弃权 弃权、-/);
    const givenEn = await runCli(["--lang", "en", "tally", await withFiles(BASE, { "ballots.csv": unreadable, "session.json": marks })]);
    expect(givenEn.stderr).toContain("approve ○, against ×, X, x, ✗, 反对, 不同意, 0, abstain 弃权, - (and a blank cell, unless a list names it)");
  });

  it("a mark a rules.marks list gives is named under that kind only, not under the default list it was taken from", async () => {
    // marks.approve ["X", "√"] makes X approve (README): the default against list no longer counts it.
    const marks = SESSION.replace('"rules": {', '"rules": {\n    "marks": { "approve": ["X", "√"] },');
    const unreadable = ballots.replace(/^(001,,)○/m, "$1？");
    const r = await runCli(["tally", await withFiles(BASE, { "ballots.csv": unreadable, "session.json": marks })]);
    expect(r.stderr).toContain("：赞成 X、√，反对 ×、x、✗、反对、不同意、0，弃权 弃权、-");
    const en = await runCli(["--lang", "en", "tally", await withFiles(BASE, { "ballots.csv": unreadable, "session.json": marks })]);
    expect(en.stderr).toContain("approve X, √, against ×, x, ✗, 反对, 不同意, 0, abstain 弃权, -");
  });
});

describe("audit failures say how to put things right", () => {
  async function tallied(): Promise<string> {
    const dir = await scratchCopy(BASE);
    expect((await runCli(["tally", dir, "--json"])).code).toBe(0);
    return dir;
  }

  it("a changed input: restore it or tally again; a missing output: write it again", async () => {
    const dir = await tallied();
    const ballots = path.join(dir, "ballots.csv");
    await fs.writeFile(ballots, (await fs.readFile(ballots, "utf8")).replace("010,,,×,×,○", "010,,○,×,×,○"));
    await fs.rm(path.join(dir, "out", "summary.csv"));
    const r = await runCli(["audit"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(hintAfter(r.stderr, "E_AUDIT_INPUT_CHANGED")).toMatch(/^提示：若不是有意改的，从备份或存档的副本恢复这个文件，再运行 piaojue audit；.*重新运行 piaojue tally/);
    expect(hintAfter(r.stderr, "E_AUDIT_OUTPUT_MISSING")).toBe("提示：重新运行 piaojue tally 写出这个文件，或从存档的副本把它放回 out/，再运行 piaojue audit");
    expect(hintAfter(r.stderr, "E_AUDIT_RECOUNT_DIFFERS")).toMatch(/^提示：从存档的副本恢复 out\/ 和输入文件，再运行 piaojue audit/);
    const en = await runCli(["audit", "--lang", "en"], { cwd: dir });
    expect(hintAfter(en.stderr, "E_AUDIT_OUTPUT_MISSING")).toMatch(/^hint: Run piaojue tally again to write the file/);
    // From another folder, every command line in a hint names the session, so it can be pasted as it is.
    const away = await runCli(["audit", dir, "-o", path.join(dir, "out")]);
    const folder = path.relative(ROOT, dir);
    expect(hintAfter(away.stderr, "E_AUDIT_OUTPUT_MISSING")).toBe(`提示：重新运行 piaojue tally ${folder} 写出这个文件，或从存档的副本把它放回 out/，再运行 piaojue audit ${folder}`);
    const awayEn = await runCli(["audit", dir, "--lang", "en"]);
    expect(hintAfter(awayEn.stderr, "E_AUDIT_RECOUNT_DIFFERS")).toContain(`then run piaojue audit ${folder}; if an input is a checked correction, run piaojue tally ${folder} again`);
  });

  it("a recount that fails on an input names the command that shows every input error, not check", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "evaluation-2027"));
    expect((await runCli(["evaluate", dir])).code).toBe(0);
    await fs.rm(path.join(dir, "evaluations.csv"));
    const r = await runCli(["audit"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(hintAfter(r.stderr, "E_AUDIT_RECOUNT_FAILED")).toMatch(/^提示：改正上一行末尾所列的输入错误（运行 piaojue evaluate 可看到全部）/);
  });

  it("an altered audit.json: restore out/ or write the record again", async () => {
    const dir = await tallied();
    const file = path.join(dir, "out", "audit.json");
    await fs.writeFile(file, (await fs.readFile(file, "utf8")).replace('"schemaVersion": 1', '"schemaVersion": "1"'));
    const d = await firstError(["audit", dir]);
    expect(d).toMatchObject({ code: "E_AUDIT_SCHEMA" });
    expect(d.hint).toMatch(/^audit\.json 由 piaojue 写出，不能手改/);
  });
});

describe("the catalogues", () => {
  it("give every error code a hint in Chinese and in English", () => {
    const missing = (table: typeof ZH) => Object.entries(table).filter(([code, e]) => code.startsWith("E_") && !e.hint).map(([code]) => code);
    expect(missing(ZH)).toEqual([]);
    expect(missing(EN)).toEqual([]);
  });
});
