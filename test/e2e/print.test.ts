// The printed pages in real headless Chromium, printed as a clerk prints them (A4, the page's own @page
// size and margins, backgrounds on) and read back from the PDF: the 12-candidate ballot of the sample
// session on exactly one A4 page with every border drawn, a long ballot on numbered pages each with its
// title and table header, runoff ballots several to a sheet with cut lines, the count sheet's room for
// 赞成, the 公告 as an official document, the blank 满意度测评表, Chinese text drawn with a CJK font (no
// missing glyphs), and the 公告's bars on the right side of its threshold line. Screenshots go to
// test/artifacts/ (ignored by git) for a person to look at.
import { existsSync, promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { ballotSheet, linesForRound } from "../../src/commands/ballot.js";
import { loadFolder } from "../../src/commands/load.js";
import { computeTally } from "../../src/commands/tally.js";
import { parseEvaluationConfig, parseProjectList } from "../../src/core/evaluate.js";
import { parseCsvText, toTable } from "../../src/io/csv.js";
import type { Candidate } from "../../src/core/candidates.js";
import { ballotHtml, ballotPageCount, ballotPagesWarnings, countSheetHtml, countSheetPageCount, type BallotSheet, type SheetRow } from "../../src/io/render/ballot.js";
import { evaluationFormHtml, FORM_LEVELS } from "../../src/io/render/evaluation-form.js";
import { announcementHtml } from "../../src/io/render/tally.js";
import { ROOT, runCli, scratchCopy, SEEDS } from "../helpers.js";
import { pageBody, pdfPagePixels, pdfPageSizes, pdfPageTexts, rightmostRuleMm } from "./pdf-tools.js";
import { CHROMIUM, platformFonts, printPage } from "./chromium.js";

const ARTIFACTS = path.join(ROOT, "test", "artifacts");
const MM = 96 / 25.4;

if (!existsSync(CHROMIUM)) console.warn(`跳过浏览器渲染测试：没有 ${CHROMIUM}（Debian：apt-get install chromium fonts-noto-cjk）`);

/** Pages in a PDF made by Chromium: one "/Type /Page" object per page. */
function pdfPages(pdf: Buffer): number {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
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

async function openPrinted(file: string, widthMm: number): Promise<Page> {
  // The viewport is the printable width, so the screenshot wraps text as the printed page does.
  const page = await printPage({ width: Math.round(widthMm * MM), height: 900 }, "print");
  await page.goto(pathToFileURL(file).href);
  await page.evaluate(() => document.fonts.ready);
  return page;
}

const scratchDirs: string[] = [];

/** A scratch copy of a seed folder, removed (with the temp folder holding it) after the tests. */
async function scratch(seed: string): Promise<string> {
  const dir = await scratchCopy(seed);
  scratchDirs.push(dir);
  return dir;
}

async function removeScratch(dir: string): Promise<void> {
  await fs.rm(path.dirname(dir), { recursive: true, force: true });
}

/** What the clerk prints: A4 with the page's own @page size and margins, backgrounds on. */
async function clerkPdf(page: Page): Promise<Buffer> {
  return page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
}

/** Every box of `selector`, in mm of the print viewport, lies inside [0, widthMm] × [0, ∞). */
async function expectInside(page: Page, selector: string, widthMm: number): Promise<void> {
  const boxes = await page.$$eval(selector, (els) => els.map((e) => { const b = e.getBoundingClientRect(); return { left: b.left, right: b.right }; }));
  expect(boxes.length, selector).toBeGreaterThan(0);
  for (const b of boxes) {
    expect(b.left, selector).toBeGreaterThanOrEqual(0);
    expect(b.right / MM, selector).toBeLessThanOrEqual(widthMm - 0.2);
  }
}

/** A session folder like the sample one with `count` candidates (the sample's twelve, repeated with 期 numbers). */
async function longSession(count: number): Promise<string> {
  const dir = await scratch(path.join(SEEDS, "township-2026"));
  await fs.rm(path.join(dir, "ballots.csv"));
  const [header, ...rows] = (await fs.readFile(path.join(dir, "candidates.csv"), "utf8")).replace(/^\uFEFF/, "").trim().split("\n");
  const out = [header];
  for (let i = 0; i < count; i++) {
    const cells = rows[i % rows.length]!.split(",");
    cells[0] = `P${String(i + 1).padStart(2, "0")}`;
    if (i >= rows.length) cells[1] += `（${Math.floor(i / rows.length) + 1}期）`;
    // Some rows with a long 项目内容 that wraps to three or four lines.
    if (i % 5 === 0) cells[4] += "，同步实施周边道路、排水、照明和绿化提升，完善无障碍设施与标识系统";
    out.push(cells.join(","));
  }
  await fs.writeFile(path.join(dir, "candidates.csv"), out.join("\n") + "\n");
  return dir;
}

async function shoot(page: Page, name: string): Promise<void> {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
}

describe.skipIf(!existsSync(CHROMIUM))("printed pages in Chromium", () => {
  afterAll(async () => {
    for (const dir of scratchDirs) await removeScratch(dir);
  });

  it("the 12-candidate ballot of the sample session prints on exactly one A4 page, in Chinese, every row and box on it", async () => {
    const dir = await scratch(path.join(SEEDS, "township-2026"));
    const r = await runCli(["ballot", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    // A4 less the ballot's 12 mm margins: 186 × 273 mm.
    const page = await openPrinted(path.join(dir, "out", "ballot.html"), 186);
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
  });

  it("the count sheet of the sample session prints on the landscape A4 pages it counts", async () => {
    const dir = await scratch(path.join(SEEDS, "township-2026"));
    await runCli(["ballot", dir]);
    const loaded = await loadFolder(dir, "auto");
    const sheet = ballotSheet(loaded.value!, (await linesForRound(loaded.value!, 1)).value!);
    const page = await openPrinted(path.join(dir, "out", "count-sheet.html"), 273);
    expect(pdfPages(await page.pdf({ preferCSSPageSize: true, printBackground: true }))).toBe(countSheetPageCount(sheet));
    await expectChineseDrawn(page, "h1");
    // Each column head's text stays inside its cell: 序号 once ran over the line into 编号.
    const heads = await page.$$eval("table.count thead th", (cells) => cells.map((th) => {
      const range = document.createRange();
      range.selectNodeContents(th);
      const text = range.getBoundingClientRect();
      const cell = th.getBoundingClientRect();
      return { head: th.textContent, inside: text.left >= cell.left - 0.5 && text.right <= cell.right + 0.5 };
    }));
    expect(heads.length).toBeGreaterThan(5);
    expect(heads.filter((h) => !h.inside)).toEqual([]);
    await shoot(page, "count-sheet.png");
  });

  it("the runoff ballot of round 2 lists only the tied candidates", async () => {
    const dir = await scratch(path.join(SEEDS, "tie-runoff"));
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    const r = await runCli(["ballot", dir, "--round", "2", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const page = await openPrinted(path.join(dir, "out", "ballot-r2.html"), 186);
    expect(pdfPages(await page.pdf({ format: "A4", preferCSSPageSize: true }))).toBe(1);
    // Several copies share the sheet; each copy lists the tied candidates.
    expect(await page.$$eval(".copy:first-child tr.line", (rows) => rows.map((row) => row.getAttribute("data-id")))).toEqual(r.json.data.order);
    await shoot(page, "ballot-r2.png");
  });

  it("the 公告 prints on one A4 page with its bars on the right side of the threshold line", async () => {
    const dir = await scratch(path.join(SEEDS, "township-2026"));
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(0);
    const needed = r.json.data.threshold.needed as number;
    // A4 less the 公告's 15 mm side margins.
    const page = await openPrinted(path.join(dir, "out", "announcement.html"), 180);
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
  });

  it("the 公告 of a vote waiting for a runoff marks the tied candidates", async () => {
    const dir = await scratch(path.join(SEEDS, "tie-runoff"));
    const r = await runCli(["tally", dir, "--round", "1", "--json"]);
    expect(r.code).toBe(4);
    const page = await openPrinted(path.join(dir, "out", "announcement.html"), 180);
    const tied = await page.$$eval(".bar-row .bar.tied", (els) => els.map((e) => e.closest(".bar-row")!.getAttribute("data-id")));
    expect(tied).toEqual(r.json.data.candidates.filter((c: { status: string }) => c.status === "tied").map((c: { id: string }) => c.id));
    expect(await page.textContent(".legend")).toContain("得票相等待再次票决");
    await shoot(page, "announcement-runoff.png");
  });
  it("prints every border of the ballot, the right-hand ones included", async () => {
    const dir = await scratch(path.join(SEEDS, "township-2026"));
    try {
      expect((await runCli(["ballot", dir])).code).toBe(0);
      const page = await openPrinted(path.join(dir, "out", "ballot.html"), 186);
      const pdf = await clerkPdf(page);
      const pixels = pdfPagePixels(pdf, 1);
      const box = (sel: string) => page.$eval(sel, (el) => { const b = el.getBoundingClientRect(); return { top: b.top, bottom: b.bottom }; });
      // The page's top margin is 12 mm; the printable area ends 12 + 186 = 198 mm from the left edge.
      for (const sel of ["table.ballot", ".instructions"]) {
        const b = await box(sel);
        const from = 12 + b.top / MM + 1;
        const to = 12 + b.bottom / MM - 1;
        const right = rightmostRuleMm(pixels, (to - from) * 0.9, from, to);
        expect(right, `${sel} 的右边框`).not.toBeNull();
        expect(right!, `${sel} 的右边框`).toBeGreaterThan(196);
        expect(right!).toBeLessThanOrEqual(198.2);
      }
      await expectInside(page, "table.ballot, .instructions, td.box span", 186);
    } finally {
      await removeScratch(dir);
    }
  });

  it("a 40-candidate ballot prints on several A4 pages, each with the title, the table header and 第 x 页 / 共 y 页, and warns", async () => {
    const dir = await longSession(40);
    try {
      const loaded = await loadFolder(dir, "auto");
      const lines = await linesForRound(loaded.value!, 1);
      const sheet = ballotSheet(loaded.value!, lines.value!);
      const pages = ballotPageCount(sheet);
      expect(pages).toBeGreaterThan(1);
      expect(ballotPagesWarnings(sheet)).toEqual([expect.objectContaining({ code: "W_BALLOT_PAGES", severity: "warning", params: { pages, lines: 40 } })]);
      expect((await runCli(["ballot", dir])).code).toBe(0);
      const page = await openPrinted(path.join(dir, "out", "ballot.html"), 186);
      const pdf = await clerkPdf(page);
      expect(pdfPages(pdf)).toBe(pages);
      for (const [w, h] of pdfPageSizes(pdf)) { expect(Math.abs(w - 210)).toBeLessThan(0.5); expect(Math.abs(h - 297)).toBeLessThan(0.5); }
      const texts = pdfPageTexts(pdf);
      expect(texts).toHaveLength(pages);
      const seen: string[] = [];
      texts.forEach((t, i) => {
        expect(t, `第 ${i + 1} 页`).toContain("民生实事项目表决票");
        expect(t, `第 ${i + 1} 页`).toContain(sheet.title);
        expect(t, `第 ${i + 1} 页`).toMatch(/序号\s+项目名称及主要内容/);
        expect(t, `第 ${i + 1} 页`).toMatch(new RegExp(`第\\s*${i + 1}\\s*页\\s*/\\s*共\\s*${pages}\\s*页`));
        seen.push(...[...t.matchAll(/\bP(\d\d)\b/g)].map((m) => `P${m[1]}`));
      });
      // Every candidate is on paper exactly once, in ballot order.
      expect(seen).toEqual(sheet.rows.map((r) => r.candidate.id));
      // Each page-sized section fits the printable height (273 mm), so no page spills onto another.
      const heights = await page.$$eval("section.sheet", (els) => els.map((e) => e.getBoundingClientRect().height));
      expect(heights).toHaveLength(pages);
      for (const h of heights) expect(h / MM).toBeLessThanOrEqual(273);
      await expectInside(page, "table.ballot", 186);
      await shoot(page, "ballot-long.png");
      // The sample ballot fits one page and warns of nothing.
      const sample = await loadFolder(path.join(SEEDS, "township-2026"), "auto");
      const sampleSheet = ballotSheet(sample.value!, (await linesForRound(sample.value!, 1)).value!);
      expect(ballotPageCount(sampleSheet)).toBe(1);
      expect(ballotPagesWarnings(sampleSheet)).toEqual([]);
    } finally {
      await removeScratch(dir);
    }
  });

  it("lays out long ballots of every shape on exactly the pages it counts: headings, sub-items, long texts, one box or three", async () => {
    // A fixed pseudo-random stream, so the texts differ in length from row to row but not from run to run.
    let state = 20260115;
    const next = (n: number) => { state = (Math.imul(state, 1103515245) + 12345) >>> 0; return (state >>> 8) % n; };
    const WORDS = "镇村道路改造提升工程建设服务中心养老卫生饮水安全学校幼儿园文化活动垃圾分类河道整治";
    const text = (n: number) => Array.from({ length: n }, () => (next(9) === 0 ? String(next(1000)) : WORDS[next(WORDS.length)])).join("");
    const candidate = (id: string): Candidate => ({
      id, name: text(4 + next(18)), content: next(5) === 0 ? "" : text(next(90)), area: text(next(20)), budget: String(next(2000)),
      deadline: next(3) ? `2026-0${1 + next(9)}` : "2026年底前完成", category: "", background: "", implementer: "", funding: "", target: "", parent: "", remarks: "", line: 0, children: [],
    });
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-ballots-"));
    try {
      for (const [count, ballot, voteOn] of [[30, "approve-against-abstain", "candidates"], [60, "approve-only", "candidates"], [45, "approve-against-abstain", "items"]] as const) {
        const rows: SheetRow[] = [];
        for (let i = 0; i < count; i++) {
          if (voteOn === "items" && i % 4 === 0) rows.push({ kind: "heading", candidate: candidate(`H${i}`) });
          const subs = voteOn === "candidates" && next(6) === 0 ? [candidate(`S${i}a`), candidate(`S${i}b`)] : [];
          rows.push({ kind: "line", no: i + 1, candidate: candidate(`P${i}`), subs, parent: null });
        }
        const sheet: BallotSheet = {
          title: "某某镇第十八届人民代表大会第五次会议", date: "2026-01-15", round: 1, rows, maxApprovals: 10, seats: null, mark: "○", issued: 50,
          rules: { ballot, order: "as-listed", seed: null, blankBallot: "valid", unreadableMark: "void-ballot", voteOn, marks: null },
        };
        const file = path.join(dir, `ballot-${count}.html`);
        await fs.writeFile(file, ballotHtml(sheet));
        const page = await openPrinted(file, 186);
        const pdf = await clerkPdf(page);
        const pages = ballotPageCount(sheet);
        expect(pages, `${count} 行`).toBeGreaterThan(1);
        expect(pdfPages(pdf), `${count} 行`).toBe(pages);
        pdfPageTexts(pdf).forEach((t, i) => expect(t).toMatch(new RegExp(`第\\s*${i + 1}\\s*页\\s*/\\s*共\\s*${pages}\\s*页`)));
        // A group's heading row never ends a page: the next row on its page is one of its items.
        const lastRows = await page.$$eval("section.sheet", (els) => els.map((e) => e.querySelector("tbody tr:last-child")!.className));
        expect(lastRows.filter((c) => c === "heading")).toEqual([]);
        await expectInside(page, "table.ballot", 186);
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("a ballot with a 项目内容 longer than a page, a long session name and wide numbers prints on exactly the pages it says, no row split, numbers and dates whole", async () => {
    const dir = await longSession(32);
    const file = path.join(dir, "candidates.csv");
    const [header, ...rows] = (await fs.readFile(file, "utf8")).trim().split("\n");
    const quote = (cell: string) => `"${cell.replace(/"/g, '""')}"`;
    const long = "改造内容包括：" + "对院内建筑进行适老化改造，加装电梯、扶手、防滑地面和紧急呼叫系统；新建失能半失能照护床位120张；".repeat(25);
    const english = "Deploy 5G-enabled IoT sensors (soil moisture / temperature / pH) across 3,000 mu; build a cloud-based dashboard; train 200 farmers. ".repeat(2).trim();
    const cells = rows.map((line) => line.split(","));
    // 项目内容 is the 5th column, 投入资金 the 8th, 完成时限 the 10th.
    cells[2]![4] = long.slice(0, 1200);
    cells[3]![1] = "5G+智慧农业示范基地（WWWW-MMMM-Pilot）";
    cells[3]![4] = english;
    cells.forEach((c, i) => { c[7] = ["12345.6789", "680", "95.5", "3"][i % 4]!; c[9] = ["2026-11", "2026年第三季度末前完成主体工程，年底前竣工验收", "2026-09-30", "2026-12"][i % 4]!; });
    await fs.writeFile(file, [header, ...cells.map((c) => c.map(quote).join(","))].join("\n") + "\n");
    const sessionFile = path.join(dir, "session.json");
    const title = "某某县某某镇第十八届人民代表大会第五次会议暨民生实事项目人大代表票决专题会议（全体会议）";
    await fs.writeFile(sessionFile, JSON.stringify({ ...JSON.parse(await fs.readFile(sessionFile, "utf8")), title }));
    const r = await runCli(["ballot", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const loaded = await loadFolder(dir, "auto");
    const sheet = ballotSheet(loaded.value!, (await linesForRound(loaded.value!, 1)).value!);
    const pages = ballotPageCount(sheet);
    expect(r.json.warnings.filter((w: { code: string }) => w.code === "W_BALLOT_CLIPPED").map((w: { message: string }) => w.message.match(/“(P\d\d) /)![1])).toEqual(["P03"]);
    expect(r.json.warnings.find((w: { code: string }) => w.code === "W_BALLOT_PAGES").message).toContain(`共 ${pages} 页`);
    const page = await openPrinted(path.join(dir, "out", "ballot.html"), 186);
    expect(await page.$eval("[data-pages]", (e) => Number(e.getAttribute("data-pages")))).toBe(pages);
    const pdf = await clerkPdf(page);
    expect(pdfPages(pdf)).toBe(pages);
    // Each page-sized section fits the printable height, so no row runs over onto another page, and each
    // page carries its own number.
    const heights = await page.$$eval("section.sheet", (els) => els.map((e) => e.getBoundingClientRect().height));
    expect(heights).toHaveLength(pages);
    for (const h of heights) expect(h / MM).toBeLessThanOrEqual(273);
    const texts = pdfPageTexts(pdf);
    const seen: string[] = [];
    texts.forEach((t, i) => {
      expect(t, `第 ${i + 1} 页`).toMatch(/序号\s+项目名称及主要内容/);
      expect(t, `第 ${i + 1} 页`).toMatch(new RegExp(`第\\s*${i + 1}\\s*页\\s*/\\s*共\\s*${pages}\\s*页`));
      seen.push(...[...t.matchAll(/\bP(\d\d)\b/g)].map((m) => `P${m[1]}`));
    });
    expect(seen).toEqual(sheet.rows.map((row) => row.candidate.id));
    // Every row has its boxes, on the page that holds it.
    expect(await page.$$eval("tr.line", (trs) => trs.every((tr) => tr.querySelectorAll("td.box span").length === 3))).toBe(true);
    // Numbers and dates stand on one line each: the budgets, the deadlines and the session's date.
    const split = await page.$$eval("span.nw", (els) => els.filter((e) => e.getClientRects().length !== 1).map((e) => e.textContent));
    expect(split).toEqual([]);
    expect(await page.$$eval("span.nw", (els) => els.map((e) => e.textContent))).toEqual(expect.arrayContaining(["12345.6789", "2026-09-30", "2026年1月15日"]));
    expect(texts.join("\n")).toContain("12345.6789");
    expect(texts[0]).toContain("2026年1月15日");
    // The foot stays one line, the long session name cut short there (it is whole at the top).
    for (const h of await page.$$eval(".foot", (els) => els.map((e) => e.getBoundingClientRect().height))) expect(h / MM).toBeLessThan(6);
    await expectInside(page, "table.ballot", 186);
    await shoot(page, "ballot-clipped.png");
  });

  it("fills each ballot page as far as the printed rows allow, every row whole on its page: one-line names, names of two and three lines", async () => {
    // Names of one line, and of two and three lines in the name column (with the sample's short 项目内容).
    const LONGER = "暨配套基础设施建设及周边环境综合整治提升工程";
    const LONGEST = LONGER + "和老旧小区雨污分流改造";
    const candidate = (i: number, name: string, content: string): Candidate => ({
      id: `P${String(i + 1).padStart(2, "0")}`, name, content, area: "镇区", budget: "100", deadline: "2026-10",
      category: "", background: "", implementer: "", funding: "", target: "", parent: "", remarks: "", line: 0, children: [],
    });
    // [name, 项目内容, lines of the name, candidates, sheets]: before the estimate followed the measured
    // heights, 40 one-line names took 3 sheets and 80 took 5.
    const cases: [string, string, number, number, number][] = [
      ["镇卫生院住院楼改造", "", 1, 12, 1], ["镇卫生院住院楼改造", "", 1, 40, 2], ["镇卫生院住院楼改造", "", 1, 80, 4],
      [`农村饮水安全提升工程${LONGER}`, "新建加压泵站2座，铺设供水主管网11公里", 2, 40, 4],
      [`农村饮水安全提升工程${LONGEST}`, "新建加压泵站2座，铺设供水主管网11公里", 3, 40, 5],
    ];
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-ballot-fill-"));
    try {
      for (const [name, content, nameLines, count, sheets] of cases) {
        const what = `${count} 个 ${nameLines} 行名称`;
        const rows: SheetRow[] = Array.from({ length: count }, (_, i) => ({ kind: "line", no: i + 1, candidate: candidate(i, `${name}${i + 1}`, content), subs: [], parent: null }));
        const sheet: BallotSheet = {
          title: "某某镇第十八届人民代表大会第五次会议", date: "2026-01-15", round: 1, rows, maxApprovals: null, seats: null, mark: "√", issued: 50,
          rules: { ballot: "approve-against-abstain", order: "as-listed", seed: null, blankBallot: "valid", unreadableMark: "abstain-item", voteOn: "candidates", marks: null },
        };
        const file = path.join(dir, `ballot-${count}-${nameLines}.html`);
        await fs.writeFile(file, ballotHtml(sheet));
        const page = await openPrinted(file, 186);
        // The names wrap as the case says: the name column's text is that many lines of 10.5 pt (line-height 1.4).
        const drawn = await page.$$eval("tr.line .name", (els) => els.map((e) => e.getBoundingClientRect().height));
        for (const h of drawn) expect(Math.round(h / (10.5 * 1.4 * 96 / 72)), what).toBe(nameLines);
        expect(ballotPageCount(sheet), what).toBe(sheets);
        const pdf = await clerkPdf(page);
        expect(pdfPages(pdf), what).toBe(sheets);
        // Each page-sized section fits the printable height (273 mm), every row inside its section, and each
        // page of the PDF holds exactly its section's rows, whole with their boxes.
        const sections = await page.$$eval("section.sheet", (els) => els.map((e) => {
          const b = e.getBoundingClientRect();
          const rows = [...e.querySelectorAll("tr.line")].map((tr) => ({ id: tr.getAttribute("data-id")!, top: tr.getBoundingClientRect().top - b.top, bottom: tr.getBoundingClientRect().bottom - b.top, boxes: tr.querySelectorAll("td.box span").length }));
          return { height: b.height, rows };
        }));
        expect(sections, what).toHaveLength(sheets);
        const texts = pdfPageTexts(pdf);
        sections.forEach((s, k) => {
          expect(s.height / MM, `${what} 第 ${k + 1} 页`).toBeLessThanOrEqual(273);
          for (const r of s.rows) { expect(r.top).toBeGreaterThanOrEqual(0); expect(r.bottom).toBeLessThanOrEqual(s.height); expect(r.boxes).toBe(3); }
          expect([...texts[k]!.matchAll(/\bP(\d\d)\b/g)].map((m) => `P${m[1]}`), `${what} 第 ${k + 1} 页`).toEqual(s.rows.map((r) => r.id));
          if (sheets > 1) expect(texts[k], `${what} 第 ${k + 1} 页`).toMatch(new RegExp(`第\\s*${k + 1}\\s*页\\s*/\\s*共\\s*${sheets}\\s*页`));
        });
        expect(sections.flatMap((s) => s.rows.map((r) => r.id))).toEqual(rows.map((r) => r.candidate.id));
        await expectInside(page, "table.ballot", 186);
        if (count === 40) { await fs.mkdir(ARTIFACTS, { recursive: true }); await fs.writeFile(path.join(ARTIFACTS, `ballot-fill-${nameLines}.pdf`), pdf); }
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("prints several runoff ballots on one A4 sheet with cut lines between them", async () => {
    const dir = await scratch(path.join(SEEDS, "tie-runoff"));
    try {
      await fs.rm(path.join(dir, "ballots-r2.csv"));
      const r = await runCli(["ballot", dir, "--round", "2", "--json"]);
      expect(r.code, r.stderr).toBe(0);
      const page = await openPrinted(path.join(dir, "out", "ballot-r2.html"), 186);
      const pdf = await clerkPdf(page);
      expect(pdfPages(pdf)).toBe(1);
      const copies = await page.$$eval(".copy", (els) => els.map((e) => [...e.querySelectorAll("tr.line")].map((row) => row.getAttribute("data-id"))));
      expect(copies.length).toBeGreaterThanOrEqual(2);
      for (const c of copies) expect(c).toEqual(r.json.data.order);
      expect(await page.$$eval(".cut", (els) => els.length)).toBe(copies.length - 1);
      const [text] = pdfPageTexts(pdf);
      expect(text!.split("民生实事项目表决票（第 2 轮）").length - 1).toBe(copies.length);
      expect(text!.split("沿虚线剪开").length - 1).toBe(copies.length - 1);
      expect((await page.$eval("section.sheet", (e) => e.getBoundingClientRect().height)) / MM).toBeLessThanOrEqual(273);
      await expectInside(page, ".copy table.ballot, .cut", 186);
      await shoot(page, "ballot-r2-copies.png");
    } finally {
      await removeScratch(dir);
    }
  });

  it("the count sheet gives 赞成, 反对 and 弃权 each room for every ballot issued, on the landscape pages it counts", async () => {
    // [ballots issued, candidates]: the sample (55, 12), up to a county congress; and a runoff round.
    const cases: [number, number][] = [[55, 12], [30, 12], [90, 30], [300, 12]];
    const runoff = await scratch(path.join(SEEDS, "tie-runoff"));
    await fs.rm(path.join(runoff, "ballots-r2.csv"));
    const sheets: { dir: string; round: number; issued: number }[] = [{ dir: runoff, round: 2, issued: 42 }];
    for (const [issued, count] of cases) {
      const dir = await longSession(count);
      const file = path.join(dir, "session.json");
      const session = JSON.parse(await fs.readFile(file, "utf8"));
      await fs.writeFile(file, JSON.stringify({ ...session, issued: [issued], deputies: { total: Math.max(issued, session.deputies.total), present: issued } }));
      sheets.push({ dir, round: 1, issued });
    }
    for (const { dir, round, issued } of sheets) {
      const what = `发出 ${issued}，第 ${round} 轮`;
      expect((await runCli(["ballot", dir, "--round", String(round)])).code, what).toBe(0);
      const loaded = await loadFolder(dir, "auto");
      const sheet = ballotSheet(loaded.value!, (await linesForRound(loaded.value!, round)).value!);
      const page = await openPrinted(path.join(dir, "out", round === 1 ? "count-sheet.html" : `count-sheet-r${round}.html`), 273);
      const pdf = await clerkPdf(page);
      const pages = countSheetPageCount(sheet);
      const sizes = pdfPageSizes(pdf);
      expect(sizes, what).toHaveLength(pages);
      for (const [w, h] of sizes) { expect(Math.abs(w - 297)).toBeLessThan(0.5); expect(Math.abs(h - 210)).toBeLessThan(0.5); }
      // Any line may get every vote of one kind: each box, 赞成, 反对 and 弃权 alike, is ruled into enough cells
      // of one 正 (five votes) each, on one line or several, and is drawn that large.
      const heads = await page.$$eval("section.sheet:first-child th.tally-head", (els) => els.map((e) => ({ mark: e.getAttribute("data-mark"), grid: e.getAttribute("data-grid")!, cell: Number(e.getAttribute("data-cell-mm")) })));
      expect(heads.map((h) => h.mark), what).toEqual(["赞成", "反对", "弃权"]);
      for (const h of heads) {
        const [across, lines] = h.grid.split("x").map(Number) as [number, number];
        expect(across * lines * 5, `${what} ${h.mark}`).toBeGreaterThanOrEqual(issued);
        expect(h.cell, what).toBeGreaterThanOrEqual(6);
        const boxes = await page.$$eval(`td.tally[data-mark="${h.mark}"]`, (els) => els.map((e) => { const b = e.getBoundingClientRect(); return [b.width, b.height]; }));
        for (const [w, ht] of boxes) {
          expect(w! / MM, what).toBeGreaterThanOrEqual(across * h.cell - 0.5);
          expect(ht! / MM, what).toBeGreaterThanOrEqual(lines * h.cell - 0.3);
        }
        const rulings = await page.$$eval(`td.tally[data-mark="${h.mark}"]`, (els) => els.map((e) => [e.querySelectorAll(".across i").length, e.querySelectorAll(".down i").length]));
        for (const r of rulings) expect(r, `${what} ${h.mark}`).toEqual([across, lines > 1 ? lines : 0]);
      }
      // The grid is ruled with lines: Chromium prints a gradient as an image (or a pattern), its lines uneven.
      expect(pdf.toString("latin1"), what).not.toMatch(/\/PatternType|\/ShadingType|\/Subtype\s*\/Image/);
      // Each page-sized section fits the printable height (190 mm): the page count said is the one printed.
      for (const height of await page.$$eval("section.sheet", (els) => els.map((e) => e.getBoundingClientRect().height))) expect(height / MM, what).toBeLessThanOrEqual(190);
      const texts = pdfPageTexts(pdf);
      if (pages > 1) texts.forEach((t, i) => expect(t, what).toMatch(new RegExp(`第\\s*${i + 1}\\s*页\\s*/\\s*共\\s*${pages}\\s*页`)));
      expect(await page.textContent(`th.tally-head[data-mark="赞成"]`), what).toContain("每格一个“正”字即 5 票");
      await expectInside(page, "table.count, .sign div", 273);
      if (issued === 90) await shoot(page, "count-sheet-90.png");
    }
  });

  it("a count sheet longer than a page carries the title, session, header and 第 x 页 / 共 y 页 on every page, the signatures under the last rows, no command line", async () => {
    const dir = await longSession(40);
    try {
      const loaded = await loadFolder(dir, "auto");
      const sheet = ballotSheet(loaded.value!, (await linesForRound(loaded.value!, 1)).value!);
      const pages = countSheetPageCount(sheet);
      expect(pages).toBeGreaterThan(1);
      expect((await runCli(["ballot", dir])).code).toBe(0);
      const page = await openPrinted(path.join(dir, "out", "count-sheet.html"), 273);
      const pdf = await clerkPdf(page);
      for (const [w, h] of pdfPageSizes(pdf)) { expect(Math.abs(w - 297)).toBeLessThan(0.5); expect(Math.abs(h - 210)).toBeLessThan(0.5); }
      const texts = pdfPageTexts(pdf);
      expect(texts).toHaveLength(pages);
      const seen: string[] = [];
      texts.forEach((t, i) => {
        expect(t, `第 ${i + 1} 页`).toContain("民生实事项目计票单");
        expect(t, `第 ${i + 1} 页`).toContain(sheet.title);
        expect(t, `第 ${i + 1} 页`).toMatch(/序号\s+编号\s+项目名称/);
        expect(t, `第 ${i + 1} 页`).toMatch(new RegExp(`第\\s*${i + 1}\\s*页\\s*/\\s*共\\s*${pages}\\s*页`));
        // No page holds the signatures alone: each has rows to count.
        const ids = [...t.matchAll(/\bP(\d\d)\b/g)].map((m) => `P${m[1]}`);
        expect(ids.length, `第 ${i + 1} 页`).toBeGreaterThan(0);
        seen.push(...ids);
        expect(t.includes("计票人"), `第 ${i + 1} 页`).toBe(i === pages - 1);
        expect(t, `第 ${i + 1} 页`).not.toMatch(/piaojue|--counts|--second|session\.json/);
      });
      expect(seen).toEqual(sheet.rows.map((r) => r.candidate.id));
      // Each page-sized section fits the printable height (190 mm), so no page spills onto another.
      const heights = await page.$$eval("section.sheet", (els) => els.map((e) => e.getBoundingClientRect().height));
      expect(heights).toHaveLength(pages);
      for (const h of heights) expect(h / MM).toBeLessThanOrEqual(190);
      await shoot(page, "count-sheet-long.png");
    } finally {
      await removeScratch(dir);
    }
  });

  it("lays out long count sheets of either ballot kind on exactly the pages it counts, none with a command line", async () => {
    let state = 20260310;
    const next = (n: number) => { state = (Math.imul(state, 1103515245) + 12345) >>> 0; return (state >>> 8) % n; };
    const WORDS = "镇村道路改造提升工程建设服务中心养老卫生饮水安全学校幼儿园文化活动垃圾分类河道整治";
    const text = (n: number) => Array.from({ length: n }, () => WORDS[next(WORDS.length)]).join("");
    const candidate = (id: string): Candidate => ({
      id, name: text(4 + next(60)), content: "", area: "", budget: "", deadline: "", category: "", background: "", implementer: "", funding: "", target: "", parent: "", remarks: "", line: 0, children: [],
    });
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-count-"));
    try {
      for (const [count, ballot, round] of [[34, "approve-against-abstain", 1], [60, "approve-only", 2]] as const) {
        const rows: SheetRow[] = Array.from({ length: count }, (_, i) => ({ kind: "line", no: i + 1, candidate: candidate(`P${i}`), subs: [], parent: null }));
        const sheet: BallotSheet = {
          title: "某某镇第十八届人民代表大会第五次会议", date: "2026-01-15", round, rows, maxApprovals: 10, seats: null, mark: "○", issued: 50,
          rules: { ballot, order: "as-listed", seed: null, blankBallot: "void", unreadableMark: "void-ballot", voteOn: "candidates", marks: null },
        };
        const file = path.join(dir, `count-sheet-${count}.html`);
        await fs.writeFile(file, countSheetHtml(sheet, { csv: round === 1 ? "counts.csv" : `counts-r${round}.csv` }));
        const page = await openPrinted(file, 273);
        const pdf = await clerkPdf(page);
        const pages = countSheetPageCount(sheet);
        expect(pdfPages(pdf), `${count} 行`).toBe(pages);
        const texts = pdfPageTexts(pdf);
        texts.forEach((t, i) => {
          expect(t).toContain(round === 1 ? "民生实事项目计票单" : `民生实事项目计票单（第 ${round} 轮）`);
          if (pages > 1) expect(t).toMatch(new RegExp(`第\\s*${i + 1}\\s*页\\s*/\\s*共\\s*${pages}\\s*页`));
          expect(t).not.toMatch(/piaojue|--counts|session\.json/);
        });
        expect(texts.at(-1)).toMatch(/计票人：[\s\S]*监票人：[\s\S]*总监票人：/);
        // The last rows are printed with the signatures: more than one, where the page before can spare it.
        expect(await page.$eval("section.sheet:last-child", (e) => e.querySelector(".sign") !== null)).toBe(true);
        expect(await page.$eval("section.sheet:last-child", (e) => e.querySelectorAll("tbody tr").length), `${count} 行`).toBeGreaterThanOrEqual(2);
        // Each page-sized section fits the landscape printable height (190 mm), so no row runs onto the next page.
        for (const h of await page.$$eval("section.sheet", (els) => els.map((e) => e.getBoundingClientRect().height))) expect(h / MM, `${count} 行`).toBeLessThanOrEqual(190);
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("a name with a long run of Latin letters and digits wraps inside its cell on the count sheet, never over the tally boxes", async () => {
    const name = (i: number) => `G${i}国道K1234+567至K2345+678段ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789安全生命防护工程第1标段`;
    const rows: SheetRow[] = Array.from({ length: 12 }, (_, i) => ({
      kind: "line", no: i + 1, subs: [], parent: null,
      candidate: { id: `X${i + 1}`, name: name(i + 1), content: "", area: "", budget: "", deadline: "", category: "", background: "", implementer: "", funding: "", target: "", parent: "", remarks: "", line: 0, children: [] },
    }));
    const sheet: BallotSheet = {
      title: "某某镇第十八届人民代表大会第五次会议", date: "2026-01-25", round: 1, rows, maxApprovals: 10, seats: null, mark: "○", issued: 55,
      rules: { ballot: "approve-against-abstain", order: "as-listed", seed: null, blankBallot: "valid", unreadableMark: "void-ballot", voteOn: "candidates", marks: null },
    };
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-count-"));
    try {
      const file = path.join(dir, "count-sheet.html");
      await fs.writeFile(file, countSheetHtml(sheet, { csv: "counts.csv" }));
      const page = await openPrinted(file, 273);
      expect(pdfPages(await clerkPdf(page))).toBe(countSheetPageCount(sheet));
      const spill = await page.$$eval("td.name", (cells) => cells.map((c) => c.scrollWidth - c.clientWidth));
      expect(spill).toHaveLength(12);
      expect(spill.every((w) => w <= 0)).toBe(true);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("fills each count sheet page as far as its rows allow, every row whole: 80 one-line names on 9 landscape pages", async () => {
    const candidate = (i: number): Candidate => ({
      id: `P${String(i + 1).padStart(2, "0")}`, name: `镇卫生院住院楼改造${i + 1}`, content: "", area: "", budget: "", deadline: "", category: "", background: "", implementer: "", funding: "", target: "", parent: "", remarks: "", line: 0, children: [],
    });
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-count-fill-"));
    try {
      // [candidates, pages]: before the page kept only the ballot's margin, 80 took 10 pages.
      for (const [count, sheets] of [[40, 5], [80, 9]] as const) {
        const rows: SheetRow[] = Array.from({ length: count }, (_, i) => ({ kind: "line", no: i + 1, candidate: candidate(i), subs: [], parent: null }));
        const sheet: BallotSheet = {
          title: "某某镇第十八届人民代表大会第五次会议", date: "2026-01-15", round: 1, rows, maxApprovals: null, seats: null, mark: "√", issued: 55,
          rules: { ballot: "approve-against-abstain", order: "as-listed", seed: null, blankBallot: "valid", unreadableMark: "abstain-item", voteOn: "candidates", marks: null },
        };
        const file = path.join(dir, `count-sheet-${count}.html`);
        await fs.writeFile(file, countSheetHtml(sheet, { csv: "counts.csv" }));
        const page = await openPrinted(file, 273);
        expect(countSheetPageCount(sheet), `${count} 行`).toBe(sheets);
        const pdf = await clerkPdf(page);
        expect(pdfPages(pdf), `${count} 行`).toBe(sheets);
        const sections = await page.$$eval("section.sheet", (els) => els.map((e) => {
          const b = e.getBoundingClientRect();
          return { height: b.height, rows: [...e.querySelectorAll("tbody tr")].map((tr) => ({ id: tr.getAttribute("data-id")!, bottom: tr.getBoundingClientRect().bottom - b.top })) };
        }));
        const texts = pdfPageTexts(pdf);
        sections.forEach((s, k) => {
          expect(s.height / MM, `${count} 行 第 ${k + 1} 页`).toBeLessThanOrEqual(190);
          for (const r of s.rows) expect(r.bottom).toBeLessThanOrEqual(s.height);
          expect([...texts[k]!.matchAll(/\bP(\d\d)\b/g)].map((m) => `P${m[1]}`), `${count} 行 第 ${k + 1} 页`).toEqual(s.rows.map((r) => r.id));
        });
        expect(texts.at(-1)).toMatch(/计票人：[\s\S]*监票人：[\s\S]*总监票人：/);
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("with voteOn items the count sheet prints each parent's heading over its lines, as the ballot does, never at a page's foot", async () => {
    const candidate = (id: string, name: string, parent = ""): Candidate => ({
      id, name, content: "", area: "", budget: "", deadline: "", category: "", background: "", implementer: "", funding: "", target: "", parent, remarks: "", line: 0, children: [],
    });
    const rows: SheetRow[] = [];
    let no = 0;
    for (let g = 1; g <= 9; g++) {
      const parent = candidate(`G${g}`, `第${g}类民生设施建设工程`);
      rows.push({ kind: "heading", candidate: parent });
      for (let k = 1; k <= 6; k++) rows.push({ kind: "line", no: ++no, candidate: candidate(`G${g}-${k}`, `${g}号片区第${k}村道路硬化`, parent.id), subs: [], parent });
    }
    const sheet: BallotSheet = {
      title: "某某镇第十八届人民代表大会第五次会议", date: "2026-01-15", round: 1, rows, maxApprovals: 10, seats: null, mark: "○", issued: 50,
      rules: { ballot: "approve-against-abstain", order: "as-listed", seed: null, blankBallot: "void", unreadableMark: "void-ballot", voteOn: "items", marks: null },
    };
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-count-"));
    try {
      const file = path.join(dir, "count-sheet.html");
      await fs.writeFile(file, countSheetHtml(sheet, { csv: "counts.csv" }));
      const page = await openPrinted(file, 273);
      const pdf = await clerkPdf(page);
      const pages = countSheetPageCount(sheet);
      expect(pages).toBeGreaterThan(1);
      expect(pdfPages(pdf)).toBe(pages);
      for (const h of await page.$$eval("section.sheet", (els) => els.map((e) => e.getBoundingClientRect().height))) expect(h / MM).toBeLessThanOrEqual(190);
      // Every heading, in ballot order, with its lines after it; none ends a page.
      const printed = pdfPageTexts(pdf).join("\n");
      let at = -1;
      for (const r of rows) {
        const i = printed.indexOf(r.candidate.name, at + 1);
        expect(i, r.candidate.name).toBeGreaterThan(at);
        at = i;
      }
      const lastRows = await page.$$eval("section.sheet tbody", (els) => els.map((e) => e.lastElementChild!.className));
      expect(lastRows.every((c) => c !== "heading")).toBe(true);
      // A page its group's lines run on to begins with the group's heading again, marked （续）.
      const firstRows = await page.$$eval("section.sheet tbody", (els) => els.map((e) => [e.firstElementChild!.className, e.firstElementChild!.textContent ?? ""] as const));
      expect(firstRows.filter(([c]) => c.includes("item"))).toEqual([]);
      const continued = firstRows.filter(([c]) => c === "heading continued");
      expect(continued.length).toBeGreaterThan(0);
      for (const [, t] of continued) expect(t).toMatch(/^G\d第\d类民生设施建设工程（续）$/);
      // The ballot of the same lines likewise.
      const ballotPages = ballotHtml(sheet).split('<section class="sheet"').slice(1);
      expect(ballotPages.length).toBe(ballotPageCount(sheet));
      const ballotFirst = ballotPages.map((p) => /<tbody>\s*<tr class="([^"]+)"/.exec(p)![1]!);
      expect(ballotFirst.filter((c) => c.includes("item"))).toEqual([]);
      expect(ballotFirst).toContain("heading continued");
      await expectInside(page, "table.count, .sign div", 273);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("the count sheet's note on entering the counts shows on screen only", async () => {
    const dir = await scratch(path.join(SEEDS, "tie-runoff"));
    try {
      await fs.rm(path.join(dir, "ballots-r2.csv"));
      const r = await runCli(["ballot", dir, "--round", "2"]);
      expect(r.code, r.stderr).toBe(0);
      // The screen report tells the clerk how to type the count in.
      expect(r.stdout).toContain("piaojue enter --counts --round 2");
      const page = await openPrinted(path.join(dir, "out", "count-sheet-r2.html"), 273);
      const texts = pdfPageTexts(await clerkPdf(page));
      expect(texts).toHaveLength(1);
      expect(texts[0]).toContain("民生实事项目计票单（第 2 轮）");
      expect(texts[0]).not.toMatch(/piaojue|--counts|--second|counts-r2\.csv|session\.json/);
      await page.emulateMedia({ media: "screen" });
      expect(await page.$eval(".note.screen-only", (e) => getComputedStyle(e).display)).not.toBe("none");
      expect(await page.textContent(".note.screen-only")).toContain("piaojue enter --counts --round 2");
    } finally {
      await removeScratch(dir);
    }
  });

  it("the 公告 is an official document: Chinese dates, 文号, both 监票人 lines, the presidium's 落款, margins on screen", async () => {
    const dir = await scratch(path.join(SEEDS, "township-2026"));
    try {
      const loaded = await loadFolder(dir, "auto");
      const { result } = await computeTally(loaded.value!);
      const html = announcementHtml(result!, loaded.value!.session, loaded.value!.candidates, { docNumber: "新桥人大〔2026〕1号" });
      const file = path.join(dir, "announcement.html");
      await fs.writeFile(file, html);
      const page = await openPrinted(file, 180);
      const pdf = await clerkPdf(page);
      expect(pdfPages(pdf)).toBe(1);
      const text = pageBody(pdfPageTexts(pdf)[0]!);
      expect(text).toContain("新桥人大〔2026〕1号");
      expect(text).toContain("（2026年1月15日）");
      expect(text).not.toContain("2026-01-15");
      expect(text.match(/监票人（签名）/g)).toHaveLength(3);
      expect(text).toMatch(/新桥镇第十八届人民代表大会第五次会议主席团\s+2026年1月15日\s*$/);
      // The 落款 stands at the right, the 文号 under the title in the middle.
      const closing = await page.$eval(".closing", (e) => { const b = e.getBoundingClientRect(); return { left: b.left, right: b.right }; });
      expect(closing.right / MM).toBeGreaterThan(170);
      expect(closing.left / MM).toBeGreaterThan(90);
      await expectInside(page, "table, .sign div, .closing", 180);
      // Without a 文号 there is no empty line for it.
      expect(announcementHtml(result!, loaded.value!.session, loaded.value!.candidates)).not.toContain(`class="doc-no"`);
      // On screen the page has margins round it, like paper on a desk.
      await page.emulateMedia({ media: "screen" });
      await page.setViewportSize({ width: 1280, height: 900 });
      const body = await page.$eval("body", (b) => { const r = b.getBoundingClientRect(); const s = getComputedStyle(b); return { left: r.left, width: r.width, padding: parseFloat(s.paddingLeft) }; });
      expect(body.left / MM).toBeGreaterThan(20);
      expect(Math.abs(body.width / MM - 210)).toBeLessThan(1);
      expect(body.padding / MM).toBeGreaterThanOrEqual(12);
      await shoot(page, "announcement-screen.png");
    } finally {
      await removeScratch(dir);
    }
  });

  it("prints the blank 满意度测评表 of each group on its own A4 page, a box per level and project", async () => {
    const seed = path.join(SEEDS, "evaluation-2027");
    const config = parseEvaluationConfig(await fs.readFile(path.join(seed, "evaluation.json"), "utf8")).value!;
    const list = parseProjectList(toTable(parseCsvText((await fs.readFile(path.join(seed, "results.csv"), "utf8")).replace(/^\uFEFF/, ""), "results.csv"), "results.csv")).value!;
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-form-"));
    try {
      const file = path.join(dir, "forms.html");
      await fs.writeFile(file, evaluationFormHtml(config, list.projects));
      // A4 less the form's 15 mm margins: 180 mm wide.
      const page = await openPrinted(file, 180);
      const pdf = await clerkPdf(page);
      const sizes = pdfPageSizes(pdf);
      expect(sizes).toHaveLength(config.groups.length);
      for (const [w, h] of sizes) { expect(Math.abs(w - 210)).toBeLessThan(0.5); expect(Math.abs(h - 297)).toBeLessThan(0.5); }
      pdfPageTexts(pdf).forEach((t, i) => {
        expect(t).toContain("民生实事项目满意度测评表");
        expect(t).toContain(config.title);
        expect(t).toContain(`组别：${config.groups[i]!.name}`);
        expect(t).toMatch(new RegExp(FORM_LEVELS.join("\\s+")));
        for (const p of list.projects) expect(t).toContain(p.name);
        expect(t).toContain("不划的项目按弃权计");
      });
      const boxes = await page.$$eval("section.form", (forms) => forms.map((f) => [...f.querySelectorAll("td.box span")].map((s) => { const b = s.getBoundingClientRect(); return [b.width, b.height]; })));
      for (const form of boxes) {
        expect(form).toHaveLength(list.projects.length * FORM_LEVELS.length);
        for (const [w, h] of form) { expect(w! / MM).toBeGreaterThan(5); expect(Math.abs(w! - h!)).toBeLessThan(1); }
      }
      await expectInside(page, "table.levels, td.box span", 180);
      // One group's form alone.
      await fs.writeFile(file, evaluationFormHtml(config, list.projects, { group: "群众" }));
      await page.goto(pathToFileURL(file).href);
      expect(pdfPageTexts(await clerkPdf(page)).map((t) => t.includes("组别：群众"))).toEqual([true]);
      await shoot(page, "evaluation-form.png");
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
