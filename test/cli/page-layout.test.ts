// How the printable pages are built to break well on A4 (the print tests in test/e2e see the printed
// result): the 公告's signatures never go to a page alone, its figures and dates are never broken over
// two lines, the satisfaction report prints no column empty on every row and no header broken, and the
// progress chart's scale stays with its bars.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, runCli, scratchCopy } from "../helpers.js";
import { evaluationWithoutGrade, handCountSession, LONG_TITLE, tieAwaitingRunoff } from "../print-sessions.js";

const read = (dir: string, name: string) => fs.readFile(path.join(dir, "out", name), "utf8");

/** The declarations of the page's CSS rule for exactly `selector`. */
function rule(html: string, selector: string): string {
  const css = html.slice(html.indexOf("<style>"), html.indexOf("</style>"));
  const escaped = selector.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?:^|[},]\\s*)${escaped}\\s*(?:,[^{]*)?\\{([^}]*)\\}`, "m").exec(css)?.[1] ?? "";
}

describe("the 公告's page breaks", () => {
  it("keeps the signatures with what they follow: a short 正式项目 list moves whole with them, a long one may break for them", async () => {
    const short = await handCountSession(15, 11);
    const long = await handCountSession(130, 94, { valid: 300, step: 1 });
    for (const dir of [short, long]) expect((await runCli(["tally", dir])).code).toBe(0);
    const [shortHtml, longHtml] = [await read(short, "announcement.html"), await read(long, "announcement.html")];
    expect(rule(shortHtml, ".signoff")).toMatch(/break-inside: avoid/);
    expect(rule(shortHtml, ".signoff")).toMatch(/(?:^|[\s;])break-before: avoid/);
    expect(shortHtml).toContain(`<div class="selected-block"><h2>正式项目</h2>`);
    expect(rule(shortHtml, ".selected-block")).toMatch(/break-inside: avoid/);
    // 94 lines in two columns run near a page: kept whole they would go over with the signatures left behind.
    expect(longHtml).toContain(`<div class="selected-block long"><h2>正式项目</h2>`);
    expect(rule(longHtml, ".selected-block.long")).toMatch(/break-inside: auto/);
    expect(rule(longHtml, ".selected-block h2")).toMatch(/break-after: avoid/);
  });

  it("never lets 得票相等待再次票决 wrap, nor the date after a long title, nor the word 主席团", async () => {
    const dir = await tieAwaitingRunoff(LONG_TITLE);
    expect((await runCli(["tally", dir])).code).toBe(4);
    const html = await read(dir, "announcement.html");
    expect(html.match(/<td class="result">得票相等待再次票决<\/td>/g)).toHaveLength(2);
    expect(rule(html, ".result")).toMatch(/white-space: nowrap/);
    // No rule lets a result cell wrap again (as tr.tied td.result once did).
    const css = html.slice(html.indexOf("<style>"), html.indexOf("</style>"));
    expect(css).not.toMatch(/\.result[^{]*\{[^}]*white-space: normal/);
    expect(html).toContain(`${LONG_TITLE}<span class="whole">（2026年2月26日）</span>。`);
    expect(html).toContain(`${LONG_TITLE}<span class="whole">主席团</span>`);
    expect(rule(html, ".whole")).toMatch(/white-space: nowrap/);
  });
});

describe("the satisfaction report's tables", () => {
  it("without a grade rule prints no 等次 column (satisfaction.csv keeps it), and keeps the indicators' headers on one line", async () => {
    const dir = await evaluationWithoutGrade();
    const r = await runCli(["evaluate", dir]);
    expect(r.code, r.stderr).toBe(0);
    const html = await read(dir, "satisfaction.html");
    const results = html.slice(html.indexOf(`<table class="results`), html.indexOf("</table>"));
    const headers = [...results.matchAll(/<th>([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(headers).toEqual(["编号", "项目名称", "组别", "测评票数", "满意", "基本满意", "不满意", "弃权", "满意率", "总体满意率", "得分", "完成率", "达标"]);
    for (const row of results.match(/<tr[ >][\s\S]*?<\/tr>/g)!.slice(1)) expect(row.match(/<td/g)).toHaveLength(headers.length);
    expect((await read(dir, "satisfaction.csv")).split("\r\n")[0]).toBe("\ufeff编号,项目名称,组别,测评票数,满意,基本满意,不满意,弃权,满意率,总体满意率,得分,等次,完成率,达标");
    expect(rule(html, "table.indicators th")).toMatch(/white-space: nowrap/);
  });

  it("with a grade rule prints the 等次 column", async () => {
    const dir = await evaluationWithoutGrade();
    const file = path.join(dir, "evaluation.json");
    await fs.writeFile(file, JSON.stringify({ ...JSON.parse(await fs.readFile(file, "utf8")), grade: {} }));
    expect((await runCli(["evaluate", dir])).code).toBe(0);
    const html = await read(dir, "satisfaction.html");
    expect(html).toContain("<th>得分</th><th>等次</th><th>完成率</th>");
  });
});

describe("the progress chart's legend and scale", () => {
  it("are its table's head and foot, which print on every page its rows run over; each project is one row, never split", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "print", "progress-22"));
    expect((await runCli(["progress", dir])).code).toBe(0);
    const html = await read(dir, "progress.html");
    const chart = /<h2>三、计划进度与实际进度<\/h2>\n<table class="chart">\n<thead><tr><td><div class="legend">[^\n]*<\/div><\/td><\/tr><\/thead>\n<tfoot><tr><td><div class="scale">[^\n]*<\/div><\/td><\/tr><\/tfoot>\n<tbody>\n([\s\S]*?)\n<\/tbody>\n<\/table>/.exec(html);
    expect(chart).not.toBeNull();
    const rows = chart![1]!.split(/\n(?=<tr>)/);
    expect(rows.map((r) => /^<tr><td>\n<div class="project" data-id="(P\d+)"[\s\S]*<\/div>\n<\/td><\/tr>$/.exec(r)?.[1])).toEqual(Array.from({ length: 22 }, (_, i) => `P${String(i + 1).padStart(2, "0")}`));
    expect(html.match(/class="scale"/g)).toHaveLength(1);
    expect(rule(html, "table.chart tfoot")).toMatch(/display: table-footer-group/);
    expect(rule(html, "tr")).toMatch(/break-inside: avoid/);
    expect(html).toContain("h2 { break-after: avoid; page-break-after: avoid; }");
  });
});
