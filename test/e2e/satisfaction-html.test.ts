// out/satisfaction.html rendered by Chromium: one bar per group and project, each as long as its 总体满意率,
// the 达标 line where passRate says, and an A4 print.
import { existsSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { runCli, scratchCopy, SEEDS } from "../helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

describe.skipIf(!existsSync(CHROMIUM))("satisfaction.html in Chromium", () => {
  it("draws each project's 总体满意率 for each group side by side, to scale", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "evaluation-2027"));
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code).toBe(0);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
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
    }
  }, 60000);
});
