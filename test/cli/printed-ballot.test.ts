// The paper ballot and the files: keys typed from a paper ballot printed in another order than the lines
// have now would go to other projects, so enter refuses to start; a count under other rules of validity
// than the paper states is warned by tally (on screen only). Both judge by what ballot/runoff recorded.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { makeSession, ROOT, runCli, scratchCopy, SEEDS } from "../helpers.js";
import { typeEntry } from "./fake-terminal.js";

/** The sample session with its ballots aside and its ballot printed: the state on session morning. */
async function printed(): Promise<{ dir: string; ballots: Buffer }> {
  const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
  const ballots = await fs.readFile(path.join(dir, "ballots.csv"));
  await fs.rm(path.join(dir, "ballots.csv"));
  expect((await runCli(["ballot", dir])).code).toBe(0);
  return { dir, ballots };
}

async function editSession(dir: string, edit: (s: any) => void): Promise<void> {
  const file = path.join(dir, "session.json");
  const session = JSON.parse(await fs.readFile(file, "utf8"));
  edit(session);
  await fs.writeFile(file, JSON.stringify(session, null, 2));
}

const codes = (r: { json: any }) => (r.json.warnings ?? []).map((w: { code: string }) => w.code);

describe("a ballot changed after it was printed", () => {
  it("is no news in the ordinary flow: enter --present rewrites session.json, then the tally", async () => {
    const { dir, ballots } = await printed();
    expect((await runCli(["enter", dir, "--present", "56"])).code).toBe(0);
    await fs.writeFile(path.join(dir, "ballots.csv"), ballots);
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(0);
    expect(codes(r)).not.toContain("W_CHANGED_SINCE_PRINTED");
  });

  it("stops enter before a key is typed when the order changed, until the ballot is recorded again", async () => {
    const { dir } = await printed();
    await editSession(dir, (s) => { s.rules.order = "as-listed"; });
    const r = await runCli(["enter", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_CHANGED_SINCE_PRINTED", file: "out/ballots-template.csv" });
    expect(r.json.error.diagnostics[0].message).toBe("第 1 轮的表决票印制之后，表决票上的项目或其顺序变了（candidates.csv、排序规则，或计票改正后的决选项目）：按纸质票上的顺序录入，会录到别的项目上");
    await expect(fs.access(path.join(dir, "entry"))).rejects.toThrow();
    // Once piaojue ballot has recorded the ballot as it is, entry goes ahead (here: it wants a keyboard).
    expect((await runCli(["ballot", dir])).code).toBe(0);
    expect((await runCli(["enter", dir])).code).toBe(2);
  });

  it("lets enter go ahead when what changed leaves the order as printed (a field not on the ballot, an equal rule)", async () => {
    const { dir } = await printed();
    const file = path.join(dir, "candidates.csv");
    await fs.writeFile(file, (await fs.readFile(file, "utf8")).replace(/\n/g, "\r\n").replace("镇卫生院住院楼改造", "镇卫生院住院楼改造 "));
    await editSession(dir, (s) => { s.rules.maxApprovals = s.rules.formal; });
    expect((await runCli(["enter", dir])).code).toBe(2);
  });

  it("stops the entry of a runoff round printed by runoff in another order than now", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    expect((await runCli(["runoff", dir])).code).toBe(0);
    expect((await runCli(["enter", dir, "--round", "2"])).code).toBe(2);
    // 山塘水库除险加固 (Q08) comes before 农产品冷链仓储 (Q09) by strokes (3 < 6), after it by pinyin (shān > nóng).
    await editSession(dir, (s) => { s.rules.order = "pinyin"; });
    expect((await runCli(["tally", dir, "--json"])).json.data.runoff.candidates).toEqual(["Q09", "Q08"]);
    const r = await runCli(["enter", dir, "--round", "2", "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_CHANGED_SINCE_PRINTED", file: "out/ballots-r2-template.csv" });
    expect(r.json.error.diagnostics[0].hint).toMatch(/运行 piaojue ballot \S*tie-runoff --round 2 记下现在的表决票/);
  });

  it("stops the entry of a runoff round whose seats a corrected count changed (the paper's limit of approvals)", async () => {
    // Five candidates for three seats; B, C and D tie behind A for two seats. A correction gives E four
    // approvals: A and E are in, and the runoff among B, C and D is for one seat.
    const session = { title: "某镇会议", date: "2026-01-15", deputies: { total: 5, present: 5 }, issued: [5, 5], rules: { formal: 3, order: "as-listed", maxApprovals: "none" } };
    const dir = await makeSession({
      "session.json": JSON.stringify(session),
      "candidates.csv": "编号,项目名称\nA,甲\nB,乙\nC,丙\nD,丁\nE,戊\n",
      "ballots.csv": "A,B,C,D,E\n○,○,○,○,○\n○,○,○,○,○\n○,○,○,○,\n○,,,,\n○,,,,\n",
    });
    expect((await runCli(["runoff", dir, "--json"])).json.data).toMatchObject({ seats: 2, candidates: [{ id: "B" }, { id: "C" }, { id: "D" }] });
    await fs.writeFile(path.join(dir, "ballots.csv"), "A,B,C,D,E\n○,○,○,○,○\n○,○,○,○,○\n○,○,○,○,\n○,,,,○\n○,,,,○\n");
    const r = await runCli(["enter", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_CHANGED_SINCE_PRINTED", file: "out/ballots-r2-template.csv" });
    expect(r.json.error.diagnostics[0].message).toMatch(/^第 2 轮的表决票印制时剩余 2 个名额（每票最多赞成 2 个），现在是 1 个/);
  });

  it("quotes an -o with a space in the command its hint gives", async () => {
    const { dir } = await printed();
    const out = path.join(path.dirname(dir), "our out");
    expect((await runCli(["ballot", dir, "-o", out])).code).toBe(0);
    await editSession(dir, (s) => { s.rules.order = "pinyin"; });
    const r = await runCli(["enter", dir, "-o", out, "--json"]);
    // Named from where the clerk stands, as tally's hints name it.
    expect(r.json.error.diagnostics[0].hint).toContain(`-o "${path.relative(ROOT, out)}" 记下现在的表决票`);
  });

  it("keeps -o in the next step enter names once both passes agree (so tally reads the same out/)", async () => {
    const { dir } = await printed();
    const out = path.join(path.dirname(dir), "elsewhere");
    expect((await runCli(["ballot", dir, "-o", out])).code).toBe(0);
    const pile = ("1".repeat(10) + "22\r").repeat(2) + "\r";
    expect((await typeEntry(dir, pile, ["-o", out, "--returned", "2"])).code).toBe(0);
    const second = await typeEntry(dir, pile, ["-o", out, "--second", "--returned", "2"]);
    expect(second.code, second.err).toBe(0);
    expect(second.out + second.err).toContain(`下一步：piaojue tally ${path.relative(ROOT, dir)} -o ${path.relative(ROOT, out)}`);
  });

  it("names formal when the limit moved with it, and takes the default marks spelt out as no change", async () => {
    const { dir, ballots } = await printed();
    await fs.writeFile(path.join(dir, "ballots.csv"), ballots);
    await editSession(dir, (s) => { s.rules.marks = { approve: ["1", "○", "〇", "O", "o", "赞成", "同意"], abstain: ["", "弃权", "-"] }; });
    expect(codes(await runCli(["tally", dir, "--json"]))).not.toContain("W_CHANGED_SINCE_PRINTED");
    await editSession(dir, (s) => { s.rules.formal = 9; });
    const w = (await runCli(["tally", dir, "--json"])).json.warnings.find((x: { code: string }) => x.code === "W_CHANGED_SINCE_PRINTED");
    expect(w.message).toMatch(/^第 1 轮的表决票印制之后，rules\.formal 改过/);
  });

  it("is warned by tally when the rules of validity differ from the paper's, and not for an equal rule written otherwise", async () => {
    const { dir, ballots } = await printed();
    await fs.writeFile(path.join(dir, "ballots.csv"), ballots);
    await editSession(dir, (s) => { s.rules.maxApprovals = s.rules.formal; });
    const same = await runCli(["tally", dir, "--json"]);
    expect(codes(same)).not.toContain("W_CHANGED_SINCE_PRINTED");
    await editSession(dir, (s) => { s.rules.maxApprovals = 11; s.rules.blankBallot = "void"; });
    const r = await runCli(["tally", dir, "--json"]);
    const w = r.json.warnings.find((x: { code: string }) => x.code === "W_CHANGED_SINCE_PRINTED");
    expect(w).toMatchObject({ file: "session.json" });
    expect(w.message).toBe("第 1 轮的表决票印制之后，rules.maxApprovals、rules.blankBallot 改过：纸质票上写的限选数或无效票规则与现在计票用的不同");
    // The files written are those of any tally: the warning is for the screen.
    expect(await fs.readFile(path.join(dir, "out", "announcement.md"), "utf8")).not.toContain("印制之后");
  });
});

describe("what the printed round-2 ballot and count sheet say (pinned on the tie-runoff sample)", () => {
  async function runoffRound(): Promise<{ dir: string; ballot: string; sheet: string; seats: number }> {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    const r = await runCli(["runoff", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const read = (name: string) => fs.readFile(path.join(dir, "out", name), "utf8");
    return { dir, ballot: await read("ballot-r2.html"), sheet: await read("count-sheet-r2.html"), seats: r.json.data.seats };
  }

  it("the ballot's foot names the round; three boxes a line say two boxes ticked is void or abstains", async () => {
    const { ballot } = await runoffRound();
    expect(ballot).toMatch(/<div class="foot">.*<span>第 2 轮　共 \d+ 个项目<\/span><\/div>/);
    expect(ballot).toContain("同一项目划两栏以上或");
    expect(ballot).toContain("<li>本票不记名，请勿写姓名或作其他记号。</li>");
  });

  it("the count sheet carries the round's issued ballots, its limit of approvals, what voids a ballot and the round to type in", async () => {
    const { sheet, seats } = await runoffRound();
    expect(sheet).toContain("发出票数 <span>42</span>");
    expect(sheet).toContain(`<div>每票最多赞成 ${seats} 个</div>`);
    expect(sheet).toContain("赞成超过限选数");
    expect(sheet).toContain("piaojue enter --counts --round 2");
    expect(sheet).not.toContain("（反对填 0）");
  });

  it("round 1's ballot is one ballot a sheet, never copies to cut apart; an approve-only count sheet says 反对填 0", async () => {
    const dir = await makeSession({
      "session.json": JSON.stringify({ title: "第三次会议", date: "2026-01-15", deputies: { total: 10, present: 9 }, issued: [9], rules: { formal: 1, ballot: "approve-only" } }),
      "candidates.csv": "编号,项目名称\nA,修路\nB,路灯\n",
    });
    expect((await runCli(["ballot", dir])).code).toBe(0);
    const ballot = await fs.readFile(path.join(dir, "out", "ballot.html"), "utf8");
    expect(ballot).not.toContain("data-copies");
    expect(ballot).not.toContain("沿虚线剪开");
    expect(await fs.readFile(path.join(dir, "out", "count-sheet.html"), "utf8")).toContain("（反对填 0）");
  });
});
