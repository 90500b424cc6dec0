// An input that is a symbolic link to nothing (or a loop of links): `ls` shows it, so the message names
// the link and where it points, not "no such file"; nor is one there in other letters' case.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, runCli, scratchCopy, SEEDS } from "../helpers.js";

const BASE = path.join(FIXTURES, "bad", "base");

describe.skipIf(process.platform === "win32")("an input that is a link to nothing", () => {
  it("names the link and its target: ballots.csv, session.json, and a loop", async () => {
    const dir = await scratchCopy(BASE);
    await fs.rm(path.join(dir, "ballots.csv"));
    await fs.symlink("/nonexistent/ballots.csv", path.join(dir, "ballots.csv"));
    const ballots = await runCli(["tally", dir, "--json", "--lang", "en"]);
    expect(ballots.code).toBe(1);
    const d = ballots.json.error.diagnostics[0];
    expect([d.code, d.file]).toEqual(["E_FILE", "ballots.csv"]);
    expect(d.message).toBe("ballots.csv 是一个符号链接，指向的 /nonexistent/ballots.csv 不存在");
    expect(d.messageEn).toBe("ballots.csv is a symbolic link to /nonexistent/ballots.csv, which does not exist");
    expect(d.hint).toContain("改为指向实际的文件");

    await fs.rm(path.join(dir, "session.json"));
    await fs.symlink("../gone/session.json", path.join(dir, "session.json"));
    const session = await runCli(["check", dir, "--json"]);
    expect(session.code).toBe(1);
    expect(session.json.error.diagnostics[0].message).toBe("session.json 是一个符号链接，指向的 ../gone/session.json 不存在");

    await fs.rm(path.join(dir, "session.json"));
    await fs.symlink("session.json", path.join(dir, "session.json"));
    const loop = await runCli(["tally", dir, "--json"]);
    expect(loop.code).toBe(1);
    expect(loop.json.error.diagnostics[0].message).toMatch(/^session\.json 是一个符号链接，指向 session\.json，链接绕成一圈/);
  });

  it("B5: a session folder that is a link to nothing (or a loop) names the link and its target, said once, placed at the folder", async () => {
    const dir = await scratchCopy(BASE);
    const link = path.join(path.dirname(dir), `dlsess-${path.basename(dir)}`);
    await fs.symlink(path.join(dir, "gone"), link);
    const r = await runCli(["tally", link, "--json", "--lang", "en"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics).toHaveLength(1);
    const d = r.json.error.diagnostics[0];
    expect([d.code, d.file]).toEqual(["E_FILE", link]);
    expect(d.message).toBe(`会议文件夹 ${link} 是一个符号链接，指向的 ${path.join(dir, "gone")} 不存在`);
    expect(d.messageEn).toBe(`The session folder ${link} is a symbolic link to ${path.join(dir, "gone")}, which does not exist`);
    expect(d.hint).toContain("改为指向实际的会议文件夹");
    const audit = await runCli(["audit", link, "--json"]);
    expect(audit.json.error.diagnostics[0].message).toContain("是一个符号链接，指向的");

    await fs.rm(link);
    await fs.symlink(path.basename(link), link);
    const loop = await runCli(["tally", link, "--json"]);
    expect(loop.json.error.diagnostics).toHaveLength(1);
    expect(loop.json.error.diagnostics[0].message).toMatch(/^会议文件夹 .* 是一个符号链接，指向 dlsess-.*，链接绕成一圈，找不到文件夹$/);
  });
});

describe("an input named in other letters' case (copied from Windows)", () => {
  it("Candidates.CSV and Session.json are named, with the name to give them", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    await fs.rename(path.join(dir, "candidates.csv"), path.join(dir, "Candidates.CSV"));
    const candidates = await runCli(["check", dir, "--json"]);
    expect(candidates.code).toBe(1);
    expect(candidates.json.error.diagnostics[0]).toMatchObject({
      code: "E_FILE", file: "candidates.csv",
      message: "没有 candidates.csv，文件夹里的 Candidates.CSV 字母大小写不同，没有读取它",
      hint: "文件夹里有 Candidates.CSV：改名为 candidates.csv（大小写与此相同）后再运行",
    });
    await fs.rename(path.join(dir, "Candidates.CSV"), path.join(dir, "candidates.csv"));
    await fs.rename(path.join(dir, "session.json"), path.join(dir, "Session.json"));
    const session = await runCli(["check", dir, "--json", "--lang", "en"]);
    expect(session.json.error.diagnostics[0]).toMatchObject({ code: "E_FILE", file: "session.json" });
    expect(session.json.error.diagnostics[0].hintEn).toBe("The folder has Session.json: rename it session.json (in this letter case), then run again");
  });
});
