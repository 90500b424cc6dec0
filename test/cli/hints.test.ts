// Every error tells the clerk what to do (README: each error comes with a 提示): a comment in a JSON file
// is named as one, where it starts; a file that cannot be read says why (a file given for a folder, a
// folder or a device where a file belongs).
import { promises as fs, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { EN } from "../../src/messages/en.js";
import { ZH } from "../../src/messages/zh.js";
import { FIXTURES, ROOT, runCli, scratchCopy } from "../helpers.js";

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
