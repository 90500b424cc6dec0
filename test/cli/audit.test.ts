// piaojue audit: four numbered checks over out/audit.json and out/SHA256SUMS — inputs unchanged, outputs
// unchanged, recount equal, SHA256SUMS consistent — and it writes nothing.
import { spawnSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, makeSession, ROOT, runCli, scratchCopy, SEEDS, sha256, snapshot } from "../helpers.js";

const BASE = path.join(FIXTURES, "bad", "base");

async function tallied(from = BASE, args: string[] = []): Promise<string> {
  const dir = await scratchCopy(from);
  const r = await runCli(["tally", dir, ...args, "--json"]);
  expect([0, 4]).toContain(r.code);
  return dir;
}

async function audit(dir: string, args: string[] = []) {
  const before = await snapshot(dir);
  const r = await runCli(["audit", dir, ...args, "--json"]);
  expect(await snapshot(dir), "audit writes nothing").toEqual(before);
  const h = await runCli(["audit", dir, ...args]);
  expect(h.code).toBe(r.code);
  return { ...r, human: h };
}

const failing = (doc: any) => doc.data.checks.filter((c: any) => !c.ok).map((c: any) => c.number);
const problemFiles = (doc: any, n: number) => doc.data.checks[n - 1].problems.map((p: any) => p.file);

describe("a recorded hash that differs late", () => {
  it("is shown as far as it differs, never as two equal-looking prefixes", async () => {
    const dir = await tallied();
    const file = path.join(dir, "out", "audit.json");
    const text = await fs.readFile(file, "utf8");
    const hash = /"out\/results\.csv": "([0-9a-f]{64})"/.exec(text)![1]!;
    // Changed at its 21st character: the first 12 of both are alike.
    const forged = hash.slice(0, 20) + (hash[20] === "0" ? "1" : "0") + hash.slice(21);
    await fs.writeFile(file, text.split(hash).join(forged));
    const r = await audit(dir);
    expect(r.code).toBe(1);
    const d = r.json.data.checks.flatMap((c: { problems: { file: string; code: string }[] }) => c.problems).find((p: { file: string; code: string }) => p.file === "out/results.csv" && p.code === "E_AUDIT_OUTPUT_CHANGED");
    expect(d.message).toContain(`（SHA-256 ${forged.slice(0, 24)}… → ${hash.slice(0, 24)}…）`);
  });
});

describe("piaojue audit", () => {
  it("its closing line names the folder audited: out/, or the -o folder as typed", async () => {
    const dir = await tallied();
    const cwd = path.dirname(dir);
    const name = path.basename(dir);
    expect((await runCli(["audit", name], { cwd })).stdout).toContain("核查通过：out/ 中的结果由现在的输入文件重新得出");
    expect((await runCli(["tally", name, "-o", "res"], { cwd })).code).toBe(0);
    expect((await runCli(["audit", name, "-o", "res"], { cwd })).stdout).toContain("核查通过：res/ 中的结果由现在的输入文件重新得出");
    expect((await runCli(["audit", name, "-o", "res", "--lang", "en"], { cwd })).stdout).toContain("Audit passed: the results in res/ follow again");
    await fs.appendFile(path.join(cwd, "res", "results.csv"), "x\n");
    const failedRun = await runCli(["audit", name, "-o", "res"], { cwd });
    const failed = failedRun.stdout;
    expect(failed).toContain("核查未通过（res/）：见上面标 ✗ 的文件。");
    // No line, and no hint, speaks of an out/ that is not the folder audited.
    expect(failed).not.toContain("out/");
    expect(failedRun.stderr).toContain("res/ 中的结果不能手改");
    expect(failedRun.stderr).not.toContain("out/");
    expect((await runCli(["audit", name, "-o", "res", "--lang", "en"], { cwd })).stdout).toContain("Audit of res/ failed: see the files marked ✗ above.");
  });

  it("tells a clerk who removed an input on purpose that the command cannot run without it, and how to start out/ afresh", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    for (const name of await fs.readdir(path.join(SEEDS, "progress-2026"))) await fs.copyFile(path.join(SEEDS, "progress-2026", name), path.join(dir, name));
    expect((await runCli(["tally", dir])).code).toBe(0);
    expect((await runCli(["progress", dir])).code).toBe(0);
    await fs.rm(path.join(dir, "plan.csv"));
    const r = await audit(dir);
    expect(r.code).toBe(1);
    const missing = r.json.error.diagnostics.find((d: any) => d.code === "E_AUDIT_INPUT_MISSING");
    expect(missing.file).toBe("plan.csv");
    expect(missing.hint).toContain("没有它已无法运行：把 out/ 移到别处（或删除）");
    // The way out the hint gives passes.
    await fs.rm(path.join(dir, "out"), { recursive: true });
    expect((await runCli(["tally", dir])).code).toBe(0);
    expect((await audit(dir)).code).toBe(0);
    // An input its command runs without (indicators.csv for evaluate): running it again is the way.
    const evaluation = await scratchCopy(path.join(SEEDS, "evaluation-2027"));
    expect((await runCli(["evaluate", evaluation])).code).toBe(0);
    await fs.rm(path.join(evaluation, "indicators.csv"));
    const e = await audit(evaluation);
    const gone = e.json.error.diagnostics.find((d: any) => d.code === "E_AUDIT_INPUT_MISSING");
    expect(gone.hint).toContain("如果是有意删去的，重新运行 piaojue evaluate");
  });

  it("passes all four checks right after a tally, and writes nothing", async () => {
    const dir = await tallied();
    const r = await audit(dir);
    expect(r.code).toBe(0);
    expect(r.json.ok).toBe(true);
    expect(r.json.data.checks.map((c: any) => [c.number, c.name, c.ok])).toEqual([
      [1, "inputs-unchanged", true], [2, "outputs-unchanged", true], [3, "recount-equal", true], [4, "sums-consistent", true],
    ]);
    expect(r.json.data.checks.map((c: any) => c.checked)).toEqual([3, 7, 7, 10]);
    expect(r.json.data.commands).toEqual([{ command: "tally", generatedAt: "2026-01-15T10:00:00.000Z", toolVersion: expect.any(String), options: { round: null, encoding: "auto" }, recount: "in-memory" }]);
    expect(r.human.stdout).toMatch(/1\. 输入文件自读取后未改变：通过/);
    expect(r.human.stdout).toMatch(/核查通过/);
    // The clerk reads the time on the local clock; audit.json and --json keep UTC.
    const zone = process.env["TZ"];
    process.env["TZ"] = "Asia/Shanghai";
    try {
      expect((await runCli(["audit", dir])).stdout).toContain("tally：2026-01-15 18:00:00 UTC+08:00，piaojue");
    } finally {
      if (zone === undefined) delete process.env["TZ"]; else process.env["TZ"] = zone;
    }
  });

  it("passes after the tally of a vote void for want of a quorum, with no ballots file among the inputs", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "quorum-not-met"));
    await fs.rm(path.join(dir, "ballots.csv"));
    expect((await runCli(["tally", dir, "--json"])).code).toBe(3);
    const trail = JSON.parse(await fs.readFile(path.join(dir, "out", "audit.json"), "utf8"));
    expect(Object.keys(trail.commands.tally.inputs).sort()).toEqual(["candidates.csv", "session.json"]);
    const r = await audit(dir);
    expect(r.code).toBe(0);
    expect(failing(r.json)).toEqual([]);
    // A ballots file added since is an input the record does not list.
    await fs.writeFile(path.join(dir, "ballots.csv"), "P1,P2,P3\n");
    expect(problemFiles((await audit(dir)).json, 1)).toContain("ballots.csv");
  });

  it("audit.json records the tool version, the rules in force, the options, every input hash and the generation time", async () => {
    const dir = await tallied();
    const doc = JSON.parse(await fs.readFile(path.join(dir, "out", "audit.json"), "utf8"));
    const tally = doc.commands.tally;
    expect(tally.toolVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(tally.generatedAt).toBe("2026-01-15T10:00:00.000Z");
    expect(tally.rules).toMatchObject({ formal: 2, threshold: "total", quorum: "2/3", order: "as-listed" });
    for (const f of ["session.json", "candidates.csv", "ballots.csv"]) expect(tally.inputs[f]).toBe(sha256(await fs.readFile(path.join(dir, f))));
    expect(Object.keys(tally.outputs).sort()).toEqual(["out/announcement.docx", "out/announcement.html", "out/announcement.md", "out/results.csv", "out/results.xlsx", "out/summary.csv", "out/summary.xlsx"]);
  });

  it("SHA256SUMS is in coreutils format: sha256sum -c passes from the session folder", async () => {
    const which = spawnSync("sha256sum", ["--version"]);
    if (which.status !== 0) return; // no coreutils here; the format is also checked by check 4
    const dir = await tallied();
    const r = spawnSync("sha256sum", ["-c", "out/SHA256SUMS"], { cwd: dir, encoding: "utf8" });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(10);
  });

  it("a name with a line end or a backslash is escaped as sha256sum escapes it: -c and audit both read it", async () => {
    const dir = await scratchCopy(BASE);
    const out = path.join(path.dirname(dir), "o\nut\\x");
    expect((await runCli(["tally", dir, "-o", out])).code).toBe(0);
    const sums = await fs.readFile(path.join(out, "SHA256SUMS"), "utf8");
    expect(sums).toMatch(/^\\[0-9a-f]{64} {2}\.\.\/o\\nut\\\\x\/results\.csv$/m);
    expect(sums.split("\n").filter(Boolean).every((l) => /^\\?[0-9a-f]{64} {2}\S/.test(l))).toBe(true);
    const which = spawnSync("sha256sum", ["--version"]);
    if (which.status === 0) {
      const r = spawnSync("sha256sum", ["-c", path.join(out, "SHA256SUMS")], { cwd: dir, encoding: "utf8" });
      expect(r.status, r.stdout + r.stderr).toBe(0);
    }
    const a = await runCli(["audit", dir, "-o", out, "--json"]);
    expect(a.code, JSON.stringify(a.json.error?.diagnostics)).toBe(0);
  });

  it("reads a name with U+2028 or U+2029 (line separators to a JavaScript pattern, not to sha256sum) in SHA256SUMS", async () => {
    for (const separator of ["\u2028", "\u2029"]) {
      const root = await makeSession({});
      await fs.cp(BASE, path.join(root, `镇${separator}甲`), { recursive: true });
      expect((await runCli(["batch", root])).code).toBe(0);
      const a = await runCli(["audit", root, "--json"]);
      expect(a.code, JSON.stringify(a.json.error?.diagnostics ?? a.json.data)).toBe(0);
      const dir = await scratchCopy(BASE);
      const out = path.join(path.dirname(dir), `o${separator}ut`);
      expect((await runCli(["tally", dir, "-o", out])).code).toBe(0);
      expect((await runCli(["audit", dir, "-o", out, "--json"])).code).toBe(0);
    }
  });

  it("catches a changed ballot file: check 1 names it, check 3 names the results that no longer follow", async () => {
    const dir = await tallied();
    const ballots = path.join(dir, "ballots.csv");
    await fs.writeFile(ballots, (await fs.readFile(ballots, "utf8")).replace("010,,,×,×,○", "010,,○,×,×,○"));
    const r = await audit(dir);
    expect(r.code).toBe(1);
    expect(r.json.ok).toBe(false);
    expect(failing(r.json)).toEqual([1, 3]);
    expect(problemFiles(r.json, 1)).toEqual(["ballots.csv"]);
    expect(problemFiles(r.json, 3)).toEqual(expect.arrayContaining(["out/results.csv", "out/announcement.md"]));
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_AUDIT_INPUT_CHANGED", file: "ballots.csv" });
    expect(r.human.stderr).toMatch(/^错误 ballots\.csv E_AUDIT_INPUT_CHANGED 第 1 项未通过/m);
    expect(r.human.stderr).toMatch(/核查未通过：第 1 项/);
    expect(r.human.stdout).toMatch(/✗ ballots\.csv/);
  });

  it("passes the session-day flow in which enter rewrites session.json's 实到 after the ballots were printed", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const ballots = await fs.readFile(path.join(dir, "ballots.csv"));
    await fs.rm(path.join(dir, "ballots.csv"));
    expect((await runCli(["ballot", dir])).code).toBe(0);
    const entered = await runCli(["enter", dir, "--present", "56"]);
    expect(entered.code, entered.stderr).toBe(0);
    await fs.writeFile(path.join(dir, "ballots.csv"), ballots);
    expect((await runCli(["tally", dir])).code).toBe(0);
    const r = await runCli(["audit", dir, "--json"]);
    expect(r.code, JSON.stringify(r.json.error ?? r.json.warnings)).toBe(0);
    expect(r.json.warnings).toContainEqual(expect.objectContaining({ code: "W_AUDIT_INPUT_REREAD", file: "session.json" }));
    // An output changed since (one byte of the printed ballot) is what fails: not session.json as well, which
    // still gives what the ballot record wrote.
    const html = path.join(dir, "out", "ballot.html");
    const printed = await fs.readFile(html, "utf8");
    await fs.writeFile(html, printed.replace("新桥镇", "新乔镇"));
    const tampered = await runCli(["audit", dir, "--json"]);
    expect(tampered.code).toBe(1);
    const failed = tampered.json.error.diagnostics.filter((d: { severity: string }) => d.severity === "error").map((d: { code: string; file: string }) => `${d.code} ${d.file}`);
    expect(failed).toContain("E_AUDIT_OUTPUT_CHANGED out/ballot.html");
    expect(failed.filter((f: string) => f.endsWith(" session.json"))).toEqual([]);
    expect(tampered.json.warnings).toContainEqual(expect.objectContaining({ code: "W_AUDIT_INPUT_REREAD", file: "session.json" }));
    await fs.writeFile(html, printed);
    // A change that alters what a record wrote still fails: the count sheet prints the ballots issued.
    const entered2 = await runCli(["enter", dir, "--issued", "56"]);
    expect(entered2.code, entered2.stderr).toBe(0);
    expect((await runCli(["tally", dir])).code).toBe(0);
    const again = await runCli(["audit", dir, "--json"]);
    expect(again.code).toBe(1);
    expect(again.json.error.diagnostics.map((d: { code: string }) => d.code)).toContain("E_AUDIT_INPUT_CHANGED");
  });

  // The clerk's flow: runoff prints round 2 before its 发出 is known (the count sheet leaves it blank), enter
  // records it, and round 2 is tallied. The paper was right when printed; one printed with a 发出 that was
  // changed since is not.
  async function issuedLaterFlow(issuedAtRunoff: number[]) {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    await fs.rm(path.join(dir, "out"), { recursive: true, force: true });
    const round2 = await fs.readFile(path.join(dir, "ballots-r2.csv"));
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    const file = path.join(dir, "session.json");
    await fs.writeFile(file, JSON.stringify({ ...JSON.parse(await fs.readFile(file, "utf8")), issued: issuedAtRunoff }, null, 2));
    expect((await runCli(["tally", dir])).code).toBe(4);
    expect((await runCli(["runoff", dir])).code).toBe(0);
    expect((await runCli(["enter", dir, "--issued", "42", "--round", "2"])).code).toBe(0);
    await fs.writeFile(path.join(dir, "ballots-r2.csv"), round2);
    expect((await runCli(["tally", dir])).code).toBe(0);
    return audit(dir);
  }

  it("passes a runoff printed before its round's 发出 was known, which enter recorded later", async () => {
    const r = await issuedLaterFlow([42]);
    expect(r.code, JSON.stringify(r.json.error?.diagnostics)).toBe(0);
    expect(r.json.warnings).toContainEqual(expect.objectContaining({ code: "W_AUDIT_INPUT_REREAD", file: "session.json" }));
    expect(r.human.stderr).toContain("runoff-r2 印票时还没有这一轮的发出票数，计票单上留空，按留空重算");
  });

  it("fails a runoff printed with a 发出 that enter changed later", async () => {
    const r = await issuedLaterFlow([42, 40]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics).toContainEqual(expect.objectContaining({ code: "E_AUDIT_INPUT_CHANGED", file: "session.json" }));
    expect(r.json.error.diagnostics).toContainEqual(expect.objectContaining({ code: "E_AUDIT_RECOUNT_DIFFERS", file: "out/count-sheet-r2.html" }));
  });

  it("a runoff's count sheet printed with a 发出 changed since: once the round is voted, ballot --round K prints it again and audit passes", async () => {
    const candidates = ["编号,项目名称,项目背景,项目内容,实施区域,实施主体,投入资金（万元）,资金来源,完成时限,目标绩效",
      ...[1, 2, 3, 4, 5].map((i) => `A${i},项目${i},背景,内容,镇区,镇政府,10${i},镇财政,2026-11,目标`)].join("\n");
    const dir = await makeSession({
      "session.json": JSON.stringify({ title: "测试镇第一届人民代表大会第一次会议", date: "2026-01-15", deputies: { total: 9, present: 9 }, issued: [9, 8], rules: { formal: 2, order: "as-listed" } }),
      "candidates.csv": candidates,
      // A1 6 (selected); A2 and A3 5 each, tied for the last seat.
      "ballots.csv": "票号,作废,A1,A2,A3,A4,A5\n1,,○,○,,,\n2,,○,○,,,\n3,,○,○,,,\n4,,○,,○,,\n5,,○,,○,,\n6,,○,,○,,\n7,,,○,○,,\n8,,,○,,○,\n9,,,,○,,○\n",
    });
    expect((await runCli(["ballot", dir, "--round", "1"])).code).toBe(0);
    expect((await runCli(["tally", dir])).code).toBe(4);
    expect((await runCli(["runoff", dir])).code).toBe(0);
    expect((await runCli(["enter", dir, "--issued", "9", "--round", "2"])).code).toBe(0);
    await fs.writeFile(path.join(dir, "ballots-r2.csv"), "票号,作废,A2,A3\n1,,○,\n2,,○,\n3,,○,\n4,,○,\n5,,○,\n6,,,○\n7,,,○\n8,,,○\n9,,,\n");
    expect((await runCli(["tally", dir])).code).toBe(0);
    // The count sheet said 发出 8 and now says 9: the runoff record no longer follows, and runoff has nothing to print.
    const r = await audit(dir);
    expect(r.code).toBe(1);
    const hints = r.json.error.diagnostics.map((d: { hint?: string }) => d.hint ?? "").join("\n");
    expect(hints).toContain(`piaojue ballot --round 2 ${path.relative(ROOT, dir)}`);
    expect(hints).not.toMatch(/piaojue runoff/);
    // Round 1's ballot read the old session.json too, but prints the same from the new one: not to be run again.
    expect(hints).not.toContain(`piaojue ballot ${path.relative(ROOT, dir)}、`);
    // Done as the hint says, the round's ballot record replaces the runoff's, and audit passes.
    expect((await runCli(["ballot", dir, "--round", "2"])).code).toBe(0);
    const after = await audit(dir);
    expect(after.code, JSON.stringify(after.json.error?.diagnostics)).toBe(0);
    const record = JSON.parse(await fs.readFile(path.join(dir, "out", "audit.json"), "utf8"));
    expect(Object.keys(record.commands).sort()).toEqual(["ballot", "ballot-r2", "tally"]);
    // And runoff run again while its round is pending replaces a ballot --round K record the same way.
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    expect((await runCli(["tally", dir])).code).toBe(4);
    expect((await runCli(["runoff", dir])).code).toBe(0);
    expect(Object.keys(JSON.parse(await fs.readFile(path.join(dir, "out", "audit.json"), "utf8")).commands).sort()).toEqual(["ballot", "runoff-r2", "tally"]);
    expect((await audit(dir)).code).toBe(0);
  });

  it("catches an edited output (check 2) and says where the recount differs (check 3)", async () => {
    const dir = await tallied();
    const results = path.join(dir, "out", "results.csv");
    await fs.writeFile(results, (await fs.readFile(results, "utf8")).replace("未过半数", "当选"));
    const r = await audit(dir);
    expect(failing(r.json)).toEqual([2, 3]);
    expect(problemFiles(r.json, 2)).toEqual(["out/results.csv"]);
    const differs = r.json.data.checks[2].problems[0];
    expect(differs).toMatchObject({ code: "E_AUDIT_RECOUNT_DIFFERS", file: "out/results.csv", line: 4 });
  });

  it("places a text output's difference at its first differing byte, and a workbook's or document's at the file alone", async () => {
    const dir = await tallied();
    const out = path.join(dir, "out");
    const csv = await fs.readFile(path.join(out, "results.csv"), "utf8");
    const lines = csv.split("\r\n").length - 1; // each line ends in CRLF
    await fs.appendFile(path.join(out, "results.csv"), "\n");
    for (const f of ["results.xlsx", "announcement.docx"]) await fs.appendFile(path.join(out, f), "x");
    const r = await audit(dir);
    const problems = r.json.data.checks[2].problems;
    // Bytes added after the last line's end: the next line's column 1.
    expect(problems.find((p: any) => p.file === "out/results.csv")).toMatchObject({ line: lines + 1, column: 1 });
    for (const f of ["out/results.xlsx", "out/announcement.docx"]) {
      const p = problems.find((x: any) => x.file === f);
      expect(p).toMatchObject({ line: 0, column: 0 });
      expect(p.message).toBe("文件内容与重新计算（tally）的结果不同");
    }
    expect(r.human.stdout).toMatch(/✗ out\/results\.xlsx 文件内容与重新计算/);
    // A line cut short differs where it ends.
    await fs.writeFile(path.join(out, "results.csv"), csv.slice(0, csv.indexOf("\r\n")));
    const cut = (await audit(dir)).json.data.checks[2].problems.find((p: any) => p.file === "out/results.csv");
    expect(cut).toMatchObject({ line: 1, column: [...csv.slice(0, csv.indexOf("\r\n"))].length + 1 });
  });

  it("places a difference in the last byte of a Chinese character at that character's column, counted in characters", async () => {
    const dir = await tallied();
    const file = path.join(dir, "out", "results.csv");
    const bytes = await fs.readFile(file);
    const second = bytes.toString("utf8").split("\r\n")[1]!;
    const column = [...second].findIndex((ch) => ch.codePointAt(0)! > 0x7f) + 1; // the line's first Chinese character
    const at = bytes.indexOf("\r\n") + 2 + Buffer.byteLength([...second].slice(0, column).join("")) - 1; // its last byte
    expect(bytes[at]! & 0xc0).toBe(0x80);
    expect(bytes[at]).toBeLessThan(0xbf); // +1 leaves a well-formed character
    bytes[at] = bytes[at]! + 1;
    await fs.writeFile(file, bytes);
    const r = await audit(dir);
    expect(column).toBeGreaterThan(1);
    expect(r.json.data.checks[2].problems.find((p: any) => p.file === "out/results.csv")).toMatchObject({ line: 2, column });
    expect(r.human.stdout + r.human.stderr).toContain(`out/results.csv:2:${column}`);
  });

  it("catches a forger who edits an output and its hashes in both audit.json and SHA256SUMS", async () => {
    const dir = await tallied();
    const out = path.join(dir, "out");
    const forged = (await fs.readFile(path.join(out, "results.csv"), "utf8")).replace(/,3,6,1,27\.3%,未过半数/, ",9,0,1,81.8%,当选");
    const oldHash = sha256(await fs.readFile(path.join(out, "results.csv")));
    const newHash = sha256(forged);
    await fs.writeFile(path.join(out, "results.csv"), forged);
    for (const f of ["audit.json", "SHA256SUMS"]) await fs.writeFile(path.join(out, f), (await fs.readFile(path.join(out, f), "utf8")).replace(oldHash, newHash));
    const r = await audit(dir);
    expect(r.code).toBe(1);
    expect(failing(r.json)).toEqual([3]);
    expect(problemFiles(r.json, 3)).toEqual(["out/results.csv"]);
  });

  it("catches an edited SHA256SUMS line (check 4), with its line number", async () => {
    const dir = await tallied();
    const sums = path.join(dir, "out", "SHA256SUMS");
    const lines = (await fs.readFile(sums, "utf8")).split("\n");
    lines[2] = "0".repeat(64) + lines[2]!.slice(64);
    await fs.writeFile(sums, lines.join("\n"));
    const r = await audit(dir);
    expect(failing(r.json)).toEqual([4]);
    expect(r.json.data.checks[3].problems[0]).toMatchObject({ code: "E_AUDIT_SUMS_MISMATCH", file: "out/SHA256SUMS", line: 3 });
  });

  it("notices a round file added since the tally, and a later runoff is recomputed by running it again", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    const round2 = await fs.readFile(path.join(dir, "ballots-r2.csv"));
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    expect((await runCli(["tally", dir])).code).toBe(4);
    expect((await runCli(["runoff", dir])).code).toBe(0);
    const clean = await audit(dir);
    expect(clean.code, JSON.stringify(clean.json.data.checks)).toBe(0);
    expect(clean.json.data.commands.map((c: any) => [c.command, c.recount])).toEqual([["runoff-r2", "rerun"], ["tally", "in-memory"]]);

    await fs.writeFile(path.join(dir, "ballots-r2.csv"), round2);
    const added = await audit(dir);
    expect(failing(added.json)).toEqual([1, 3]);
    expect(added.json.data.checks[0].problems).toContainEqual(expect.objectContaining({ code: "E_AUDIT_INPUT_ADDED", file: "ballots-r2.csv", message: "tally 运行时没有读取这个文件，现在重新计算会读取它" }));
    expect(added.json.error.diagnostics.find((d: any) => d.code === "E_AUDIT_INPUT_ADDED").hint).toMatch(/若是有意加入的（例如下一轮的票），重新运行 piaojue tally \S+tie-runoff；然后再运行 piaojue audit \S+tie-runoff$/);

    expect((await runCli(["tally", dir])).code).toBe(0);
    expect((await audit(dir)).code).toBe(0);
  });

  it("follows -o and the options the tally was run with", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    const elsewhere = path.join(path.dirname(dir), "results-elsewhere");
    expect((await runCli(["tally", dir, "--round", "1", "-o", elsewhere])).code).toBe(4);
    const r = await audit(dir, ["-o", elsewhere]);
    expect(r.code, JSON.stringify(r.json.data?.checks ?? r.json.error)).toBe(0);
    expect(r.json.data.commands[0].options).toEqual({ round: 1, encoding: "auto" });
    expect((await runCli(["audit", dir, "--json"])).json.error.code).toBe("E_AUDIT_MISSING");
  });

  it("recomputes an evaluation by running it again on a copy of its inputs", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "bad", "base-evaluation"));
    const e = await runCli(["evaluate", dir]);
    if (e.code === 2) return; // evaluate is not registered in this build
    expect(e.code).toBe(0);
    expect((await audit(dir)).code).toBe(0);
    const forms = path.join(dir, "evaluations.csv");
    await fs.writeFile(forms, (await fs.readFile(forms, "utf8")).replace("满意", "不满意"));
    const r = await audit(dir);
    expect(failing(r.json)).toEqual([1, 3]);
    expect(problemFiles(r.json, 1)).toEqual(["evaluations.csv"]);
  });

  it("rules edited in audit.json's record, with session.json as the record read it: the record is named, not the input", async () => {
    const dir = await tallied();
    const trail = path.join(dir, "out", "audit.json");
    await fs.writeFile(trail, (await fs.readFile(trail, "utf8")).replace('"quorum": "2/3"', '"quorum": "1/2"'));
    const r = await audit(dir);
    const rules = r.json.error.diagnostics.find((d: { code: string }) => d.code === "E_AUDIT_RULES_CHANGED");
    expect(rules.file).toBe("out/audit.json");
    expect(rules.message).toMatch(/audit\.json 中 tally 记录的规则被改动过/);
    expect(rules.hint).not.toContain("改回原样");
  });

  it("out/ swapped with another session's: said once, not as every input edited", async () => {
    const dir = await tallied();
    const other = await tallied(path.join(FIXTURES, "scenarios", "quorum-exactly-met"));
    const mine = path.join(dir, "out");
    await fs.rename(mine, path.join(dir, "out-mine"));
    await fs.rename(path.join(other, "out"), mine);
    const r = await audit(dir);
    expect(r.json.data.checks[0].problems.map((p: { code: string; file: string }) => `${p.code} ${p.file}`)).toEqual(["E_AUDIT_OUT_ELSEWHERE out/audit.json"]);
    const d = r.json.error.diagnostics.find((x: { code: string }) => x.code === "E_AUDIT_OUT_ELSEWHERE");
    expect(d.message).toMatch(/很可能是另一个会议的输出文件夹/);
  });

  it("a staging folder a run killed before its commit left is abandoned, not pending: audit warns and passes, check leaves it, the next writer removes it", async () => {
    const dir = await tallied();
    const staging = path.join(dir, "out", ".staging-424242-00c0ffee");
    await fs.mkdir(staging);
    await fs.copyFile(path.join(dir, "out", "results.csv"), path.join(staging, "results.csv"));
    const r = await audit(dir);
    expect(r.code, r.human.stderr).toBe(0);
    expect(failing(r.json)).toEqual([]);
    expect(r.json.warnings.find((w: { code: string }) => w.code === "W_AUDIT_ABANDONED_WRITE")).toMatchObject({ file: "out/.staging-424242-00c0ffee" });
    expect(r.human.stdout + r.human.stderr).toContain("W_AUDIT_ABANDONED_WRITE");
    // check neither reads nor writes out/: the folder is still there after it.
    expect((await runCli(["check", dir])).code).toBe(0);
    expect(await fs.readdir(staging)).toEqual(["results.csv"]);
    expect((await runCli(["tally", dir])).code).toBe(0);
    expect((await fs.readdir(path.join(dir, "out"))).filter((n) => n.startsWith(".staging-"))).toEqual([]);
  });

  it("a damaged audit.json is refused by the next command that writes out/, as audit reports it: nothing written, no record lost", async () => {
    const cases: [string, string, string][] = [
      ["[]", "E_AUDIT_SCHEMA", "1:1"],
      ["", "E_JSON_SYNTAX", "1:1"],
      ['{"tool":"piaojue","schemaVersion":1,"comm', "E_JSON_SYNTAX", "1:42"],
      ['{"tool":"piaojue","schemaVersion":1,"commands":{"tally":{"inputs":[]}}}', "E_AUDIT_SCHEMA", "1:49"],
    ];
    for (const [damaged, code, place] of cases) {
      const dir = await scratchCopy(BASE);
      expect((await runCli(["ballot", dir])).code).toBe(0);
      await fs.writeFile(path.join(dir, "out", "audit.json"), damaged);
      const before = await snapshot(path.join(dir, "out"));
      const r = await runCli(["tally", dir, "--json"]);
      expect(r.code, damaged).toBe(1);
      const d = r.json.error.diagnostics[0];
      expect(d, damaged).toMatchObject({ code, file: "out/audit.json" });
      expect(`${d.line}:${d.column}`, damaged).toBe(place);
      expect(d.hint, damaged).toMatch(/从存档的副本恢复 out\/ 文件夹；没有副本时，把 out\/ 移到别处（或删除）/);
      expect(await snapshot(path.join(dir, "out")), damaged).toEqual(before);
      const a = await audit(dir);
      expect(a.code, damaged).toBe(1);
      expect(a.json.error.diagnostics[0], damaged).toMatchObject({ code, file: d.file, line: d.line, column: d.column, hint: d.hint });
    }
  });

  it("without a tally to audit: exit 1 with a reason", async () => {
    const dir = await scratchCopy(BASE);
    const r = await runCli(["audit", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_AUDIT_MISSING", file: "out/audit.json" });
    expect(r.json.error.diagnostics[0].hint).toMatch(new RegExp(`^先运行 piaojue tally ${path.relative(ROOT, dir)}（或其他写出结果的命令）`));
  });
});
