// out/satisfaction.html rendered by Chromium: one bar per group and project, each as long as its 总体满意率,
// the 达标 line where passRate says, and an A4 print whose table headers keep to one line.
import { existsSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { promises as fs } from "node:fs";
import { describe, expect, it } from "vitest";
import { decimalText } from "../../src/core/evaluate.js";
import { FIXTURES, makeSession, runCli, scratchCopy, SEEDS } from "../helpers.js";
import { evaluationWithLongIndicators, evaluationWithoutGrade } from "../print-sessions.js";
import { pageBody, pdfPageSizes, pdfPageTexts } from "./pdf-tools.js";
import { CHROMIUM, printPage } from "./chromium.js";


describe.skipIf(!existsSync(CHROMIUM))("satisfaction.html in Chromium", () => {
  it("draws each project's 总体满意率 for each group side by side, to scale", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "evaluation-2027"));
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code).toBe(0);
    try {
      const page = await printPage({ width: 900, height: 1200 });
      await page.goto(pathToFileURL(path.join(dir, "out", "satisfaction.html")).href);
      const bars = await page.$$eval(".project", (projects) => projects.map((p) => ({
        id: p.getAttribute("data-id"),
        bars: [...p.querySelectorAll(".bar")].map((b) => {
          const track = b.parentElement!.getBoundingClientRect();
          return { group: b.getAttribute("data-group"), rate: Number(b.getAttribute("data-rate")), share: b.getBoundingClientRect().width / track.width, top: b.getBoundingClientRect().top };
        }),
      })));
      expect(bars.map((p) => p.id)).toEqual(r.json.data.projects.map((p: { id: string }) => p.id));
      bars.forEach((p, i) => {
        const project = r.json.data.projects[i];
        expect(p.bars.map((b) => b.group)).toEqual(["代表", "群众", "综合"]);
        expect(p.bars.map((b) => b.rate)).toEqual([...project.groups.map((g: { overallRate: number }) => g.overallRate), project.combined.overallRate].map((x: number) => Number(x.toFixed(6))));
        for (const b of p.bars) expect(Math.abs(b.share - b.rate)).toBeLessThan(0.005);
        // Side by side: the bars of one project are stacked one under the other, in group order.
        expect(p.bars[0]!.top).toBeLessThan(p.bars[1]!.top);
      });
      // The dashed 达标 line stands at 80 % of the bar track.
      const line = await page.$eval(".pass-line", (el) => el.getBoundingClientRect().left);
      const track = await page.$eval(".bar-track", (el) => { const b = el.getBoundingClientRect(); return { left: b.left, width: b.width }; });
      expect(Math.abs((line - track.left) / track.width - 0.8)).toBeLessThan(0.005);
      const pdf = await page.pdf({ format: "A4", printBackground: true });
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    } finally {
      await fs.rm(path.dirname(dir), { recursive: true, force: true });
    }
  }, 60000);

  it("prints on A4 with table columns wide enough for their words, no heading at a page foot, and weights as written", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "evaluation-2027"));
    try {
      expect((await runCli(["evaluate", dir])).code).toBe(0);
      const MM = 96 / 25.4;
      // The printable width of A4 less the page's 16 mm side margins.
      const page = await printPage({ width: Math.round(178 * MM), height: 1200 }, "print");
      await page.goto(pathToFileURL(path.join(dir, "out", "satisfaction.html")).href);
      await page.evaluate(() => document.fonts.ready);
      // Every header and every cell but the project name keeps its text on one line.
      const wrapped = await page.$$eval("table.results th, table.results td:not(:nth-child(2))", (cells) => cells.flatMap((cell) => {
        const text = [...cell.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== "");
        if (!text) return [];
        const range = document.createRange();
        range.selectNodeContents(text);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        return tops.size > 1 ? [text.textContent!] : [];
      }));
      expect(wrapped).toEqual([]);
      const right = await page.$eval("table.results", (t) => t.getBoundingClientRect().right);
      expect(right / MM).toBeLessThanOrEqual(178);
      // Weights as the clerk wrote them in indicators.csv (0.6, 0.4, 0.5, 1), never as fractions.
      const weights = await page.$$eval("table.indicators tbody tr", (rows) => rows.map((r) => r.children[5]!.textContent));
      const written = (await fs.readFile(path.join(dir, "indicators.csv"), "utf8")).trim().split("\n").slice(1).map((l) => l.split(",")[4] || "1");
      expect(weights).toEqual(written);
      const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
      for (const [w, h] of pdfPageSizes(pdf)) { expect(Math.abs(w - 210)).toBeLessThan(0.5); expect(Math.abs(h - 297)).toBeLessThan(0.5); }
      // A heading shares its page with the first lines of what it heads.
      // Each page is numbered in its margin, as the 公告 is.
      const raw = pdfPageTexts(pdf);
      raw.forEach((t, i) => expect(t).toMatch(new RegExp(`第\\s*${i + 1}\\s*页\\s*/\\s*共\\s*${raw.length}\\s*页\\s*$`)));
      const texts = raw.map(pageBody);
      for (const heading of ["测评结果", "量化指标完成情况"]) {
        const line = new RegExp(`^\\s*${heading}\\s*$`, "m");
        const t = texts.find((x) => line.test(x));
        expect(t, heading).toBeDefined();
        const at = line.exec(t!)!;
        expect(t!.slice(at.index + at[0].length), heading).toMatch(/编号[\s\S]*P01/);
      }
    } finally {
      await fs.rm(path.dirname(dir), { recursive: true, force: true });
    }
  }, 60000);

  /** satisfaction.html of `dir`, laid out on A4's printable width in print media, and its PDF's page texts. */
  async function printed(dir: string) {
    const MM = 96 / 25.4;
    const page = await printPage({ width: Math.round(178 * MM), height: 1200 }, "print");
    await page.goto(pathToFileURL(path.join(dir, "out", "satisfaction.html")).href);
    await page.evaluate(() => document.fonts.ready);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    return { page, texts: pdfPageTexts(pdf).map(pageBody) };
  }

  for (const [name, dir, groups] of [
    ["standing-committee-29", path.join(FIXTURES, "evaluate", "standing-committee-29"), ["常委会组成人员"]],
    ["38 projects, long group names", path.join(FIXTURES, "print", "evaluation-long"), ["镇人大代表及列席人员", "项目受益村（社区）群众代表"]],
  ] as const) {
    it(`never overprints a group label in the chart, and keeps each project's chart block and table rows on one page (${name})`, async () => {
      const copy = await scratchCopy(dir);
      const csvBefore = (await runCli(["evaluate", copy, "--json"]));
      expect(csvBefore.code, csvBefore.stderr).toBe(0);
      const { page, texts } = await printed(copy);
      // Each bar's label sits on one line inside its own row, and no two labels' boxes overlap.
      const labels = await page.$$eval(".bar-group", (els) => els.map((e) => {
        const range = document.createRange();
        range.selectNodeContents(e);
        const text = [...range.getClientRects()];
        const box = e.getBoundingClientRect();
        const row = e.parentElement!.getBoundingClientRect();
        return {
          text: e.textContent, top: box.top, bottom: box.bottom, lines: new Set(text.map((r) => Math.round(r.top))).size,
          inside: text.every((r) => r.top >= row.top - 0.5 && r.bottom <= row.bottom + 0.5 && r.right <= box.right + 0.5),
        };
      }));
      expect(labels.length).toBeGreaterThan(0);
      for (const l of labels) {
        expect(l.lines, l.text!).toBeLessThanOrEqual(1);
        expect(l.inside, l.text!).toBe(true);
      }
      const sorted = [...labels].sort((a, b) => a.top - b.top);
      for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.top, sorted[i]!.text!).toBeGreaterThanOrEqual(sorted[i - 1]!.bottom - 0.5);
      // A label shortened in the chart is given in full in the legend.
      const legend = await page.$eval(".legend", (e) => e.textContent!);
      for (const g of groups) expect(legend).toContain(g);
      // A project's chart block, and its group rows with its 综合 row in the table, are never parted by a
      // page break: on each page, every project started there ends there with its 综合 bar or row.
      const results = texts.findIndex((t) => /^\s*测评结果\s*$/m.test(t));
      expect(results).toBeGreaterThanOrEqual(0);
      const starts = (t: string) => (t.match(/^\s*(?:S|P)\d[\w-]*\s/gm) ?? []).length;
      const ends = (t: string) => (t.match(/综合\s+\d+(?:\.\d+)?%/g) ?? []).length;
      texts.forEach((t, k) => {
        const parts = k === results ? t.split(/^\s*测评结果\s*$/m) : [t];
        for (const part of parts) expect(ends(part), `page ${k + 1}: ${part}`).toBe(starts(part));
      });
      // The table's columns: the project name gets room (one line, or 40 mm: about 14 characters a line), the
      // figures keep to one line, and 完成率 (empty in every row here) is left out of the page.
      const widths = await page.$$eval("table.results thead th", (ths) => Object.fromEntries(ths.map((t) => [t.textContent, t.getBoundingClientRect().width * 25.4 / 96])));
      const nameLines = await page.$$eval("table.results tbody tr:first-child td:nth-child(2)", (tds) => tds.map((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      }));
      expect(widths["项目名称"]! > 40 || nameLines.every((n) => n === 1), `${widths["项目名称"]} mm`).toBe(true);
      expect(widths["完成率"]).toBeUndefined();
      const right = await page.$eval("table.results", (t) => t.getBoundingClientRect().right * 25.4 / 96);
      expect(right).toBeLessThanOrEqual(178.5);
    }, 60000);
  }

  it("gives long group names the room short project names leave: each on one line, where a set width wrapped them onto three", async () => {
    const copy = await scratchCopy(path.join(FIXTURES, "print", "evaluation-long"));
    try {
      // The long-names fixture with every project renamed short (村道N号): its groups are still long.
      const file = path.join(copy, "candidates.csv");
      const [header, ...rows] = (await fs.readFile(file, "utf8")).trim().split("\n");
      await fs.writeFile(file, [header, ...rows.map((r) => { const c = r.split(","); c[1] = `村道${c[0]}号`; return c.join(","); })].join("\n") + "\n");
      const r = await runCli(["evaluate", copy]);
      expect(r.code, r.stderr).toBe(0);
      const { page } = await printed(copy);
      const lines = await page.$$eval("table.results tbody tr:not(.combined) td:nth-child(3)", (tds) => tds.map((td) => {
        const range = document.createRange();
        range.selectNodeContents(td.firstChild!);
        return [td.firstChild!.textContent, new Set([...range.getClientRects()].map((x) => Math.round(x.top))).size] as const;
      }));
      expect(lines.map(([g]) => g)).toContain("项目受益村（社区）群众代表");
      for (const [group, n] of lines) expect(n, group!).toBe(1);
      const right = await page.$eval("table.results", (t) => t.getBoundingClientRect().right * 25.4 / 96);
      expect(right).toBeLessThanOrEqual(178.5);
    } finally {
      await fs.rm(path.dirname(copy), { recursive: true, force: true });
    }
  }, 60000);

  it("keeps the indicators' headers, 编号 and figures on one line beside long names, and prints no empty 等次 column", async () => {
    const dir = await evaluationWithoutGrade();
    expect((await runCli(["evaluate", dir])).code).toBe(0);
    const { page } = await printed(dir);
    const wrapped = await page.$$eval("table.indicators th, table.indicators td:first-child, table.indicators td.num, table.results th", (cells) => cells.flatMap((cell) => {
      const range = document.createRange();
      range.selectNodeContents(cell);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1 ? [cell.textContent] : [];
    }));
    expect(wrapped).toEqual([]);
    // The long names still have room: they wrap instead.
    const names = await page.$$eval("table.indicators td:nth-child(2)", (tds) => tds.map((td) => td.getBoundingClientRect().width * 25.4 / 96));
    for (const w of names) expect(w).toBeGreaterThan(40);
    expect(await page.$$eval("table.results thead th", (ths) => ths.map((th) => th.textContent))).not.toContain("等次");
  }, 60000);

  it("never splits an indicator's row over two pages, however long its names", async () => {
    // Page breaks fall in different places for these numbers of projects: in the middle of a row for
    // each of them when rows may be split (25 and 40 did too; two sizes keep the print test short).
    for (const projects of [10, 33]) {
      const dir = await evaluationWithLongIndicators(projects);
      expect((await runCli(["evaluate", dir])).code).toBe(0);
      const { texts } = await printed(dir);
      const table = texts.findIndex((t) => /^\s*量化指标完成情况\s*$/m.test(t));
      expect(table).toBeGreaterThanOrEqual(0);
      expect(texts.length - table, "the table runs over pages").toBeGreaterThan(1);
      // The name's first line and its last are on the same page, for every row.
      const count = (t: string, word: string) => t.split(word).length - 1;
      texts.slice(table).forEach((t, k) => expect(count(t, "受益人口覆盖率"), `${projects} projects, page ${table + k + 1}`).toBe(count(t, "社区）")));
    }
  }, 60000);

  it("prints the chart in page-sized blocks, each with its heading, 达标线 and scale: bars never on a page without them", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "print", "evaluation-long"));
    expect((await runCli(["evaluate", dir])).code).toBe(0);
    const { page, texts } = await printed(dir);
    const results = texts.findIndex((t) => /^\s*测评结果\s*$/m.test(t));
    const chartPages = texts.slice(0, results + 1).map((t, k) => (k === results ? t.split(/^\s*测评结果\s*$/m)[0]! : t));
    expect(chartPages.length).toBeGreaterThan(2);
    chartPages.forEach((t, k) => {
      // A page of bars (a 综合 bar ends each project's block) opens with the chart's heading and closes with its scale.
      expect(t, `page ${k + 1}`).toMatch(/综合\s+\d+\.\d%/);
      expect(t, `page ${k + 1}`).toMatch(k === 0 ? /总体满意率（满意 \+ 基本满意）/ : /^\s*总体满意率（续）/);
      expect(t.slice(t.search(/综合\s+\d+\.\d%[^综]*$/)), `page ${k + 1}`).toMatch(/0%\s+50%\s+100%\s*$/);
    });
    // Every block draws its 达标线.
    expect(await page.$$eval(".chart-block", (blocks) => blocks.map((b) => b.querySelectorAll(".pass-line").length))).toEqual(Array(chartPages.length).fill(1));
  }, 60000);

  it("fills the first page with bars: the sample evaluation's 10 projects are one block, on page 1 with the paragraphs above them", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "evaluation-2027"));
    expect((await runCli(["evaluate", dir])).code).toBe(0);
    const { page, texts } = await printed(dir);
    expect(await page.$$eval(".chart-block", (blocks) => blocks.length)).toBe(1);
    expect(texts[0]).toMatch(/P10 文化活动中心功能提升[\s\S]*0%\s+50%\s+100%/);
  }, 60000);

  it("sizes its blocks for a legend that takes several lines (four long group names, one with few forms): every page of bars ends with its scale", async () => {
    const groups = ["镇人大代表及列席的县人大代表小组", "项目受益村社区群众及老党员代表组", "村社区两委成员及村务监督委员会组", "辖区企业及个体工商户代表评议小组"];
    const ids = Array.from({ length: 20 }, (_, i) => `P${String(i + 1).padStart(2, "0")}`);
    const dir = await makeSession({
      "evaluation.json": JSON.stringify({ title: "新桥镇2026年度民生实事项目满意度测评", projects: "candidates.csv", groups: Object.fromEntries(groups.map((g, i) => [g, { weight: i === 0 ? "0.4" : "0.2" }])) }),
      "candidates.csv": `编号,项目名称\n${ids.map((id) => `${id},第${id.slice(1)}号项目路灯亮化`).join("\n")}\n`,
      "evaluation-counts.csv": `编号,组别,满意,基本满意,不满意,弃权\n${ids.flatMap((id) => groups.map((g, i) => `${id},${g},${i === 0 ? "2,1,0,0" : "20,6,2,0"}`)).join("\n")}\n`,
    });
    expect((await runCli(["evaluate", dir])).code).toBe(0);
    const { texts } = await printed(dir);
    const results = texts.findIndex((t) => /^\s*测评结果\s*$/m.test(t));
    // The results table may start a page of its own: nothing of the chart is on it then.
    const chartPages = texts.slice(0, results + 1).map((t, k) => (k === results ? t.split(/^\s*测评结果\s*$/m)[0]! : t)).filter((t) => t.trim() !== "");
    expect(chartPages.length).toBeGreaterThan(2);
    chartPages.forEach((t, k) => {
      expect(t, `page ${k + 1}`).toMatch(k === 0 ? /总体满意率（满意 \+ 基本满意）/ : /^\s*总体满意率（续）/);
      expect(t.slice(t.search(/综合\s+\d+\.\d%[^综]*$/)), `page ${k + 1}`).toMatch(/0%\s+50%\s+100%\s*$/);
    });
  }, 60000);

  it("writes a weight as a decimal when it has one, else as a fraction", () => {
    expect([[3n, 5n], [1n, 2n], [1n, 1n], [1n, 8n], [2n, 3n], [7n, 20n]].map(([num, den]) => decimalText({ num: num!, den: den! }))).toEqual(["0.6", "0.5", "1", "0.125", "2/3", "0.35"]);
  });
});
