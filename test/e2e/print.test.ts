// The printed pages in real headless Chromium: the 12-candidate ballot of the sample session on exactly
// one A4 page, the count sheet and the 公告 too, Chinese text drawn with a CJK font (no missing glyphs),
// and the 公告's bars on the right side of its threshold line. Screenshots go to test/artifacts/ (ignored
// by git) for a person to look at.
import { existsSync, promises as fs } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli, scratchCopy, SEEDS } from "../helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const ARTIFACTS = path.join(ROOT, "test", "artifacts");
const MM = 96 / 25.4;

if (!existsSync(CHROMIUM)) console.warn(`跳过浏览器渲染测试：没有 ${CHROMIUM}（Debian：apt-get install chromium fonts-noto-cjk）`);

/** Pages in a PDF made by Chromium: one "/Type /Page" object per page. */
function pdfPages(pdf: Buffer): number {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

/** The fonts Chromium actually used for the text of the first element matching `selector`, with glyph counts. */
async function platformFonts(page: Page, selector: string): Promise<{ familyName: string; glyphCount: number }[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("DOM.enable");
  await cdp.send("CSS.enable");
  const { root } = await cdp.send("DOM.getDocument", { depth: -1 });
  const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
  await cdp.detach();
  return fonts;
}

/** Every font used for the element's text is a CJK one, and the text's width is what full-width glyphs give. */
async function expectChineseDrawn(page: Page, selector: string): Promise<void> {
  const fonts = await platformFonts(page, selector);
  expect(fonts.length, selector).toBeGreaterThan(0);
  for (const f of fonts) expect(f.familyName, `${selector} 用了 ${f.familyName}`).toMatch(/CJK/);
  // A CJK glyph is one em wide; a missing-glyph box (tofu) from a fallback font is not.
  const m = await page.$eval(selector, (el) => {
    const probe = document.createElement("span");
    probe.textContent = "民生实事项目表决票";
    probe.style.cssText = "font: inherit; font-weight: normal; letter-spacing: 0; white-space: nowrap; position: absolute; visibility: hidden";
    el.appendChild(probe);
    const width = probe.getBoundingClientRect().width;
    const size = parseFloat(getComputedStyle(probe).fontSize);
    probe.remove();
    return { width, size };
  });
  expect(Math.abs(m.width / m.size - 9)).toBeLessThan(0.2);
}

async function openPrinted(browser: Browser, file: string, widthMm: number): Promise<Page> {
  // The viewport is the printable width, so the screenshot wraps text as the printed page does.
  const page = await browser.newPage({ viewport: { width: Math.round(widthMm * MM), height: 900 } });
  await page.goto(pathToFileURL(file).href);
  await page.emulateMedia({ media: "print" });
  await page.evaluate(() => document.fonts.ready);
  return page;
}

async function shoot(page: Page, name: string): Promise<void> {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
}

describe.skipIf(!existsSync(CHROMIUM))("printed pages in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("the 12-candidate ballot of the sample session prints on exactly one A4 page, in Chinese, every row and box on it", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const r = await runCli(["ballot", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    // A4 less the ballot's 12 mm margins: 186 × 273 mm.
    const page = await openPrinted(browser, path.join(dir, "out", "ballot.html"), 186);
    expect(pdfPages(await page.pdf({ format: "A4", preferCSSPageSize: true, printBackground: true }))).toBe(1);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height / MM).toBeLessThanOrEqual(273);
    expect(await page.$$eval("tr.line", (rows) => rows.map((row) => row.getAttribute("data-id")))).toEqual(r.json.data.order);
    // Three boxes a row, each a visible square.
    const boxes = await page.$$eval("td.box span", (spans) => spans.map((s) => { const b = s.getBoundingClientRect(); return [b.width, b.height]; }));
    expect(boxes).toHaveLength(36);
    for (const [w, h] of boxes) { expect(w).toBeGreaterThan(6 * MM); expect(Math.abs(w! - h!)).toBeLessThan(1); }
    for (const sel of ["h1", ".instructions li", "tr.line .name", "tr.line .content"]) await expectChineseDrawn(page, sel);
    await shoot(page, "ballot.png");
    await page.close();
  });

  it("the count sheet prints on one landscape A4 page", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    await runCli(["ballot", dir]);
    const page = await openPrinted(browser, path.join(dir, "out", "count-sheet.html"), 273);
    expect(pdfPages(await page.pdf({ preferCSSPageSize: true, printBackground: true }))).toBe(1);
    await expectChineseDrawn(page, "h1");
    await shoot(page, "count-sheet.png");
    await page.close();
  });

  it("the runoff ballot of round 2 lists only the tied candidates", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    const r = await runCli(["ballot", dir, "--round", "2", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const page = await openPrinted(browser, path.join(dir, "out", "ballot-r2.html"), 186);
    expect(pdfPages(await page.pdf({ format: "A4", preferCSSPageSize: true }))).toBe(1);
    expect(await page.$$eval("tr.line", (rows) => rows.map((row) => row.getAttribute("data-id")))).toEqual(r.json.data.order);
    await shoot(page, "ballot-r2.png");
    await page.close();
  });

  it("the 公告 prints on one A4 page with its bars on the right side of the threshold line", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(0);
    const needed = r.json.data.threshold.needed as number;
    // A4 less the 公告's 15 mm side margins.
    const page = await openPrinted(browser, path.join(dir, "out", "announcement.html"), 180);
    expect(pdfPages(await page.pdf({ format: "A4", preferCSSPageSize: true, printBackground: true }))).toBe(1);
    for (const sel of ["h1", "td", ".bar-label", ".sign div"]) await expectChineseDrawn(page, sel);
    const line = await page.$eval(".threshold", (el) => ({ x: el.getBoundingClientRect().left, needed: Number(el.getAttribute("data-needed")) }));
    expect(line.needed).toBe(needed);
    const bars = await page.$$eval(".bar-row", (rows) => rows.map((row) => {
      const track = row.querySelector(".bar-track")!.getBoundingClientRect();
      const bar = row.querySelector(".bar")!.getBoundingClientRect();
      return { id: row.getAttribute("data-id")!, approve: Number(row.getAttribute("data-approve")), left: bar.left, right: bar.right, trackLeft: track.left };
    }));
    expect(bars.map((b) => b.id)).toEqual(r.json.data.candidates.map((c: { id: string }) => c.id));
    const unit = (bars[0]!.right - bars[0]!.left) / bars[0]!.approve;
    for (const b of bars) {
      // Each bar is as long as its approve votes on one scale, and starts where the track starts.
      expect(Math.abs(b.right - b.left - b.approve * unit)).toBeLessThan(1);
      expect(Math.abs(b.left - b.trackLeft)).toBeLessThan(0.5);
      // A qualified candidate's bar reaches the line; one below the threshold stops short of it.
      if (b.approve >= needed) expect(b.right).toBeGreaterThanOrEqual(line.x - 0.5);
      else expect(b.right).toBeLessThan(line.x);
    }
    expect(bars.some((b) => b.approve < needed)).toBe(true);
    // The line stands where `needed` votes would end a bar.
    expect(Math.abs(bars[0]!.left + needed * unit - line.x)).toBeLessThan(1.5);
    await shoot(page, "announcement.png");
    await page.close();
  });

  it("the 公告 of a vote waiting for a runoff marks the tied candidates", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    const r = await runCli(["tally", dir, "--round", "1", "--json"]);
    expect(r.code).toBe(4);
    const page = await openPrinted(browser, path.join(dir, "out", "announcement.html"), 180);
    const tied = await page.$$eval(".bar-row .bar.tied", (els) => els.map((e) => e.closest(".bar-row")!.getAttribute("data-id")));
    expect(tied).toEqual(r.json.data.candidates.filter((c: { status: string }) => c.status === "tied").map((c: { id: string }) => c.id));
    expect(await page.textContent(".legend")).toContain("得票相等待再次票决");
    await shoot(page, "announcement-runoff.png");
    await page.close();
  });
});
