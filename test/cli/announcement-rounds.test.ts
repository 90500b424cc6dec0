// What the 公告 says about rounds after the first: how each runoff round was decided, which round a
// hand count's note is about, sub-items in ballot order, and a voted sub-item named with its parent.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { FIXTURES, makeSession, runCli, scratchCopy } from "../helpers.js";

const CANDIDATES = "编号,项目名称\nA,甲项目\nB,乙项目\nC,丙项目\n";

/** A and B tie at 6 of 10 in round 1 (6 needed); round 2 gives A 5, B 3, one blank. */
function tiedSession(runoffThreshold: string, issued = [9, 9]) {
  const session = { title: "某镇人大会议", date: "2026-01-15", deputies: { total: 10, present: 9 }, issued,
    rules: { formal: 1, order: "as-listed", maxApprovals: "none", runoffThreshold } };
  return makeSession({
    "session.json": JSON.stringify(session),
    "candidates.csv": CANDIDATES,
    "ballots.csv": ["A,B,C", ...Array(3).fill("○,○,"), ...Array(3).fill("○,,"), ...Array(3).fill(",○,"), ""].join("\n"),
    "ballots-r2.csv": ["A,B", ...Array(5).fill("○,"), ...Array(3).fill(",○"), ",", ""].join("\n"),
  });
}

async function announcement(dir: string): Promise<{ md: string; html: string; stdout: string; code: number }> {
  const r = await runCli(["tally", dir]);
  const read = (name: string) => fs.readFile(path.join(dir, "out", name), "utf8");
  // A figure kept whole with its words is wrapped in a span; the text is read without it.
  const html = (await read("announcement.html")).replace(/<span class="fig">([^<]*)<\/span>/g, "$1");
  return { md: await read("announcement.md"), html, stdout: r.stdout, code: r.code };
}

describe("the 公告's 说明", () => {
  it("says how rows of only commas were counted when rules.marks makes an empty cell 反对", async () => {
    const session = { title: "某镇人大会议", date: "2026-01-15", deputies: { total: 5, present: 5 }, issued: [5],
      rules: { formal: 1, order: "as-listed", marks: { against: ["×", ""] } } };
    const dir = await makeSession({ "session.json": JSON.stringify(session), "candidates.csv": CANDIDATES, "ballots.csv": "A,B,C\n,,\n○,,\n,,\n○,○,\n" });
    const a = await announcement(dir);
    expect(a.md).toContain("1. 第 1 轮有 2 行只有逗号或空格（全部为空），空单元格按反对计，这些票各项目都按反对计");
  });
});

describe("the 差额 rule in words", () => {
  it("is said in Chinese that reads aloud, its ratio as a decimal, alike in the 公告 and check's report", async () => {
    const session = { title: "某镇人大会议", date: "2026-01-15", deputies: { total: 5, present: 5 }, issued: [5],
      rules: { formal: 4, order: "as-listed", competition: { minRatio: "3/2" } } };
    const dir = await makeSession({ "session.json": JSON.stringify(session), "candidates.csv": "编号,项目名称\nA,甲\nB,乙\nC,丙\nD,丁\nE,戊\n", "ballots.csv": "A,B,C,D,E\n○,○,○,○,\n" });
    const sentence = "候选项目 5 个、应选 4 个，不符合差额规则：候选数应至少比应选数多 1 个（5 个），且不少于应选数的 1.5 倍（6 个）";
    const a = await announcement(dir);
    expect(a.md).toContain(`1. ${sentence}`);
    expect(a.html).toContain(`<li>${sentence}</li>`);
    const check = await runCli(["check", dir]);
    expect(check.stdout).toContain(sentence);
    expect(check.stderr).toContain(`E_COMPETITION ${sentence}`);
  });
});

describe("the 公告 after a runoff", () => {
  it("names the round whose returned ballots outnumber its issued when it is not round 1", async () => {
    const a = await announcement(await tiedSession("plurality", [9, 8]));
    expect(a.code).toBe(3);
    expect(a.md).toContain("本次票决无效：第 2 轮收回票数多于发出票数。");
    expect(a.html).toContain("本次票决无效：第 2 轮收回票数多于发出票数。");
    expect(a.stdout).toContain("票决无效：第 2 轮收回票数多于发出票数");
    const dir = await tiedSession("plurality", [9, 8]);
    const en = await runCli(["tally", dir, "--lang", "en"]);
    expect(en.stdout).toContain("The vote is void: more ballots returned than issued in round 2");
    expect(await fs.readFile(path.join(dir, "out", "summary.csv"), "utf8")).toContain("无效原因,第 2 轮收回票数多于发出票数");
    // Round 1's is said as before.
    const first = await announcement(await tiedSession("plurality", [8, 9]));
    expect(first.md).toContain("本次票决无效：收回票数多于发出票数。");
    expect(first.stdout).toContain("票决无效：收回票数多于发出票数");
  });

  it("names that round in batch's summary and report too", async () => {
    const root = await makeSession({});
    await fs.rename(await tiedSession("plurality", [9, 8]), path.join(root, "甲镇"));
    const r = await runCli(["batch", root]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("甲镇 某镇人大会议：第 2 轮收回票数多于发出票数");
    expect(await fs.readFile(path.join(root, "out", "batch-summary.csv"), "utf8")).toContain(",否,第 2 轮收回票数多于发出票数,");
  });

  it("states how a plurality runoff round was decided, beside round 1's threshold", async () => {
    const a = await announcement(await tiedSession("plurality"));
    expect(a.code).toBe(0);
    const line = "当选条件：以全体代表 10 为基数，过半数为 6 票；第 2 轮决选得票多者当选；应选 1 个。";
    expect(a.md).toContain(line);
    expect(a.html).toContain(line);
    expect(a.stdout).toContain("第 2 轮决选得票多者当选");
  });

  it("states the votes a one-third runoff round needed, and a same-threshold one", async () => {
    const third = await announcement(await tiedSession("one-third"));
    expect(third.md).toContain("第 2 轮决选须得 3 票（收回票 9 张的三分之一）");
    const same = await announcement(await tiedSession("same"));
    expect(same.md).toContain("第 2 轮决选须得 6 票（与第 1 轮过半数票数相同）");
    const en = await runCli(["tally", await tiedSession("one-third"), "--lang", "en"]);
    expect(en.stdout).toContain("round 2 (runoff): at least 3 votes (one third of the 9 returned)");
  });

  it("charts every round with every line voted on in it and that round's counts, round 1's too", async () => {
    const session = { title: "测试镇会议", date: "2026-01-15", deputies: { total: 5, present: 5 }, issued: [5, 5], rules: { formal: 1, order: "as-listed" } };
    const dir = await makeSession({
      "session.json": JSON.stringify(session),
      "candidates.csv": "编号,项目名称\nP1,甲项目\nP2,乙项目\n",
      "ballots.csv": "P1,P2\n○,×\n○,×\n×,○\n×,○\n,\n",
      "ballots-r2.csv": "P1,P2\n○,×\n○,×\n○,×\n×,○\n×,○\n",
    });
    const a = await announcement(dir);
    expect(a.code).toBe(0);
    const blocks = a.html.split(`<section class="chart-block"`).slice(1).map((b) => ({
      heading: b.match(/<h2>([^<]*)<\/h2>/)![1],
      bars: [...b.matchAll(/data-id="([^"]+)" data-approve="(\d+)" data-round="(\d+)">.*?class="bar ([a-z-]+)"/g)].map((m) => m.slice(1).join(" ")),
    }));
    expect(blocks).toEqual([
      // Round 1: no project had a majority; both went on to the runoff.
      { heading: "赞成票（第 1 轮）", bars: ["P1 2 1 onward", "P2 2 1 onward"] },
      { heading: "赞成票（第 2 轮决选，得票多者当选）", bars: ["P1 3 2 selected", "P2 2 2 not-selected"] },
    ]);
    expect(a.html).toContain(`<span><i class="bar onward"></i>进入下一轮票决</span>`);
    // Each round's chart closes with its own legend: round 1's names its 过半数 line and its yellow bars,
    // the plurality runoff's, which draws no line, names none.
    const legends = a.html.split(`<section class="chart-block"`).slice(1).map((b) => b.slice(0, b.indexOf("</section>")).match(/<div class="legend">(.*?)<\/div>/)?.[1]?.replace(/<[^>]+>/g, " ").trim().split(/\s+/));
    expect(legends).toEqual([["进入下一轮票决", "过半数线", "3", "票", "满格", "5", "票"], ["当选", "未当选", "满格", "5", "票"]]);
    // The table keeps the counts of the round that decided each project (SPEC §7).
    expect(a.md).toContain("| 1 | P1 | 甲项目 | 3 | 2 | 0 | 60.0% | 当选 | 2 |");
    // The .md and .docx, which have no chart, give round 1's counts of the lines that went on.
    expect(a.md).toContain(["第 1 轮中进入第 2 轮的项目在第 1 轮的得票：", "", "| 编号 | 项目名称 | 赞成 | 反对 | 弃权 |", "|---|---|---:|---:|---:|",
      "| P1 | 甲项目 | 2 | 2 | 1 |", "| P2 | 乙项目 | 2 | 2 | 1 |", "", "共确定 1 个正式项目。"].join("\n"));
    const xml = unzipSync(await fs.readFile(path.join(dir, "out", "announcement.docx")))["word/document.xml"]!;
    const tables = new TextDecoder().decode(xml).split("<w:tbl>").slice(1).map((t) =>
      t.split("</w:tbl>")[0]!.split("</w:tr>").slice(0, -1).map((row) => [...row.matchAll(/<w:t [^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(" ")));
    expect(tables).toHaveLength(2);
    expect(tables[1]).toEqual(["编号 项目名称 赞成 反对 弃权", "P1 甲项目 2 2 1", "P2 乙项目 2 2 1"]);
    expect(tables[0]).toHaveLength(3);
  });

  it("keeps each void reason in the round lines whole with its count: no 赞成超 / 过限选数 at a line's end", async () => {
    const a = await announcement(await scratchCopy(path.join(FIXTURES, "scenarios", "runoff-over-approval")));
    expect(a.html).toMatch(/<span class="fig">赞成超过限选数 \d+<\/span>/);
    expect(a.html).not.toMatch(/赞成超<span/);
  });

  it("charts the lines a pending shortfall runoff waits for as going on, not as 未当选", async () => {
    const a = await announcement(await scratchCopy(path.join(FIXTURES, "scenarios", "shortfall-runoff")));
    expect(a.code).toBe(4);
    const bars = [...a.html.matchAll(/data-id="([^"]+)" data-approve="\d+" data-round="1">.*?class="bar ([a-z-]+)"/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(bars).toEqual(["P1 selected", "P2 selected", "P3 onward", "P4 onward", "P5 onward"]);
    expect(a.html).toContain(`<span><i class="bar onward"></i>进入下一轮票决</span>`);
    expect(a.html).not.toContain("未当选</span>");
  });

  it("names the round of a hand count's note, so two rounds' notes stay two", async () => {
    const session = { title: "某镇人大会议", date: "2026-01-15", deputies: { total: 10, present: 9 }, issued: [9, 9],
      counted: [{ returned: 9, void: 0 }, { returned: 9, void: 0 }],
      rules: { formal: 1, order: "as-listed", ballot: "approve-only", maxApprovals: "none" } };
    const dir = await makeSession({
      "session.json": JSON.stringify(session),
      "candidates.csv": CANDIDATES,
      "counts.csv": "编号,赞成,反对,弃权\nA,6,0,3\nB,6,1,2\nC,0,0,9\n",
      "counts-r2.csv": "编号,赞成,反对,弃权\nA,5,0,4\nB,3,1,5\n",
    });
    const a = await announcement(dir);
    expect(a.md).toContain("第 1 轮：只设赞成的表决票不应有反对票（“B”反对 1）");
    expect(a.md).toContain("第 2 轮：只设赞成的表决票不应有反对票（“B”反对 1）");
  });
});

describe("sub-items in the 公告", () => {
  it("are listed in ballot order under their parent", async () => {
    const session = { title: "某镇人大会议", date: "2026-01-15", deputies: { total: 5, present: 5 }, issued: [5], rules: { formal: 1, order: "stroke", competition: { allowEqual: true } } };
    const dir = await makeSession({
      "session.json": JSON.stringify(session),
      "candidates.csv": "编号,项目名称,所属项目\nP,道路改造,\nS,南段改造,P\nW,西段改造,P\nE,东段改造,P\n",
      // Two blank ballots: rows with only their 票号 (a one-column file's empty line would be refused).
      "ballots.csv": "票号,P\n1,○\n2,○\n3,○\n4,\n5,\n",
    });
    expect((await runCli(["ballot", dir])).code).toBe(0);
    const a = await announcement(dir);
    const ballot = await fs.readFile(path.join(dir, "out", "ballot.html"), "utf8");
    const order = (text: string) => ["东段改造", "西段改造", "南段改造"].map((n) => text.indexOf(n));
    // 东 (5 strokes), 西 (6), 南 (9)
    for (const text of [ballot, a.md, a.html]) {
      const at = order(text);
      expect(at.every((i) => i >= 0)).toBe(true);
      expect([...at].sort((x, y) => x - y)).toEqual(at);
    }
  });

  it("voted on one by one (voteOn items), are named with their parent", async () => {
    const dir = path.join(FIXTURES, "scenarios", "vote-on-items-subitems");
    const out = await fs.mkdtemp(path.join(path.dirname(await makeSession({})), "items-out-"));
    await runCli(["tally", dir, "-o", out]);
    const md = await fs.readFile(path.join(out, "announcement.md"), "utf8");
    expect(md).toContain("| 1 | R1 | 道路改造东段（属 R 道路改造） | 4 |");
    expect(md).toContain("1. R1 道路改造东段（属 R 道路改造）");
    expect(md).toContain("| 养老助餐 |");
    await fs.rm(out, { recursive: true, force: true });
  });
});
