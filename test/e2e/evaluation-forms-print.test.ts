// The blank 满意度测评表 printed by headless Chromium through page.pdf(): a form longer than a page
// (fixtures/print/evaluation-long: 38 projects, long group names) repeats the title, the 组别 and
// 第 x 页 / 共 y 页 on every page, never splits a row, and the screen report says how many pages.
import { existsSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { FIXTURES, makeSession, runCli, scratchCopy, SEEDS } from "../helpers.js";
import { CHROMIUM, printPage } from "./chromium.js";
import { pdfPageSizes, pdfPageTexts } from "./pdf-tools.js";

const MM = 96 / 25.4;
const LONG = path.join(FIXTURES, "print", "evaluation-long");
const GROUPS = ["镇人大代表及列席人员", "项目受益村（社区）群众代表"];
/** pdftotext keeps some spaces and drops others: texts are compared without any. */
const flat = (s: string) => s.replace(/\s+/g, "");

describe.skipIf(!existsSync(CHROMIUM))("the blank evaluation forms printed in Chromium", () => {
  /** The forms' PDF, and each page section's height in mm as laid out on the printable width. */
  async function print(file: string) {
    // The viewport is the printable width of the form (A4 less 2 × 15 mm), so the layout is the printed one.
    const page = await printPage({ width: Math.round(180 * MM), height: 1000 }, "print");
    await page.goto(pathToFileURL(file).href);
    await page.evaluate(() => document.fonts.ready);
    const sections = await page.$$eval(".form-page", (els) => els.map((e) => ({
      group: e.closest(".form")!.getAttribute("data-group"),
      height: e.getBoundingClientRect().height,
      rows: e.querySelectorAll("tbody tr").length,
    })));
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    return { pdf, sections: sections.map((s) => ({ ...s, height: s.height / MM })) };
  }

  it("prints a long form with the title, the 组别 and 第 x 页 / 共 y 页 on every page, and no row split", async () => {
    const dir = await scratchCopy(LONG);
    const r = await runCli(["evaluate", dir, "--forms"]);
    expect(r.code, r.stderr).toBe(0);
    const { pdf, sections } = await print(path.join(dir, "out", "evaluation-forms.html"));
    const texts = pdfPageTexts(pdf);
    for (const [w, h] of pdfPageSizes(pdf)) { expect(Math.abs(w - 210)).toBeLessThan(0.5); expect(Math.abs(h - 297)).toBeLessThan(0.5); }
    // One printed page per laid-out page: no section ran over onto a page of its own.
    expect(texts).toHaveLength(sections.length);
    for (const s of sections) expect(s.height, `${s.group}`).toBeLessThanOrEqual(267);
    const perGroup = GROUPS.map((g) => sections.filter((s) => s.group === g).length);
    expect(perGroup[0]).toBeGreaterThan(1);
    expect(perGroup[1]).toBe(perGroup[0]);
    // Every project is on each group's form exactly once.
    expect(GROUPS.map((g) => sections.filter((s) => s.group === g).reduce((n, s) => n + s.rows, 0))).toEqual([38, 38]);
    let k = 0;
    GROUPS.forEach((group, gi) => {
      for (let n = 1; n <= perGroup[gi]!; n++, k++) {
        const text = flat(texts[k]!);
        expect(text, `page ${k + 1}`).toContain("民生实事项目满意度测评表");
        expect(text, `page ${k + 1}`).toContain("青山镇2026年度民生实事项目满意度测评");
        expect(text, `page ${k + 1}`).toContain(`组别：${group}`);
        expect(text, `page ${k + 1}`).toContain(`第${n}页/共${perGroup[gi]}页`);
        expect(text, `page ${k + 1}`).toMatch(/序号/);
      }
    });
    // The screen report says the form is more than a page, no longer "每个组别一页".
    expect(r.stdout).toContain(`每个组别 ${perGroup[0]} 页 A4`);
    expect(r.stdout).not.toContain("每个组别一页");
    const en = await runCli(["evaluate", dir, "--forms", "--lang", "en"]);
    expect(en.stdout).toContain(`${perGroup[0]} A4 pages per group`);
  }, 60000);

  it("keeps the foot to one line under a long title and 组别: the title cut short there, the 组别 and page number whole", async () => {
    const title = "某县2026年度民生实事项目满意度测评（县人大常委会组织实施）";
    const group = "项目所在村（社区）受益群众代表";
    const dir = await makeSession({
      "evaluation.json": JSON.stringify({ title, projects: "projects.csv", groups: { 人大代表: { weight: "0.6" }, [group]: { weight: "0.4" } } }),
      "projects.csv": ["编号,项目名称", ...Array.from({ length: 40 }, (_, i) => `P${i + 1},民生实事项目第${i + 1}号`)].join("\n") + "\n",
    });
    expect((await runCli(["evaluate", dir, "--forms", "--group", group])).code).toBe(0);
    const file = path.join(dir, "out", "evaluation-forms.html");
    const { pdf } = await print(file);
    // The worker's page still holds the forms: read the feet as printed.
    const page = await printPage({ width: Math.round(180 * MM), height: 1000 });
    await page.emulateMedia({ media: "print" });
    const feet = await page.$$eval(".foot", (els) => els.map((e) => e.getBoundingClientRect().height));
    expect(feet.length).toBeGreaterThan(1);
    for (const h of feet) expect(h / MM).toBeLessThan(6);
    pdfPageTexts(pdf).forEach((t, k) => expect(flat(t), `page ${k + 1}`).toMatch(new RegExp(`组别：项目所在村（社区）受益群众代表第${k + 1}页/共${feet.length}页$`)));
  }, 60000);

  it("prints a short form on one page a group, numbered 第 1 页 / 共 1 页", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "evaluation-2027"));
    const r = await runCli(["evaluate", dir, "--forms"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("每个组别一页 A4");
    const { pdf, sections } = await print(path.join(dir, "out", "evaluation-forms.html"));
    const texts = pdfPageTexts(pdf);
    expect(texts).toHaveLength(2);
    expect(sections.map((s) => s.group)).toEqual(["代表", "群众"]);
    texts.forEach((t, i) => {
      expect(t).toContain(`组别：${["代表", "群众"][i]}`);
      expect(flat(t)).toContain("第1页/共1页");
    });
  }, 60000);
});
