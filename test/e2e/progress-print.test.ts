// The bulletin of the sample year (seeds/progress-2026) printed by real headless Chromium through page.pdf():
// A4 pages, two of them, Chinese drawn with a CJK font, the chart's bars as wide as the figures say, and no
// table or chart row wider than the printable area; the chart's scale printed with its bars. Pages go to
// test/artifacts/ (ignored by git) to look at.
import { existsSync, promises as fs } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, ROOT, runCli, scratchCopy, SEEDS } from "../helpers.js";
import { CHROMIUM, platformFonts, printPage } from "./chromium.js";
import { pageBody, pdfPageTexts } from "./pdf-tools.js";

const ARTIFACTS = path.join(ROOT, "test", "artifacts");
const MM = 96 / 25.4;

/** Page sizes of a PDF made by Chromium, in points, one per "/Type /Page" object. */
function pdfPageSizes(pdf: Buffer): { pages: number; boxes: number[][] } {
  const text = pdf.toString("latin1");
  const pages = (text.match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*([\d.\s]+)\]/g)].map((m) => m[1]!.trim().split(/\s+/).map(Number));
  return { pages, boxes };
}

describe.skipIf(!existsSync(CHROMIUM))("the progress bulletin printed in Chromium", () => {
  /** progress.html of `copy` printed as a clerk prints it: the page and each PDF page's text. */
  async function printProgress(copy: string) {
    const page = await printPage({ width: Math.round(178 * MM), height: 900 }, "print");
    await page.goto(pathToFileURL(path.join(copy, "out", "progress.html")).href);
    await page.evaluate(() => document.fonts.ready);
    return { page, texts: pdfPageTexts(await page.pdf({ preferCSSPageSize: true, printBackground: true })).map(pageBody) };
  }
  let dir: string;
  beforeAll(async () => {
    dir = await scratchCopy(path.join(SEEDS, "progress-2026"));
  });
  afterAll(async () => {
    if (dir) await fs.rm(path.dirname(dir), { recursive: true, force: true });
  });

  it("prints on two A4 pages, in Chinese with a CJK font, bars as wide as the figures, nothing overflowing", async () => {
    expect((await runCli(["progress", dir])).code).toBe(0);
    const file = path.join(dir, "out", "progress.html");
    // The viewport is A4's printable width (210 − 2 × 16 mm), so the layout is the printed one.
    const page = await printPage({ width: Math.round(178 * MM), height: 900 }, "print");
    await page.goto(pathToFileURL(file).href);
    await page.evaluate(() => document.fonts.ready);

    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await fs.mkdir(ARTIFACTS, { recursive: true });
    await fs.writeFile(path.join(ARTIFACTS, "progress.pdf"), pdf);
    const { pages, boxes } = pdfPageSizes(pdf);
    expect(pages).toBe(2);
    expect(boxes.length).toBeGreaterThanOrEqual(pages);
    // A4 is 595.28 × 841.89 points.
    for (const b of boxes) {
      expect(Math.abs(b[2]! - b[0]! - 595.28)).toBeLessThan(1.5);
      expect(Math.abs(b[3]! - b[1]! - 841.89)).toBeLessThan(1.5);
    }

    for (const sel of ["h1", ".summary p", "table.attention td:nth-child(2)", ".project-label", "table.track td:nth-child(2)"]) {
      const fonts = await platformFonts(page, sel);
      expect(fonts.length, sel).toBeGreaterThan(0);
      for (const f of fonts) expect(f.familyName, `${sel} 用了 ${f.familyName}`).toMatch(/CJK/);
    }

    // Every table and chart row fits the printable width (no text pushed past the margin).
    const widest = await page.evaluate(() => Math.max(...[...document.querySelectorAll("table, .project, .summary p")].map((e) => e.getBoundingClientRect().right)));
    expect(widest).toBeLessThanOrEqual(Math.round(178 * MM) + 1);

    // The chart: P07 planned 80, actual 55 (滞后); P06 not reported has no actual bar.
    const bars = await page.$$eval(".project", (rows) => rows.map((r) => {
      const track = r.querySelector(".bar-track")!.getBoundingClientRect().width;
      const [planned, actual] = [...r.querySelectorAll(".bar")].map((b) => b.getBoundingClientRect().width / track);
      return { id: r.getAttribute("data-id"), planned, actual };
    }));
    const p07 = bars.find((b) => b.id === "P07")!;
    expect(p07.planned).toBeCloseTo(0.8, 2);
    expect(p07.actual).toBeCloseTo(0.55, 2);
    expect(bars.find((b) => b.id === "P06")!.actual).toBe(0);
    // A chart row is never split across pages.
    const css = await page.$eval(".project", (e) => getComputedStyle(e).breakInside);
    expect(css).toBe("avoid");
  });

  const HEADINGS = ["一、总体情况", "二、需要关注的项目", "三、计划进度与实际进度", "四、各项目实施进度", "五、逐月形象进度"];

  for (const [name, source] of [["progress-2026", path.join(SEEDS, "progress-2026")], ["20 long names", path.join(FIXTURES, "print", "progress-long")]] as const) {
    it(`never leaves a heading or the legend at a page foot, and breaks no name or unit with a character alone (${name})`, async () => {
      const copy = await scratchCopy(source);
      expect((await runCli(["progress", copy])).code).toBe(0);
      const { page, texts } = await printProgress(copy);
      texts.forEach((t, k) => {
        const lines = t.split("\n").map((l) => l.trim()).filter((l) => l !== "");
        const last = lines[lines.length - 1] ?? "";
        expect(HEADINGS.includes(last), `page ${k + 1} ends with ${last}`).toBe(false);
        expect(last, `page ${k + 1}`).not.toMatch(/计划进度（序时进度）.*实际进度（形象进度）/);
      });
      // The chart's heading shares its page with the legend and the first project's bars.
      const chartPage = texts.find((t) => t.includes("三、计划进度与实际进度"))!;
      expect(chartPage.slice(chartPage.indexOf("三、计划进度与实际进度"))).toMatch(/计划进度（序时进度）[\s\S]*P01[\s\S]*实际/);
      // Names and units in the tables: a wrapped one never leaves a single character on its last line
      // (镇卫生院住院楼改 / 造), and the figures keep to one line.
      const cells = await page.$$eval("table.attention tbody tr, table.all tbody tr", (rows) => rows.flatMap((tr) => [1, 2].map((i) => {
        const td = tr.children[i] as HTMLElement;
        const range = document.createRange();
        range.selectNodeContents(td);
        const rects = [...range.getClientRects()];
        const lines = new Map<number, number>();
        for (const r of rects) lines.set(Math.round(r.top), (lines.get(Math.round(r.top)) ?? 0) + r.width);
        const widths = [...lines.values()];
        return { text: td.textContent!, lines: widths.length, lastEm: widths[widths.length - 1]! / parseFloat(getComputedStyle(td).fontSize) };
      })));
      expect(cells.length).toBeGreaterThan(0);
      for (const c of cells) if (c.lines > 1) expect(c.lastEm, c.text).toBeGreaterThan(1.5);
      // In the sample year every name and unit fits a line.
      if (name === "progress-2026") expect(cells.filter((c) => c.lines > 1).map((c) => c.text)).toEqual([]);
      const figures = await page.$$eval("table.attention td.num, table.all td.num", (tds) => tds.filter((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
      }).map((td) => td.textContent));
      expect(figures).toEqual([]);
      const right = await page.evaluate(() => Math.max(...[...document.querySelectorAll("table")].map((e) => e.getBoundingClientRect().right)));
      expect(right).toBeLessThanOrEqual(Math.round(178 * MM) + 1);
    }, 60000);
  }

  it("prints the chart's legend at the head and its scale at the foot of every page its bars run over", async () => {
    // 22 projects and nine months: the chart runs over two pages.
    const copy = await scratchCopy(path.join(FIXTURES, "print", "progress-22"));
    expect((await runCli(["progress", copy])).code).toBe(0);
    const { texts } = await printProgress(copy);
    const scale = /^\s*0\s+25\s+50\s+75\s+100\s*$/m;
    const legend = /计划进度（序时进度）\s*实际进度（形象进度）\s*滞后\s*严重滞后或逾期/;
    const bars = (t: string) => [...t.matchAll(/^\s*(P\d+) [\s\S]*?计划[\s\S]*?实际/gm)].map((m) => m[1]);
    const pages = texts.map((t, k) => ({ k, t })).filter(({ t }) => legend.test(t));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const { k, t } of pages) {
      // On each page: the legend, then bars, then the scale under the last of them.
      const start = legend.exec(t)!.index;
      const end = scale.exec(t)?.index ?? -1;
      expect(end, `page ${k + 1}`).toBeGreaterThan(start);
      const between = t.slice(start, end);
      expect(bars(between).length, `page ${k + 1}`).toBeGreaterThan(0);
    }
    // Every project's bars are printed, once.
    const all = pages.flatMap(({ t }) => bars(t.slice(legend.exec(t)!.index, scale.exec(t)!.index)));
    expect(all).toEqual(Array.from({ length: 22 }, (_, i) => `P${String(i + 1).padStart(2, "0")}`));
  }, 60000);
});
