// out/satisfaction.html rendered by Chromium: one bar per group and project, each as long as its 总体满意率,
// the 达标 line where passRate says, and an A4 print.
import { existsSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { promises as fs } from "node:fs";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { decimalText } from "../../src/io/render/satisfaction.js";
import { runCli, scratchCopy, SEEDS } from "../helpers.js";
import { pdfPageSizes, pdfPageTexts } from "./pdf-tools.js";
import { CHROMIUM, CHROMIUM_ARGS } from "./chromium.js";


describe.skipIf(!existsSync(CHROMIUM))("satisfaction.html in Chromium", () => {
  it("draws each project's 总体满意率 for each group side by side, to scale", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "evaluation-2027"));
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code).toBe(0);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
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
      await browser.close();
      await fs.rm(path.dirname(dir), { recursive: true, force: true });
    }
  }, 60000);

  it("prints on A4 with table columns wide enough for their words, no heading at a page foot, and weights as written", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "evaluation-2027"));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      expect((await runCli(["evaluate", dir])).code).toBe(0);
      const MM = 96 / 25.4;
      // The printable width of A4 less the page's 16 mm side margins.
      const page = await browser.newPage({ viewport: { width: Math.round(178 * MM), height: 1200 } });
      await page.goto(pathToFileURL(path.join(dir, "out", "satisfaction.html")).href);
      await page.emulateMedia({ media: "print" });
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
      const texts = pdfPageTexts(pdf);
      for (const heading of ["测评结果", "量化指标完成情况"]) {
        const line = new RegExp(`^\\s*${heading}\\s*$`, "m");
        const t = texts.find((x) => line.test(x));
        expect(t, heading).toBeDefined();
        const at = line.exec(t!)!;
        expect(t!.slice(at.index + at[0].length), heading).toMatch(/编号[\s\S]*P01/);
      }
    } finally {
      await browser.close();
      await fs.rm(path.dirname(dir), { recursive: true, force: true });
    }
  }, 60000);

  it("writes a weight as a decimal when it has one, else as a fraction", () => {
    expect([[3n, 5n], [1n, 2n], [1n, 1n], [1n, 8n], [2n, 3n], [7n, 20n]].map(([num, den]) => decimalText({ num: num!, den: den! }))).toEqual(["0.6", "0.5", "1", "0.125", "2/3", "0.35"]);
  });
});
