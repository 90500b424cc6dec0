// The 公告 printed in headless Chromium as a clerk prints it and read back from the PDF: the sample
// session with a 文号 on one page with its 落款 beside the signatures, a session of long names whose
// table keeps its figures on one line and whose chart stays whole with each bar labelled by its 编号,
// figures readable over the 过半数 line, and after a runoff each round's bars against that round's line;
// the signatures never printed alone on the last page, and a tied line's 结果 and the date after a long
// title each on one line.
import { existsSync, promises as fs } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { FIXTURES, makeSession, runCli, scratchCopy, SEEDS } from "../helpers.js";
import { handCountSession, LONG_TITLE, tieAwaitingRunoff } from "../print-sessions.js";
import { CHROMIUM, printPage } from "./chromium.js";
import { pageBody, pdfPageTexts } from "./pdf-tools.js";

const MM = 96 / 25.4;

const LONG_NAMES = [
  "镇中心卫生院住院综合楼改扩建暨医疗设备更新与智慧医疗信息化改造工程",
  "北部山区四个行政村农村饮水安全巩固提升及供水管网延伸改造工程项目",
  "镇区老旧小区改造配套基础设施完善及无障碍设施同步建设提升工程项目",
  "青山镇东岭村至石门村农村公路提档升级及安全生命防护工程建设项目",
];

/**
 * A session of 30 candidates whose names all begin alike and run to three lines, some with long 编号,
 * and 74 ballots drawn from a fixed pseudo-random stream (the same on every run).
 */
async function longNamesSession(count = 30): Promise<string> {
  const ids = Array.from({ length: count }, (_, i) => (i % 6 === 2 ? `P${String(i + 1).padStart(2, "0")}-1` : `P${String(i + 1).padStart(2, "0")}`));
  const candidates = ["编号,项目名称", ...ids.map((id, i) => `${id},第${i + 1}号民生实事项目：${LONG_NAMES[i % LONG_NAMES.length]}`)];
  let state = 20260310;
  const next = () => { state = (Math.imul(state, 1103515245) + 12345) >>> 0; return (state >>> 8) / 0x1000000; };
  const ballots = [ids.join(",")];
  for (let b = 0; b < 74; b++) {
    ballots.push(ids.map((_, i) => { const r = next(); return r < 0.64 - i * 0.012 ? "○" : r < 0.84 - i * 0.012 ? "×" : ""; }).join(","));
  }
  const session = {
    title: "青山镇第十八届人民代表大会第六次会议暨二〇二六年度民生实事项目代表票决大会", date: "2026-03-10",
    deputies: { total: 80, present: 76 }, issued: [76], rules: { formal: 20, order: "as-listed" },
  };
  return makeSession({ "session.json": JSON.stringify(session, null, 2), "candidates.csv": candidates.join("\n") + "\n", "ballots.csv": ballots.join("\n") + "\n" });
}

async function openPrinted(file: string): Promise<Page> {
  // A4 less the 公告's 15 mm side margins, so the page wraps text as the printed page does.
  const page = await printPage({ width: Math.round(180 * MM), height: 900 }, "print");
  await page.goto(pathToFileURL(file).href);
  await page.evaluate(() => document.fonts.ready);
  return page;
}

/** Each printed page's text as pdftotext lays it out: with the page's running head and foot, or (`body`) without. */
async function printedTexts(page: Page, body = true): Promise<string[]> {
  const texts = pdfPageTexts(await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true }));
  return body ? texts.map(pageBody) : texts;
}

describe("the 公告's chart of many candidates", () => {
  it("is cut into blocks that fill their pages, each under a heading of its own with the 过半数 line, the legend closing the last", async () => {
    const dir = await longNamesSession(72);
    const r = await runCli(["tally", dir, "--json"]);
    expect([0, 4], r.stderr).toContain(r.code);
    const html = await fs.readFile(path.join(dir, "out", "announcement.html"), "utf8");
    const blocks = html.split(`<section class="chart-block`).slice(1).map((b) => b.slice(0, b.indexOf("</section>")));
    expect(blocks.map((b) => b.match(/<h2>([^<]*)<\/h2>/)![1])).toEqual(["赞成票", "赞成票（续）"]);
    // The table ends too near a page's foot for a block: the chart begins a page, as many bars as it holds
    // on it (57 of 4.2 mm), the rest on the next.
    expect(blocks.map((b) => [b.startsWith(" new-page"), b.match(/class="bar-row"/g)!.length])).toEqual([[true, 57], [true, 15]]);
    for (const b of blocks) expect(b.match(/class="threshold" data-round="1" data-needed="41"/g)).toHaveLength(1);
    expect(blocks.map((b) => b.includes(`class="legend"`))).toEqual([false, true]);
  });
});

describe.skipIf(!existsSync(CHROMIUM))("the printed 公告", () => {

  it("the sample session with a 文号 and a 说明 prints on one A4 page, the 落款 with the signature lines", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const r = await runCli(["tally", dir, "--doc-number", "新桥人大〔2026〕1号"]);
    expect(r.code, r.stderr).toBe(0);
    const page = await openPrinted(path.join(dir, "out", "announcement.html"));
    const texts = await printedTexts(page);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain("新桥人大〔2026〕1号");
    expect(texts[0]).toContain("说明");
    expect(texts[0]).toMatch(/总监票人（签名）[\s\S]*新桥镇第十八届人民代表大会第五次会议主席团\s+2026年1月15日\s*$/);
  });

  it("the sample session on an approve-only ballot prints on one A4 page, with no 反对 column", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const session = path.join(dir, "session.json");
    const s = JSON.parse(await fs.readFile(session, "utf8"));
    s.rules.ballot = "approve-only";
    await fs.writeFile(session, JSON.stringify(s, null, 2));
    const r = await runCli(["tally", dir, "--doc-number", "新桥人大〔2026〕1号"]);
    expect([0, 3, 4], r.stderr).toContain(r.code);
    const texts = await printedTexts(await openPrinted(path.join(dir, "out", "announcement.html")));
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain("未划（弃权）");
    expect(texts[0]).not.toContain("反对");
  });

  it("numbers a 公告 of several pages 第 x 页 / 共 y 页 on each, and heads each page after the first with the session's title", async () => {
    const dir = await longNamesSession(40);
    const r = await runCli(["tally", dir]);
    expect([0, 4], r.stderr).toContain(r.code);
    const texts = await printedTexts(await openPrinted(path.join(dir, "out", "announcement.html")), false);
    expect(texts.length).toBeGreaterThan(1);
    texts.forEach((t, i) => {
      const lines = t.split("\n").map((l) => l.trim()).filter((l) => l !== "");
      expect(lines.at(-1), `第 ${i + 1} 页`).toMatch(new RegExp(`^第\\s*${i + 1}\\s*页\\s*/\\s*共\\s*${texts.length}\\s*页$`));
      if (i === 0) expect(lines[0]).toBe("民生实事项目票决结果公告");
      else expect(lines[0]!.replace(/\s+/g, ""), `第 ${i + 1} 页`).toBe("青山镇第十八届人民代表大会第六次会议暨二〇二六年度民生实事项目代表票决大会票决结果公告");
    });
  });

  it("never prints the signatures alone on the last page: the end of the 正式项目 list goes over with them", async () => {
    // 15 lines: the 正式项目 list ends at the foot of page 1; 37: of page 2; 130 lines with 94 chosen: a
    // list near a page long, which breaks so that its last lines go with the signatures.
    for (const [candidates, formal, counts] of [[15, 11, {}], [37, 29, {}], [130, 94, { valid: 300, step: 1 }]] as const) {
      const dir = await handCountSession(candidates, formal, counts);
      expect((await runCli(["tally", dir])).code).toBe(0);
      const page = await openPrinted(path.join(dir, "out", "announcement.html"));
      const texts = await printedTexts(page);
      expect(texts.length, `${candidates}`).toBeGreaterThan(1);
      const last = texts.at(-1)!;
      // The last page holds the list's last line, then the signature lines and the 落款.
      expect(last, `${candidates}`).toMatch(new RegExp(`(?:^|\\s)${formal}\\. P\\d+ [\\s\\S]*总监票人（签名）[\\s\\S]*主席团\\s+2026年1月15日\\s*$`));
      for (const t of texts.slice(0, -1)) expect(t).not.toContain("总监票人");
    }
  });

  it("keeps a tied line's 结果 on one line, and the date after a 44-character title", async () => {
    const dir = await tieAwaitingRunoff(LONG_TITLE);
    expect((await runCli(["tally", dir])).code).toBe(4);
    const page = await openPrinted(path.join(dir, "out", "announcement.html"));
    const lines = (selector: string) => page.$$eval(selector, (els) => els.map((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return { text: el.textContent, lines: new Set([...range.getClientRects()].map((b) => Math.round(b.top))).size };
    }));
    const results = await lines("td.result");
    expect(results.filter((c) => c.text === "得票相等待再次票决")).toHaveLength(2);
    for (const c of results) expect(c, c.text!).toEqual({ text: c.text, lines: 1 });
    // The title fills the line, so the date goes whole to the next one.
    expect(await lines(".meta .whole")).toEqual([{ text: "（2026年2月26日）", lines: 1 }]);
    const texts = await printedTexts(page);
    expect(texts.join("")).toMatch(/\n\s*（2026年2月26日）。应到代表/);
  });

  it("fills the chart's pages: 75 bars after a table that ends at a page's foot take one full page and part of the next", async () => {
    const ids = Array.from({ length: 75 }, (_, i) => `P${String(i + 1).padStart(2, "0")}`);
    const session = { title: "某县第十八届人民代表大会第五次会议", date: "2026-01-15", deputies: { total: 3000, present: 2950 }, issued: [2950],
      counted: [{ returned: 2950, void: 0 }], rules: { formal: 60, threshold: "present", maxApprovals: "none" } };
    const dir = await makeSession({ "session.json": JSON.stringify(session),
      "candidates.csv": ["编号,项目名称", ...ids.map((id, i) => `${id},民生实事项目第${i + 1}号`)].join("\n") + "\n",
      "counts.csv": ["编号,赞成,反对,弃权", ...ids.map((id, i) => `${id},${2900 - 30 * i},${50 + 30 * i},0`)].join("\n") + "\n" });
    expect((await runCli(["tally", dir])).code).toBe(4);
    const texts = await printedTexts(await openPrinted(path.join(dir, "out", "announcement.html")));
    const bars = texts.map((t) => (t.match(/^\s*P\d\d\s+民生实事项目第\d+号\s+\d+\s*$/gm) ?? []).length);
    // The table's 75 rows fill two pages; the chart's first block fills the third, the rest go with the list.
    expect(bars.slice(0, 2)).toEqual([0, 0]);
    expect(bars[2]).toBeGreaterThanOrEqual(55);
    expect(bars.reduce((a, b) => a + b, 0)).toBe(75);
    expect(texts).toHaveLength(4);
    expect(texts[3]).toMatch(/^\s*赞成票（续）[\s\S]*正式项目[\s\S]*主席团/);
  });

  it("keeps each figure with its label and unit in the header: no 法定人数 2000 / 名, no 法定人数 / 334 名", async () => {
    for (const [title, total, present] of [["某县第十八届人民代表大会第五次会议", 3000, 2950], ["某市某区第十八届人民代表大会第五次会议", 500, 480]] as const) {
      const session = { title, date: "2026-01-15", deputies: { total, present }, issued: [present], counted: [{ returned: present, void: 0 }],
        rules: { formal: 1, maxApprovals: "none", competition: { allowEqual: true } } };
      const dir = await makeSession({ "session.json": JSON.stringify(session), "candidates.csv": "编号,项目名称\nP1,甲项目\nP2,乙项目\n",
        "counts.csv": `编号,赞成,反对,弃权\nP1,${present},0,0\nP2,0,${present},0\n` });
      expect((await runCli(["tally", dir])).code).toBe(0);
      const [text] = await printedTexts(await openPrinted(path.join(dir, "out", "announcement.html")));
      const quorum = Math.ceil((total * 2) / 3);
      expect(text, title).toMatch(new RegExp(`实到 ${present} 名，\\s*法定人数 ${quorum} 名，\\s*符合法定人数。`));
      expect(text).toMatch(/\n\s*法定人数|法定人数 \d+ 名，\s*符合法定人数。\n/);
    }
  });

  it("with long names: figures and headers on one line, the chart whole under its heading, each bar labelled by its 编号, figures over the line readable", async () => {
    const dir = await longNamesSession();
    const r = await runCli(["tally", dir, "--json"]);
    expect([0, 4], r.stderr).toContain(r.code);
    const page = await openPrinted(path.join(dir, "out", "announcement.html"));
    // Every cell but the name's holds one line of text: no "名/次", no "P10-/1", no "未过/半数".
    const wrapped = await page.$$eval("table th, table td", (cells: HTMLTableCellElement[]) => cells.filter((c) => c.cellIndex !== 2).flatMap((c) => {
      const range = document.createRange();
      range.selectNodeContents(c);
      const tops = new Set([...range.getClientRects()].map((b) => Math.round(b.top)));
      return tops.size > 1 ? [c.textContent] : [];
    }));
    expect(wrapped).toEqual([]);
    // The name column takes the width the others leave.
    const widths = await page.$$eval("thead th", (ths) => ths.map((th) => th.getBoundingClientRect().width / (96 / 25.4)));
    expect(widths[2]).toBeGreaterThan(0.42 * widths.reduce((a, b) => a + b, 0));

    // Each label begins with its candidate's 编号, shown whole; no two labels read the same.
    const labels = await page.$$eval(".bar-row", (rows) => rows.map((row) => {
      const id = row.querySelector(".bar-id") as HTMLElement;
      return { id: row.getAttribute("data-id")!, text: row.querySelector(".bar-label")!.textContent!, idWhole: id.scrollWidth <= id.clientWidth + 0.5 };
    }));
    expect(labels.map((l) => l.id)).toEqual(r.json.data.candidates.map((c: { id: string }) => c.id));
    for (const l of labels) {
      expect(l.text.startsWith(l.id), l.text).toBe(true);
      expect(l.idWhole, l.id).toBe(true);
    }

    // The chart is printed whole on the page of its heading: its 30 bars (the lines ending "… votes") are there.
    const texts = await printedTexts(page);
    const barLine = /^\s*P\d\d(?:-1)?\s+第\d+号民生实事项目：.*…\s+\d+\s*$/gm;
    const headingPage = texts.findIndex((t) => /^\s*赞成票(?:\s|$)/m.test(t));
    expect(headingPage).toBeGreaterThanOrEqual(0);
    expect(texts[headingPage]!.match(barLine)).toHaveLength(30);
    expect(texts[headingPage]).toMatch(/过半数线 41 票/);

    // Where the dashed line crosses a figure at a bar's end, the figure is drawn over it, on white.
    const crossings = await page.evaluate(() => {
      return [...document.querySelectorAll(".bar-value")].flatMap((v) => {
        // elementFromPoint sees only what is in the viewport.
        v.scrollIntoView({ block: "center" });
        const line = document.querySelector(".threshold")!.getBoundingClientRect();
        const x = line.left + line.width / 2;
        const b = v.getBoundingClientRect();
        if (b.left > x || b.right < x) return [];
        const top = document.elementFromPoint(x, (b.top + b.bottom) / 2);
        return [{ value: v.textContent, onTop: top === v || v.contains(top), background: getComputedStyle(v).backgroundColor }];
      });
    });
    expect(crossings.length).toBeGreaterThan(0);
    for (const c of crossings) expect(c, String(c.value)).toEqual({ value: c.value, onTop: true, background: "rgb(255, 255, 255)" });
  });

  it("words every rule in Chinese: no session.json value such as accept-fewer on any page, in the .md either", async () => {
    for (const folder of ["shortfall-accept-fewer", "runoff-one-third", "threshold-none", "unreadable-abstain-item", "competition-fails-still-tallies"]) {
      const dir = await scratchCopy(path.join(FIXTURES, "scenarios", folder));
      const r = await runCli(["tally", dir, "--json"]);
      expect([0, 4], r.stderr).toContain(r.code);
      const page = await openPrinted(path.join(dir, "out", "announcement.html"));
      const md = await fs.readFile(path.join(dir, "out", "announcement.md"), "utf8");
      // The 编号 are the session's own words; what is left holds no ASCII word, so no rule value as
      // session.json spells it (accept-fewer, one-third, approve-only, void-ballot, as-listed…).
      const ids = new RegExp((r.json.data.candidates as { id: string }[]).map((c) => c.id).sort((a, b) => b.length - a.length).join("|"), "g");
      for (const text of [...await printedTexts(page), md]) expect(text.replace(ids, "").match(/[A-Za-z][A-Za-z-]+/g) ?? [], folder).toEqual([]);
    }
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "shortfall-accept-fewer"));
    await runCli(["tally", dir]);
    expect(await fs.readFile(path.join(dir, "out", "announcement.md"), "utf8")).toContain("1. 过半数的项目只有 2 个，少于应选数 3；按票决办法，以过半数的 2 个项目为正式项目，不再另行票决");
  });

  it("after a decided runoff each round's bars show every line voted on in it, with that round's counts, against its own line", async () => {
    for (const [folder, lines] of [
      // Plurality: the runoff has no line, its heading says so.
      [path.join(SEEDS, "tie-runoff"), {}],
      // One third of the ballots returned: the runoff's own line.
      [path.join(FIXTURES, "scenarios", "runoff-one-third"), { 2: 4 }],
      [path.join(FIXTURES, "scenarios", "tie-runoff-round3-decided"), {}],
      // A runoff for a shortfall: round 1's counts, which caused it, are charted too.
      [path.join(FIXTURES, "scenarios", "shortfall-runoff-decided-same"), { 2: 7 }],
    ] as const) {
      const dir = await scratchCopy(folder);
      // What each round gave, as `tally --round k` reports the lines voted on in round k.
      const byRound = new Map<number, { id: string; approve: number }[]>();
      for (let k = 1; ; k++) {
        const r = await runCli(["tally", dir, "--round", String(k), "--json"]);
        const counted = (r.json.data.candidates as { id: string; approve: number; round: number }[]).filter((c) => c.round === k);
        byRound.set(k, counted.map(({ id, approve }) => ({ id, approve })));
        expect([0, 4], r.stderr).toContain(r.code);
        if (r.code === 0) break;
      }
      const r = await runCli(["tally", dir, "--json"]);
      expect(r.code, r.stderr).toBe(0);
      const page = await openPrinted(path.join(dir, "out", "announcement.html"));
      const blocks = await page.$$eval(".chart-block", (els) => els.map((b) => ({
        round: Number(b.getAttribute("data-round")),
        heading: b.querySelector("h2")!.textContent!,
        lines: [...b.querySelectorAll(".threshold")].map((t) => Number(t.getAttribute("data-needed"))),
        bars: [...b.querySelectorAll(".bar-row")].map((row) => ({ id: row.getAttribute("data-id")!, approve: Number(row.getAttribute("data-approve")) })),
      })));
      const rounds = [...byRound.keys()];
      expect(rounds.length, folder).toBeGreaterThan(1);
      expect(blocks.map((b) => b.round), folder).toEqual(rounds);
      const candidates = r.json.data.candidates as { id: string; approve: number; round: number }[];
      const byId = (list: { id: string }[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
      for (const b of blocks) {
        // Every line voted on in the round, most votes first, each with the round's counts: for a line
        // decided in that round, the counts the table shows.
        expect(byId(b.bars), `${folder} 第 ${b.round} 轮`).toEqual(byId(byRound.get(b.round)!));
        expect(b.bars.map((x) => x.approve), folder).toEqual(b.bars.map((x) => x.approve).sort((x, y) => y - x));
        for (const c of candidates.filter((x) => x.round === b.round)) expect(b.bars).toContainEqual({ id: c.id, approve: c.approve });
        expect(b.heading, folder).toContain(`第 ${b.round} 轮`);
        const needed = b.round === 1 ? r.json.data.threshold.needed : (lines as Record<number, number>)[b.round];
        expect(b.lines, `${folder} 第 ${b.round} 轮`).toEqual(needed ? [needed] : []);
        if (b.round > 1 && !needed) expect(b.heading).toContain("得票多者当选");
      }
      // A line that went on to the next round is marked so in the round it went on from.
      const onward = await page.$$eval(".chart-block", (els) => els.map((b) => [...b.querySelectorAll(".bar-row")].filter((row) => row.querySelector(".bar.onward")).map((row) => row.getAttribute("data-id"))));
      expect(onward.map((ids) => [...ids].sort()), folder).toEqual(rounds.map((k) => byRound.has(k + 1) ? byRound.get(k + 1)!.map((c) => c.id).sort() : []));
    }
  });
});
