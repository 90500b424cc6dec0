// Reading back the PDF Chromium prints, the way a clerk's printer receives it: page sizes, the text of
// each page (poppler's pdfinfo and pdftotext) and the pixels of a page (pdftoppm), so a print test can
// tell a clipped border, a page without its title or a stranded heading from a good print.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const PDF_MM = 72 / 25.4;

function withPdf<T>(pdf: Buffer, work: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(path.join(os.tmpdir(), "piaojue-pdf-"));
  try {
    const file = path.join(dir, "page.pdf");
    writeFileSync(file, pdf);
    return work(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each page's size in mm, [width, height]. */
export function pdfPageSizes(pdf: Buffer): [number, number][] {
  return withPdf(pdf, (file) => {
    const info = execFileSync("pdfinfo", ["-f", "1", "-l", "9999", file], { encoding: "utf8" });
    return [...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/g)].map((m) => [Number(m[1]) / PDF_MM, Number(m[2]) / PDF_MM] as [number, number]);
  });
}

/** The text of each page, in reading order. */
export function pdfPageTexts(pdf: Buffer): string[] {
  return withPdf(pdf, (file) => {
    const text = execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
    return text.split("\f").slice(0, -1);
  });
}

const PAGE_NUMBER = /^\s*第\s*(\d+)\s*页\s*\/\s*共\s*\d+\s*页\s*$/;

/**
 * A page's text without what the page's margin carries on a flowing page (runningHeadCss): the foot's
 * 第 x 页 / 共 y 页 and, on a page after the first, the head's title; the text of the page itself.
 */
export function pageBody(text: string): string {
  const lines = text.split("\n");
  while (lines.length > 0 && lines.at(-1)!.trim() === "") lines.pop();
  const foot = PAGE_NUMBER.exec(lines.at(-1) ?? "");
  if (!foot) return text;
  lines.pop();
  if (Number(foot[1]) > 1) lines.splice(lines.findIndex((l) => l.trim() !== ""), 1);
  return lines.join("\n") + "\n";
}

export interface GreyPage { width: number; height: number; dpi: number; at(x: number, y: number): number }

/** One page as grey levels (0 black … 255 white) at `dpi`. */
export function pdfPagePixels(pdf: Buffer, pageNo: number, dpi = 100): GreyPage {
  return withPdf(pdf, (file, dir) => {
    execFileSync("pdftoppm", ["-gray", "-r", String(dpi), "-f", String(pageNo), "-l", String(pageNo), "-singlefile", file, path.join(dir, "p")]);
    const pgm = readFileSync(path.join(dir, "p.pgm"));
    // Binary PGM: "P5", width, height, maxval, each separated by whitespace, then one byte a pixel.
    const head = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString("latin1"))!;
    const width = Number(head[1]);
    const height = Number(head[2]);
    const data = pgm.subarray(head[0].length);
    return { width, height, dpi, at: (x, y) => data[y * width + x]! };
  });
}

/** The longest run of dark pixels down column x between fromMm and toMm from the top, in mm. */
export function darkRunMm(page: GreyPage, x: number, fromMm = 0, toMm = Infinity, threshold = 110): number {
  let best = 0;
  let run = 0;
  const px = (mm: number) => Math.round((mm * page.dpi) / 25.4);
  for (let y = Math.max(0, px(fromMm)); y < Math.min(page.height, px(toMm)); y++) {
    run = page.at(x, y) < threshold ? run + 1 : 0;
    if (run > best) best = run;
  }
  return (best * 25.4) / page.dpi;
}

/** The rightmost column, in mm from the page's left edge, with a dark vertical line at least `minMm` long (between fromMm and toMm from the top). */
export function rightmostRuleMm(page: GreyPage, minMm: number, fromMm = 0, toMm = Infinity): number | null {
  for (let x = page.width - 1; x >= 0; x--) if (darkRunMm(page, x, fromMm, toMm) >= minMm) return (x * 25.4) / page.dpi;
  return null;
}
