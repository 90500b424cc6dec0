// Small helpers shared by the printable pages.

export function escapeHtml(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/**
 * Input text (a title, an id, a name) as Markdown shows it literally: line breaks become spaces, so no
 * heading or list can start inside it; the characters that mark emphasis, links, code, HTML, table cells
 * and headings are backslash-escaped; a list or quote marker at its start is escaped too.
 */
export function escapeMarkdown(s: string | number): string {
  return String(s)
    .replace(/\r\n|\r|\n/g, " ")
    .replace(/[\\`*_[\]<>|~#&]/g, "\\$&")
    .replace(/^(\s*)([-+=>]|\d+(?=[.)]))/, (_, space: string, marker: string) => `${space}${/^\d/.test(marker) ? `${marker}\\` : `\\${marker}`}`);
}

/**
 * Escaped text with each figure kept on one line with the words it belongs to: a label of up to four
 * characters before it and a one-character unit after it ("法定人数 2000 名", "第 2 轮"), so a line never
 * ends in a bare number or begins with a unit. A figure inside an 编号 (P118) is left as it is.
 */
export function figuresWhole(escaped: string): string {
  return escaped.replace(/(?:[\u4e00-\u9fff]{1,4} )?(?<![A-Za-z0-9_.\-])\d[\d,.]*%?(?: [\u4e00-\u9fff])?/g, (m) => m.includes(" ") ? `<span class="fig">${m}</span>` : m);
}

/**
 * Escaped text with each of `phrases` (and a figure right after one: "赞成超过限选数 3") kept on one line,
 * so a fixed phrase is never broken inside a word ("赞成超 / 过限选数"). A phrase outside the text is no matter.
 */
export function phrasesWhole(escaped: string, phrases: readonly string[]): string {
  const words = phrases.map((p) => escapeHtml(p).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
  return words === "" ? escaped : escaped.replace(new RegExp(`(?:${words})(?: \\d[\\d,.]*)?`, "g"), (m) => `<span class="fig">${m}</span>`);
}

// The Extension B fonts after SimSun: a rare character of a village's name (𪚥) is in them, not in SimSun.
const PAGE_FONT = `"Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "SimSun", "SimSun-ExtB", "SimSun-ExtG", "MingLiU-ExtB", "Songti SC", serif`;

/** A CSS string literal of any text, safe inside a <style> element. */
function cssString(text: string): string {
  return `"${text.replace(/[\\"<>\r\n]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

/**
 * A page that flows over as many pages as it takes (the 公告, the 测评 and 进度 reports) numbered in the
 * page's margin: 第 x 页 / 共 y 页 at the foot of every page and `title` at the head of every page after
 * the first, as the ballot's laid-out pages carry them. Chromium prints @page margin boxes (since 131);
 * they take no room from the page's content, so a page that fits on one sheet still does.
 */
export function runningHeadCss(title: string): string {
  const box = `font-family: ${PAGE_FONT}; font-size: 8.5pt; color: #000;`;
  return `@page {
  @bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; ${box} }
  @top-center { content: ${cssString(title)}; ${box} }
}
@page :first { @top-center { content: none; } }`;
}

export function page(title: string, css: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
@page { size: A4; margin: 18mm 16mm; }
* { box-sizing: border-box; }
/* The side padding keeps a border drawn at the very edge of the printable area from being clipped in Chromium's PDF. */
body { font-family: ${PAGE_FONT}; color: #000; margin: 0; padding: 0 0.6mm; font-size: 11pt; line-height: 1.5; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 4mm; letter-spacing: 0.1em; }
h2 { font-size: 13pt; margin: 5mm 0 2mm; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 1.2mm 2mm; }
th { background: #eee; font-weight: bold; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.fig { white-space: nowrap; }
${css}
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

// Estimating how much room a text takes on the printed page, for laying pages out before the browser does.
export const PT_MM = 25.4 / 72;
const FULL_WIDTH = /[\u1100-\u115f\u2010-\u2027\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** A text's width in em: CJK and full-width characters are one em, the others at most `narrow` (about half). */
export function textEms(text: string, narrow = 0.6): number {
  let w = 0;
  for (const ch of text) w += FULL_WIDTH.test(ch) ? 1 : narrow;
  return w;
}

/** Lines a text takes at `pt` points in a column `widthMm` wide (over-estimated a little, never under). */
export function textLines(text: string, pt: number, widthMm: number, extraMm = 0): number {
  if (text === "") return 0;
  return Math.max(1, Math.ceil((textEms(text) * pt * PT_MM + extraMm) * 1.06 / widthMm));
}

/** The height of one line of text at `pt` points, in mm. */
export const lineMm = (pt: number, lineHeight = 1.4) => pt * lineHeight * PT_MM;

/**
 * Rows into pages, each as full as the estimate allows: a row that does not find `need` mm left of
 * `roomMm` starts a new page (unless the page is still empty). `firstMm` and `laterMm`: what the head,
 * table header and foot of the first page and of a later one take. `need` is the row's own height unless
 * what must follow it on its page asks for more. `carry`: a row a new page repeats above `row` when it
 * begins with it (a heading above its sub-items). `used`: the room taken on the last page.
 */
export function paginate<T>(rows: readonly T[], roomMm: number, firstMm: number, laterMm: number,
  height: (row: T) => number, need: (row: T, i: number) => number = height, carry: (row: T) => T | undefined = () => undefined): { pages: T[][]; used: number } {
  const pages: T[][] = [[]];
  let used = firstMm;
  rows.forEach((row, i) => {
    if (pages.at(-1)!.length > 0 && used + need(row, i) > roomMm) {
      const carried = carry(row);
      pages.push(carried === undefined ? [] : [carried]);
      used = laterMm + (carried === undefined ? 0 : height(carried));
    }
    pages.at(-1)!.push(row);
    used += height(row);
  });
  return { pages, used };
}
