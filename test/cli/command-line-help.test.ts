// What the command line tells of itself: help that is true for each command, a usage error whose hint fits
// what was typed, and a progress line that writes no escape code where colour is off.
import { existsSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { SEEDS, runCli, scratchCopy } from "../helpers.js";

const SEED = path.join(SEEDS, "township-2026");

describe("-o with no folder", () => {
  it("an empty value asks for a folder's name, -o=X for -o X", async () => {
    for (const argv of [["-o", ""], ["--out="], ["-o="]]) {
      const r = await runCli(["tally", SEED, ...argv]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("例如 -o out");
      expect(r.stderr).not.toContain("写成 ./");
    }
    const r = await runCli(["tally", SEED, "-o=X"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("写成 -o X 或 --out=X");
    expect(r.stderr).not.toContain("写成 ./");
  });
});

describe("an empty folder argument", () => {
  it("(\"$TOWN\" with TOWN unset) is a usage error for every command that takes a folder, not the current folder", async () => {
    const dir = await scratchCopy(SEED);
    for (const argv of [["init", ""], ["check", ""], ["ballot", ""], ["enter", ""], ["tally", ""], ["runoff", ""], ["evaluate", ""], ["progress", ""], ["batch", ""], ["verify", dir, ""], ["audit", ""]]) {
      const r = await runCli([...argv, "--json"], { cwd: dir });
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.json.error.message, argv.join(" ")).toBe("给出的文件夹是空的（变量没有值？）：写出文件夹的名字；要用当前文件夹，写 . 或不写");
    }
    expect(existsSync(path.join(dir, "out"))).toBe(false);
    // Left out, the folder is the current one, as SPEC §2 says.
    expect((await runCli(["check"], { cwd: dir })).code).toBe(0);
  });
});

describe("help [命令]", () => {
  it("help help is the program's help", async () => {
    const r = await runCli(["help", "help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("命令：");
  });
  it("a misspelt command gets the nearest one", async () => {
    const r = await runCli(["help", "talley"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("你是不是要用 tally？");
  });
  it("an option of the command asked about says help takes only the command's name, and names that command's help", async () => {
    const r = await runCli(["help", "enter", "--second"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("help 后面只写命令名，--second 是 enter 的选项");
    expect(r.stderr).toContain("运行 piaojue help enter 查看用法");
  });
  it("an unknown option or a second operand is a usage error", async () => {
    for (const argv of [["help", "--bogus"], ["help", "tally", "extra"]]) {
      const r = await runCli([...argv, "--json"]);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.json).toMatchObject({ ok: false, command: "help", error: { code: "E_USAGE" } });
    }
  });
});

describe("help texts", () => {
  // Lines joined again: a Chinese description wraps between two characters, an English one at a space.
  const help = async (command: string, lang: string) => (await runCli([command, "--help", "--lang", lang])).stdout.replace(/\n\s+/g, lang === "zh" ? "" : " ");
  it("-o says what it is to each command", async () => {
    expect(await help("demo", "zh")).toContain("默认新建一个临时文件夹");
    expect(await help("demo", "en")).toContain("default: a new temporary folder");
    expect(await help("batch", "zh")).toContain("默认 <根目录>/out");
    expect(await help("batch", "en")).toContain("default <root>/out");
    for (const command of ["verify", "init", "check"]) {
      expect(await help(command, "zh")).toContain("不使用");
      expect(await help(command, "en")).toContain("not used");
    }
    expect(await help("tally", "zh")).toContain("默认 <会议文件夹>/out");
  });
  it("runoff names the ballot it writes", async () => {
    expect(await help("runoff", "zh")).toContain("ballot-rK.html");
    expect(await help("runoff", "en")).toContain("ballot-rK.html");
  });
  it("init --allow-equal lists its values", async () => {
    expect(await help("init", "zh")).toMatch(/--allow-equal <值> [^-]*（false \| true）/);
  });
});

describe("batch's progress line on a terminal", () => {
  const batch = async (argv: string[], env: Record<string, string>) => {
    const root = path.dirname(await scratchCopy(SEED));
    let stderr = "";
    const code = await run(["batch", root, ...argv], {
      stdout: { write: () => true },
      stderr: { write: (s: string) => { stderr += s; return true; }, isTTY: true },
      cwd: root, env, now: () => new Date("2026-01-15T10:00:00Z"),
    });
    return { code, stderr };
  };
  it("writes no escape code without colour", async () => {
    for (const [argv, env] of [[[], { TERM: "dumb" }], [[], { NO_COLOR: "1" }], [["--no-color"], {}]] as [string[], Record<string, string>][]) {
      const r = await batch(argv, env);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain("\r");
      expect(r.stderr).not.toContain("\x1b");
      // The line is blanked and the cursor back at its start before the 提醒 that follow.
      expect(r.stderr.split("\r").at(-1)).toMatch(/^提醒 /);
    }
  });
  it("erases the line with ESC[K where colour is on", async () => {
    expect((await batch([], { TERM: "xterm" })).stderr).toContain("\x1b[K");
  });
});
