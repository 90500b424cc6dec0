// piaojue ballot: the printable ballot, entry template and count sheet, one order in all of them.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, runCli, scratchCopy, SEEDS, snapshot } from "../helpers.js";

const read = (dir: string, name: string) => fs.readFile(path.join(dir, "out", name), "utf8");

/** The ids of the votable rows of an HTML page, in page order. */
function rowIds(html: string, cls = "line"): string[] {
  return [...html.matchAll(new RegExp(`<tr class="${cls}[^"]*" data-id="([^"]+)"`, "g"))].map((m) => m[1]!);
}

function countSheetIds(html: string): string[] {
  return [...html.matchAll(/<tr data-id="([^"]+)"/g)].map((m) => m[1]!);
}

function csvHeader(text: string): string[] {
  return text.replace(/^\ufeff/, "").split(/\r?\n/)[0]!.split(",");
}

async function setRules(dir: string, rules: Record<string, unknown>): Promise<void> {
  const file = path.join(dir, "session.json");
  const s = JSON.parse(await fs.readFile(file, "utf8"));
  s.rules = { ...s.rules, ...rules };
  await fs.writeFile(file, JSON.stringify(s, null, 2));
}

describe("piaojue ballot", () => {
  it("writes the ballot, entry template, count sheet and counts template, all in the order check reports", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const r = await runCli(["ballot", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.data.files).toEqual(["ballot.html", "ballots-template.csv", "count-sheet.html", "counts-template.csv", "ballots-template.xlsx"]);
    const order = (await runCli(["check", dir, "--json"])).json.data.order as string[];
    expect(order).toEqual(["P03", "P10", "P08", "P09", "P02", "P06", "P07", "P04", "P11", "P12", "P01", "P05"]);
    expect(r.json.data.order).toEqual(order);
    const html = await read(dir, "ballot.html");
    expect(rowIds(html)).toEqual(order);
    expect(csvHeader(await read(dir, "ballots-template.csv"))).toEqual(["票号", "作废", ...order]);
    expect(countSheetIds(await read(dir, "count-sheet.html"))).toEqual(order);
    expect((await read(dir, "counts-template.csv")).replace(/^\ufeff/, "").split("\r\n").filter(Boolean)).toEqual(["编号,赞成,反对,弃权", ...order.map((id) => `${id},,,`)]);
    // The sample ballots were entered in this same order.
    expect(csvHeader(await fs.readFile(path.join(dir, "ballots.csv"), "utf8"))).toEqual(["票号", "作废", ...order]);
  });

  it("prints the instructions from the session's rules and each candidate's name, content, area, budget and deadline", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    await runCli(["ballot", dir]);
    const html = await read(dir, "ballot.html");
    expect(html).toContain("在“赞成”“反对”“弃权”三栏中任选一栏划“○”");
    expect(html).toContain("赞成的项目不得多于 10 个，多于 10 个的，本票无效。");
    expect(html).toContain("所划符号无法辨认的，本票无效");
    expect(html).toContain("项目按名称笔画顺序排列");
    expect(html).toContain("新桥镇第十八届人民代表大会第五次会议");
    for (const s of ["镇卫生院住院楼改造", "改造住院楼3层，新增床位40张，更新供氧和呼叫系统", "东岭村、石门村、北沟村、后湾村", ">680<", "2026-11"]) expect(html).toContain(s);
    expect(html.match(/<td class="box">/g)).toHaveLength(36);
    expect(html).toContain("@page { size: A4");
  });

  it("follows the configured order: pinyin, as listed, and seeded random with the seed printed", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    await setRules(dir, { order: "as-listed" });
    expect((await runCli(["ballot", dir, "--json"])).json.data.order).toEqual(["P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09", "P10", "P11", "P12"]);
    await setRules(dir, { order: "pinyin" });
    const pinyin = (await runCli(["ballot", dir, "--json"])).json.data.order as string[];
    // 便(bian) 村(cun) … 镇(zhen) 中(zhong)
    expect(pinyin[0]).toBe("P12");
    expect(pinyin.at(-1)).toBe("P03");
    expect(await read(dir, "ballot.html")).toContain("项目按名称汉语拼音顺序排列");
    await setRules(dir, { order: "random", seed: 42 });
    const a = await runCli(["ballot", dir, "--json"]);
    const html = await read(dir, "ballot.html");
    expect(html).toContain("随机种子 42");
    expect(rowIds(html)).toEqual(a.json.data.order);
    expect(csvHeader(await read(dir, "ballots-template.csv")).slice(2)).toEqual(a.json.data.order);
    const again = await runCli(["ballot", dir, "--json"]);
    expect(again.json.data.order).toEqual(a.json.data.order);
    await setRules(dir, { order: "random", seed: 43 });
    expect((await runCli(["ballot", dir, "--json"])).json.data.order).not.toEqual(a.json.data.order);
  });

  it("an approve-only ballot has one box per candidate and says only how to approve", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    await setRules(dir, { ballot: "approve-only", maxApprovals: "none", blankBallot: "void", unreadableMark: "abstain-item" });
    await fs.rm(path.join(dir, "ballots.csv"));
    const r = await runCli(["ballot", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const html = await read(dir, "ballot.html");
    expect(html.match(/<td class="box">/g)).toHaveLength(12);
    expect(html).not.toContain("<th>反对</th>");
    expect(html).toContain("赞成的项目，在该项目的“赞成”栏内划“○”；不赞成的不划。");
    expect(html).not.toContain("不得多于");
    expect(html).toContain("一项也未划的表决票无效");
    expect(html).toContain("该项目按弃权计");
    const sheet = await read(dir, "count-sheet.html");
    expect(sheet).toContain("弃权（有效票−赞成）");
    // The count sheet voids only what these rules void: no limit, and an unreadable mark is that project's abstention.
    expect(sheet).toContain("剔除无效票（整张作废、空白票）");
    expect(sheet).toContain("某一项目的符号无法辨认的，该项目按弃权计。");
  });

  it("prints the session's own mark and what an unmarked line counts as, from rules.marks", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    await fs.rm(path.join(dir, "ballots.csv"));
    await setRules(dir, { ballot: "approve-only", marks: { approve: ["√"], abstain: [""] } });
    expect((await runCli(["ballot", dir])).code).toBe(0);
    expect(await read(dir, "ballot.html")).toContain("赞成的项目，在该项目的“赞成”栏内划“√”；不赞成的不划。");
    await setRules(dir, { ballot: "approve-against-abstain", marks: { against: ["×", ""] } });
    expect((await runCli(["ballot", dir])).code).toBe(0);
    const html = await read(dir, "ballot.html");
    expect(html).toContain("不划的项目按反对计。");
    expect(html).toContain("一项也未划的表决票为有效票，各项目均按反对计。");
  });

  it("refuses, with its errors, a ballots file it reads that does not count, instead of printing another round's ballot", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    const file = path.join(dir, "ballots.csv");
    await fs.writeFile(file, (await fs.readFile(file, "utf8")).replace(/^Q04,/, "姓名,"));
    const before = await fs.readdir(dir);
    const r = await runCli(["ballot", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics.map((d: { code: string }) => d.code)).toContain("E_IDENTIFYING_COLUMN");
    expect(await fs.readdir(dir)).toEqual(before);
  });

  it("puts sub-items under their parent: as a list when the vote is on candidates, as lines under a heading when it is on items", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "vote-on-items-subitems"));
    const items = await runCli(["ballot", dir, "--round", "1", "--json"]);
    expect(items.code, items.stderr).toBe(0);
    expect(items.json.data.order).toEqual(["R1", "R2", "A", "B"]);
    let html = await read(dir, "ballot.html");
    expect(rowIds(html, "heading")).toEqual(["R"]);
    expect(html).toMatch(/<tr class="heading" data-id="R">(?:(?!<\/tr>).)*<\/tr>/);
    expect(html.match(/<tr class="heading"(?:(?!<\/tr>).)*<\/tr>/)![0]).not.toContain('class="box"');
    expect(html).toMatch(/<tr class="line item" data-id="R1"><td class="no">1<\/td>/);
    // The count sheet lists the lines under the same headings, as the counters read them off the ballot.
    const sheet = await read(dir, "count-sheet.html");
    expect([...sheet.matchAll(/<tr (?:class="heading" data-heading|data-id)="([^"]+)"/g)].map((m) => m[1])).toEqual(["R", "R1", "R2", "A", "B"]);
    expect(sheet).toMatch(/<tr class="heading" data-heading="R"><td><\/td><td>R<\/td><td class="name" colspan="\d+">道路改造<\/td><\/tr>/);
    expect(sheet).toMatch(/<tr data-id="R1" class="item"><td class="no">1<\/td>/);
    expect(countSheetIds(sheet)).toEqual(items.json.data.order);
    await setRules(dir, { voteOn: "candidates" });
    await fs.rm(path.join(dir, "ballots.csv"));
    const top = await runCli(["ballot", dir, "--json"]);
    expect(top.json.data.order).toEqual(["R", "A", "B"]);
    html = await read(dir, "ballot.html");
    expect(html).toMatch(/data-id="R">(?:(?!<\/tr>).)*<div class="subs"><div>道路改造东段<\/div><div>道路改造西段<\/div><\/div>/);
  });

  it("refuses to print a ballot that breaks the 差额 rule, and writes nothing", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    await setRules(dir, { formal: 11 });
    const r = await runCli(["ballot", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics.map((d: { code: string }) => d.code)).toContain("E_COMPETITION");
    expect((await snapshot(path.join(dir, "out"))).size).toBe(0);
  });

  it("writes byte-identical pages when run again", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    await runCli(["ballot", dir]);
    const first = await snapshot(path.join(dir, "out"));
    await runCli(["ballot", dir], { now: new Date("2026-01-16T08:00:00Z") });
    const second = await snapshot(path.join(dir, "out"));
    for (const name of ["ballot.html", "ballots-template.csv", "count-sheet.html", "counts-template.csv"]) expect(second.get(name)).toBe(first.get(name));
  });
});

describe("runoff ballots", () => {
  async function tieSession(): Promise<string> {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    return dir;
  }

  it("runoff writes what ballot --round 2 writes, the count sheet for a hand count too, and says how to type it in", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "counts-hand-count"));
    // P3 and P4 tie at 13 for the third seat: a runoff among them for one seat.
    await fs.writeFile(path.join(dir, "counts.csv"), "编号,赞成,反对,弃权\nP1,17,2,1\nP2,14,4,2\nP3,13,5,2\nP4,13,5,2\nP5,4,13,3\n");
    expect((await runCli(["tally", dir])).code).toBe(4);
    const r = await runCli(["runoff", dir, "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.data.files).toEqual(["ballot-r2.html", "ballots-r2-template.csv", "count-sheet-r2.html", "counts-r2-template.csv", "ballots-r2-template.xlsx"]);
    expect(csvHeader(await read(dir, "counts-r2-template.csv"))).toEqual(["编号", "赞成", "反对", "弃权"]);
    const human = await runCli(["runoff", dir]);
    expect(human.stdout).toContain("计票后运行 piaojue enter --counts --round 2");
  });

  it("ballot --round 2 prints only the runoff candidates, with the seats left as the most approvals", async () => {
    const dir = await tieSession();
    const tally = await runCli(["tally", dir, "--json"]);
    expect(tally.code).toBe(4);
    const runoff = tally.json.data.runoff;
    const r = await runCli(["ballot", dir, "--round", "2", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.data).toMatchObject({ round: 2, order: runoff.candidates, maxApprovals: runoff.seats, seats: runoff.seats });
    expect(r.json.data.files).toEqual(["ballot-r2.html", "ballots-r2-template.csv", "count-sheet-r2.html", "counts-r2-template.csv", "ballots-r2-template.xlsx"]);
    const html = await read(dir, "ballot-r2.html");
    // The sheet carries several copies of the runoff ballot to be cut apart; each lists the runoff candidates.
    const copies = html.split('<div class="cut">');
    for (const copy of copies) expect(rowIds(copy)).toEqual(runoff.candidates);
    expect(html).toContain(`本轮从下列 ${runoff.candidates.length} 个项目中决出 ${runoff.seats} 个。`);
    expect(html).toContain(`赞成的项目不得多于 ${runoff.seats} 个`);
    expect(html).toContain("（第 2 轮）");
    expect(csvHeader(await read(dir, "ballots-r2-template.csv"))).toEqual(["票号", "作废", ...runoff.candidates]);
  });

  it("piaojue runoff writes the same round-2 ballot beside its template", async () => {
    const dir = await tieSession();
    await runCli(["ballot", dir, "--round", "2"]);
    const fromBallot = await read(dir, "ballot-r2.html");
    await fs.rm(path.join(dir, "out"), { recursive: true });
    const r = await runCli(["runoff", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.data.files).toContain("ballot-r2.html");
    expect(await read(dir, "ballot-r2.html")).toBe(fromBallot);
  });

  it("refuses a round that is not the next one", async () => {
    const decided = await scratchCopy(path.join(SEEDS, "township-2026"));
    // Past the last round of a vote decided, with no ballots-r2.csv: the flag is wrong (tally-round-flag.test.ts).
    const r = await runCli(["ballot", decided, "--round", "2", "--json"]);
    expect(r.code).toBe(2);
    expect(r.json.error).toMatchObject({ code: "E_USAGE", diagnostics: [] });
    const tie = await tieSession();
    const r3 = await runCli(["ballot", tie, "--round", "3", "--json"]);
    expect(r3.code).toBe(1);
    expect(r3.json.error.diagnostics.map((d: { code: string }) => d.code)).toContain("E_ROUND_NOT_NEXT");
    const bad = await runCli(["ballot", tie, "--round", "0"]);
    expect(bad.code).toBe(2);
  });
});

describe("what the printed pages hold", () => {
  async function setSession(dir: string, patch: Record<string, unknown>): Promise<void> {
    const file = path.join(dir, "session.json");
    await fs.writeFile(file, JSON.stringify({ ...JSON.parse(await fs.readFile(file, "utf8")), ...patch }, null, 2));
  }

  /** What each tally box of a count sheet holds, by mark, from its header. */
  function tallyRoom(html: string): Record<string, number> {
    return Object.fromEntries([...html.matchAll(/<th class="tally-head" data-mark="([^"]+)" data-room="(\d+)"/g)].map((m) => [m[1]!, Number(m[2])]));
  }

  it("gives every tally box of the count sheet room for all the ballots issued in the round, 赞成, 反对 and 弃权 alike", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    await fs.rm(path.join(dir, "ballots.csv"));
    for (const issued of [30, 55, 58, 90, 300]) {
      await setSession(dir, { issued: [issued], deputies: { total: Math.max(issued, 58), present: issued } });
      expect((await runCli(["ballot", dir])).code).toBe(0);
      const sheet = await read(dir, "count-sheet.html");
      const room = tallyRoom(sheet);
      expect(Object.keys(room), `发出 ${issued}`).toEqual(["赞成", "反对", "弃权"]);
      // Any line may get every vote of one kind: 16 abstentions in the sample, 78–88 approvals of 90.
      for (const [mark, votes] of Object.entries(room)) expect(votes, `发出 ${issued}，${mark}`).toBeGreaterThanOrEqual(issued);
      expect(sheet).toContain(`每栏可记 ${room["赞成"]} 票`);
    }
    await setRules(dir, { ballot: "approve-only", maxApprovals: "none" });
    expect((await runCli(["ballot", dir])).code).toBe(0);
    const approveOnly = tallyRoom(await read(dir, "count-sheet.html"));
    expect(Object.keys(approveOnly)).toEqual(["赞成"]);
    expect(approveOnly["赞成"]).toBeGreaterThanOrEqual(300);
  });

  it("warns (W_COUNT_SHEET_ROOM) when a tally box, never taller than a page, cannot hold every ballot issued", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    await fs.rm(path.join(dir, "ballots.csv"));
    await setSession(dir, { issued: [1000], deputies: { total: 1000, present: 1000 } });
    const r = await runCli(["ballot", dir, "--json"]);
    expect(r.code).toBe(0);
    const room = tallyRoom(await read(dir, "count-sheet.html"))["赞成"]!;
    expect(room).toBeLessThan(1000);
    expect(r.json.warnings.filter((w: { code: string }) => w.code === "W_COUNT_SHEET_ROOM")).toMatchObject([{ file: "count-sheet.html", message: `计票单每栏可记 ${room} 票，少于这一轮可能的 1000 票` }]);
    // Where the boxes hold them all, nothing is said.
    await setSession(dir, { issued: [300], deputies: { total: 300, present: 300 } });
    const fits = await runCli(["ballot", dir, "--json"]);
    expect(fits.json.warnings.map((w: { code: string }) => w.code)).not.toContain("W_COUNT_SHEET_ROOM");
  });

  it("sizes a runoff round's count sheet from the deputies when that round's issued ballots are not in session.json yet", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    const session = JSON.parse(await fs.readFile(path.join(dir, "session.json"), "utf8"));
    await setSession(dir, { issued: [session.issued[0]] });
    expect((await runCli(["ballot", dir, "--round", "2"])).code).toBe(0);
    const sheet = await read(dir, "count-sheet-r2.html");
    // 发出票数 is left blank for the counters to fill in, but the boxes hold every deputy's ballot.
    expect(sheet).toContain("发出票数 <span></span>");
    for (const votes of Object.values(tallyRoom(sheet))) expect(votes).toBeGreaterThanOrEqual(session.deputies.total);
  });

  it("cuts a 项目内容 too long for a page short on the ballot, ending it with ……, and warns naming the candidate", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    await fs.rm(path.join(dir, "ballots.csv"));
    const file = path.join(dir, "candidates.csv");
    const long = "对院内建筑进行适老化改造，加装电梯、扶手、防滑地面和紧急呼叫系统；新建失能半失能照护床位120张；".repeat(25).slice(0, 1200);
    const text = (await fs.readFile(file, "utf8")).replace(/^(P01,[^,]*,[^,]*,[^,]*,)[^,]*/m, `$1${long}`);
    expect(text).toContain(long);
    await fs.writeFile(file, text);
    const r = await runCli(["ballot", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const clipped = r.json.warnings.filter((w: { code: string }) => w.code === "W_BALLOT_CLIPPED");
    expect(clipped).toHaveLength(1);
    expect(clipped[0].message).toContain("P01 镇卫生院住院楼改造");
    expect(clipped[0].message).toContain("项目内容");
    const html = await read(dir, "ballot.html");
    const row = html.match(/<tr class="line" data-id="P01">(?:(?!<\/tr>).)*<\/tr>/)![0];
    const shown = row.match(/<div class="content">(.*?)<\/div>/)![1]!.replace(/<[^>]+>/g, "");
    expect(shown.endsWith("……")).toBe(true);
    expect(long.startsWith(shown.slice(0, -2))).toBe(true);
    expect(shown.length).toBeLessThan(long.length);
    // The page count said and warned is the ballot's own.
    const pages = Number(html.match(/data-pages="(\d+)"/)![1]);
    expect(r.json.warnings.find((w: { code: string }) => w.code === "W_BALLOT_PAGES").message).toContain(`共 ${pages} 页`);
    // A content that fits is printed whole, without a warning.
    const fine = await scratchCopy(path.join(SEEDS, "township-2026"));
    expect((await runCli(["ballot", fine, "--json"])).json.warnings.map((w: { code: string }) => w.code)).not.toContain("W_BALLOT_CLIPPED");
  });

  it("gives a long 项目内容 at most half the row when the sub-items do not fit too, so the first sub-items are printed", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    await fs.rm(path.join(dir, "ballots.csv"));
    const long = "道路修建".repeat(400);
    const subs = Array.from({ length: 40 }, (_, i) => `P01-${i + 1},道路改造第${i + 1}段（自东岭村村委会至石门村村委会沿线村组道路）,,,,,,,,,,P01`);
    const file = path.join(dir, "candidates.csv");
    const [header, ...rows] = (await fs.readFile(file, "utf8")).trim().split("\n");
    const p01 = rows.findIndex((r) => r.startsWith("P01,"));
    rows[p01] = rows[p01]!.replace(/^(P01,[^,]*,[^,]*,[^,]*,)[^,]*/, `$1${long}`);
    await fs.writeFile(file, [`${header},所属项目`, ...rows.map((r) => `${r},`), ...subs].join("\n") + "\n");
    const r = await runCli(["ballot", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const clipped = r.json.warnings.filter((w: { code: string }) => w.code === "W_BALLOT_CLIPPED");
    expect(clipped.map((w: { message: string }) => w.message)).toEqual([expect.stringMatching(/P01 .*项目内容、子项/)]);
    const html = await read(dir, "ballot.html");
    const row = html.match(/<tr class="line" data-id="P01">(?:(?!<\/tr>).)*<\/tr>/)![0];
    expect(row.match(/<div class="content">(.*?)<\/div>/)![1]!.replace(/<[^>]+>/g, "")).toMatch(/^(?:道路修建)+道?路?修?……$/);
    const shown = row.match(/<div class="subs">(.*?)<\/div><div class="more">/)![1]!.match(/<div>/g)!.length;
    expect(shown).toBeGreaterThanOrEqual(5);
    expect(row).toContain(`……（另有 ${40 - shown} 个子项）`);
  });

  it("prints the session's date on the ballot and the count sheet as the 公告 writes it", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    await fs.rm(path.join(dir, "ballots.csv"));
    expect((await runCli(["ballot", dir])).code).toBe(0);
    for (const name of ["ballot.html", "count-sheet.html"]) {
      const html = await read(dir, name);
      expect(html, name).toContain(`<span class="nw">2026年1月15日</span>`);
      expect(html, name).not.toContain("2026-01-15");
    }
  });

  it("with word marks asks deputies to draw ○ in one of the three boxes, not to write 同意 in any of them", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    await fs.rm(path.join(dir, "ballots.csv"));
    await setRules(dir, { marks: { approve: ["同意"], against: ["不同意"], abstain: ["弃权"] } });
    expect((await runCli(["ballot", dir])).code).toBe(0);
    let html = await read(dir, "ballot.html");
    expect(html).toContain("对每个项目，在“赞成”“反对”“弃权”三栏中任选一栏划“○”；不划的项目按弃权计。");
    expect(html).not.toContain("划“同意”");
    // A drawn mark in the session's approve list is the one asked for, even after a word.
    await setRules(dir, { marks: { approve: ["同意", "√"], against: ["不同意"], abstain: ["弃权"] } });
    expect((await runCli(["ballot", dir])).code).toBe(0);
    html = await read(dir, "ballot.html");
    expect(html).toContain("三栏中任选一栏划“√”");
    await setRules(dir, { ballot: "approve-only", marks: { approve: ["赞成", "1"] } });
    expect((await runCli(["ballot", dir])).code).toBe(0);
    expect(await read(dir, "ballot.html")).toContain("赞成的项目，在该项目的“赞成”栏内划“○”；不赞成的不划。");
  });

  it("keeps numbers and dates whole: the budget, the deadline and the session's date never break inside", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    await fs.rm(path.join(dir, "ballots.csv"));
    await setSession(dir, { title: "某某县某某镇第十八届人民代表大会第五次会议暨民生实事项目人大代表票决专题会议（全体会议）" });
    const file = path.join(dir, "candidates.csv");
    // 投入资金 is the 8th column, 完成时限 the 10th.
    const text = (await fs.readFile(file, "utf8")).replace(/^(P01,(?:[^,]*,){6})[^,]*/m, (_, head: string) => `${head}12345.6789`)
      .replace(/^(P02,(?:[^,]*,){8})[^,]*/m, (_, head: string) => `${head}2026-09-30`);
    expect(text).toMatch(/^P01,.*,12345\.6789,.*,2026-11,/m);
    expect(text).toMatch(/^P02,.*,520,.*,2026-09-30,/m);
    await fs.writeFile(file, text);
    expect((await runCli(["ballot", dir])).code).toBe(0);
    const html = await read(dir, "ballot.html");
    expect(html).toContain(`<span class="nw">12345.6789</span>`);
    expect(html).toContain(`<span class="nw">2026-09-30</span>`);
    expect(html).toContain(`（全体会议）　<span class="nw">2026年1月15日</span>`);
    expect(html).toContain(".nw { white-space: nowrap; }");
    // The budget and deadline columns widen to hold them.
    const widths = [...html.match(/<colgroup>(.*?)<\/colgroup>/)![1]!.matchAll(/<col(?: style="width:([\d.]+)mm")?>/g)].map((m) => Number(m[1] ?? 0));
    expect(widths[3]).toBeGreaterThan(17);
    expect(widths[4]).toBeGreaterThan(17);
  });
});

describe("the instructions when an empty cell approves (rules.marks.approve has \"\")", () => {
  it("say a blank ballot approves too many and is void, and an approve-only ballot how to not approve", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "basic-all-final"));
    await fs.rm(path.join(dir, "ballots.csv"));
    await setRules(dir, { marks: { approve: ["", "○"] }, maxApprovals: 2 });
    expect((await runCli(["ballot", dir])).code).toBe(0);
    const html = await read(dir, "ballot.html");
    expect(html).toContain("一项也未划的表决票各项目均按赞成计，赞成多于 2 个，本票无效。");
    expect(html).not.toContain("一项也未划的表决票为有效票");
    await setRules(dir, { ballot: "approve-only", marks: { approve: ["", "○"] }, maxApprovals: "none" });
    expect((await runCli(["ballot", dir])).code).toBe(0);
    const only = await read(dir, "ballot.html");
    expect(only).toContain("不划的项目按赞成计；不赞成的项目，在该项目的“赞成”栏内写“弃权”。");
    expect(only).not.toContain("不赞成的不划");
  });
});
