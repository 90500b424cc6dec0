// Writing .xlsx: opened by a second reader (ExcelJS) to check values, formats, widths, the frozen header,
// print setup and drop-downs; read back by our reader; byte-identical across runs and time zones.
import ExcelJS from "exceljs";
import fc from "fast-check";
import { strFromU8, unzipSync, zipSync, type Zippable } from "fflate";
import { describe, expect, it } from "vitest";
import { readXlsxTable } from "../../src/io/xlsx-read.js";
import { displayWidth } from "../../src/io/text-width.js";
import { storedZip, writeEntryTemplate, writeXlsx, type SheetSpec } from "../../src/io/xlsx-write.js";

const RESULTS: SheetSpec = {
  name: "计票结果",
  header: ["名次", "编号", "项目名称", "赞成", "反对", "弃权", "赞成率", "结果", "轮次"],
  kinds: ["number", "text", "text", "number", "number", "number", "percent", "text", "number"],
  rows: [
    [1, "P01", "镇卫生院住院楼改造", 50, 3, 2, "90.91%", "当选", 1],
    [2, "007", "=HYPERLINK(\"http://x\")", "48", 5, 2, 0.8727, "当选", "1"],
    [3, "P03", "中心小学塑胶运动场建设（含人造草坪足球场、300米跑道及配套照明）", 20, 30, 5, "36.36%", "未当选", 1],
  ],
};

async function openWithExcelJS(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

describe("a results workbook", () => {
  it("opens in ExcelJS with numbers as numbers, rates as percentages, a styled frozen header, CJK widths and A4 print setup", async () => {
    const wb = await openWithExcelJS(writeXlsx([RESULTS]));
    const ws = wb.getWorksheet("计票结果")!;
    expect(ws.getRow(1).values).toEqual([undefined, ...RESULTS.header]);
    expect(ws.getCell("A2").value).toBe(1);
    expect(ws.getCell("D3").value).toBe(48); // "48" in a number column is stored as a number
    expect(ws.getCell("B3").value).toBe("007"); // leading zeros stay text
    expect(ws.getCell("C3").value).toBe("=HYPERLINK(\"http://x\")"); // text, never a formula
    expect(ws.getCell("G2").value).toBe(0.9091);
    // One decimal, as the CSV and SPEC §7 write rates (90.9%).
    expect(ws.getCell("G2").numFmt).toBe("0.0%");
    expect(ws.getCell("G3").value).toBe(0.8727);
    expect(ws.getCell("I3").value).toBe(1);
    const header = ws.getCell("C1");
    expect(header.font?.bold).toBe(true);
    expect(header.fill).toMatchObject({ type: "pattern", pattern: "solid" });
    expect(header.border?.bottom?.style).toBe("thin");
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(ws.getColumn(3).width).toBe(60); // the long name: capped
    expect(ws.getColumn(2).width).toBe(8);
    expect(ws.getColumn(8).width).toBe(8);
    expect(displayWidth("镇卫生院住院楼改造")).toBe(18);
    expect(ws.pageSetup.printTitlesRow).toBe("1:1"); // the header repeats on every printed page
  });

  it("shows a figure written with one decimal with one decimal (80.0, not 80); our reader reads the number", async () => {
    const spec: SheetSpec = { name: "测评结果", header: ["编号", "测评票数", "得分"], kinds: ["text", "number", "number"], rows: [["P1", "10", "80.0"], ["P2", "9", "72.5"]] };
    const ws = (await openWithExcelJS(writeXlsx([spec]))).getWorksheet("测评结果")!;
    expect(ws.getCell("C2").value).toBe(80);
    expect(ws.getCell("C2").numFmt).toBe("0.0");
    expect(ws.getCell("C3").numFmt).toBe("0.0");
    expect(ws.getCell("B2").numFmt).toBeUndefined();
    expect(readXlsxTable(writeXlsx([spec]), { file: "s.xlsx" }).table.rows.map((x) => x.cells[2])).toEqual(["80", "72.5"]);
  });

  it("reads back through our reader as the clerk sees it", () => {
    const r = readXlsxTable(writeXlsx([RESULTS]), { file: "results.xlsx" });
    expect(r.table.header).toEqual(RESULTS.header);
    expect(r.table.rows.map((x) => x.cells)).toEqual([
      ["1", "P01", "镇卫生院住院楼改造", "50", "3", "2", "90.91%", "当选", "1"],
      ["2", "007", "=HYPERLINK(\"http://x\")", "48", "5", "2", "87.27%", "当选", "1"],
      ["3", "P03", "中心小学塑胶运动场建设（含人造草坪足球场、300米跑道及配套照明）", "20", "30", "5", "36.36%", "未当选", "1"],
    ]);
    expect(r.warnings).toEqual([]);
  });

  it("is byte-identical when written twice, and in another time zone", () => {
    const before = process.env["TZ"];
    try {
      process.env["TZ"] = "Asia/Shanghai";
      const a = writeXlsx([RESULTS, { ...RESULTS, name: "第二轮" }]);
      process.env["TZ"] = "America/Los_Angeles";
      const b = writeXlsx([RESULTS, { ...RESULTS, name: "第二轮" }]);
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
      // No date anywhere in the package: a fixed zip time and no document dates.
      const parts = unzipSync(a);
      expect(strFromU8(parts["docProps/core.xml"]!)).not.toMatch(/dcterms:(created|modified)/);
    } finally {
      if (before === undefined) delete process.env["TZ"]; else process.env["TZ"] = before;
    }
  });

  it("keeps cell text XML cannot hold readable, and refuses a sheet name Excel refuses", async () => {
    const bytes = writeXlsx([{ name: "说明", header: ["编号", "备注"], rows: [["P1", "a&b<c>\"d\" _x0041_ \u0001"]] }]);
    const ws = (await openWithExcelJS(bytes)).getWorksheet("说明")!;
    expect(ws.getCell("B2").value).toBe("a&b<c>\"d\" _x0041_ \u0001");
    expect(() => writeXlsx([{ name: "a/b", header: ["x"], rows: [] }])).toThrow();
    expect(() => writeXlsx([{ name: "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二", header: ["x"], rows: [] }])).toThrow();
  });
});

describe("the entry template", () => {
  const marks = ["○", "×", "空"];
  const template = () => writeEntryTemplate({ name: "第1轮", header: ["票号", "作废", "P01", "P02", "P03"], choices: [null, ["是"], marks, marks, marks], rows: 200 });

  it("offers a drop-down of the allowed marks in every candidate cell (read by ExcelJS)", async () => {
    const ws = (await openWithExcelJS(template())).getWorksheet("第1轮")!;
    expect(ws.getCell("C2").dataValidation).toMatchObject({ type: "list", allowBlank: true, showErrorMessage: true, formulae: ["\"○,×,空\""] });
    expect(ws.getCell("E201").dataValidation).toMatchObject({ type: "list", formulae: ["\"○,×,空\""] });
    expect(ws.getCell("B50").dataValidation).toMatchObject({ type: "list", formulae: ["\"是\""] });
    expect(ws.getCell("A2").dataValidation).toBeUndefined();
    expect(ws.getCell("C202").dataValidation).toBeUndefined();
    expect(ws.getCell("A2").numFmt).toBe("@"); // 001 typed stays 001
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  });

  it("reads back as a header with no rows, and is byte-identical when written twice", () => {
    const r = readXlsxTable(template(), { file: "ballots.xlsx", refuseFormulas: true });
    expect(r.table.header).toEqual(["票号", "作废", "P01", "P02", "P03"]);
    expect(r.table.rows).toEqual([]);
    expect(Buffer.from(template()).equals(Buffer.from(template()))).toBe(true);
  });

  it("keeps a drop-down's texts within Excel's limits (title 32 characters, error 225, prompt 255), however long the ID or the marks", async () => {
    const id = `P${"长".repeat(43)}`;
    const marks40 = Array.from({ length: 40 }, (_, i) => `赞${i}`);
    const ws = (await openWithExcelJS(writeEntryTemplate({ name: "x", header: ["票号", id], choices: [null, marks40], rows: 2, choiceNotes: [undefined, "说".repeat(300)] } as Parameters<typeof writeEntryTemplate>[0]))).getWorksheet("x")!;
    const v = ws.getCell("B2").dataValidation as { promptTitle?: string; prompt?: string; error?: string; errorTitle?: string };
    expect(v.promptTitle!.length).toBeLessThanOrEqual(32);
    expect(v.promptTitle!.startsWith("P长长")).toBe(true);
    expect(v.prompt!.length).toBeLessThanOrEqual(255);
    expect(v.error!.length).toBeLessThanOrEqual(225);
    expect(v.errorTitle!.length).toBeLessThanOrEqual(32);
  });

  it("leaves to free entry a column whose list Excel cannot hold (a comma in an item, or over 255 characters)", async () => {
    const long = Array.from({ length: 100 }, (_, i) => `选项${i}`);
    const ws = (await openWithExcelJS(writeEntryTemplate({ name: "x", header: ["a", "b", "c"], choices: [["1,2"], long, ["是"]], rows: 2 }))).getWorksheet("x")!;
    expect(ws.getCell("A2").dataValidation).toBeUndefined();
    expect(ws.getCell("B2").dataValidation).toBeUndefined();
    expect(ws.getCell("C2").dataValidation).toMatchObject({ type: "list", formulae: ["\"是\""] });
  });
});

describe("the stored ZIP", () => {
  it("is byte for byte what fflate's zipSync writes for stored entries at the same fixed time", () => {
    // Names start with a letter: an object (Zippable) puts integer-like keys first, whatever their order.
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_[\]./-]{0,39}$/);
    fc.assert(fc.property(fc.uniqueArray(fc.tuple(name, fc.uint8Array({ maxLength: 300 })), { selector: ([n]) => n, maxLength: 8 }), (entries) => {
      const time = new Date(1980, 0, 1, 12, 0, 0);
      const files: Zippable = {};
      for (const [n, data] of entries) files[n] = [data, { level: 0, mtime: time }];
      expect(Buffer.from(storedZip(entries)).equals(Buffer.from(zipSync(files, { level: 0, mtime: time })))).toBe(true);
    }), { numRuns: 200 });
  });

  it("is read back by fflate's unzipper, every entry whole", () => {
    const bytes = storedZip([["a.xml", new TextEncoder().encode("<a>甲</a>")], ["b/c.bin", new Uint8Array([0, 255, 7])]]);
    const back = unzipSync(bytes);
    expect(strFromU8(back["a.xml"]!)).toBe("<a>甲</a>");
    expect([...back["b/c.bin"]!]).toEqual([0, 255, 7]);
  });
});

describe("cell types by column kind", () => {
  it("a number column keeps 007 as text; a text column keeps 12 and 90% as the text typed", async () => {
    const spec: SheetSpec = { name: "表", header: ["编号", "票数", "备注"], kinds: ["text", "number", "text"], rows: [["12", "007", "90%"]] };
    const ws = (await openWithExcelJS(writeXlsx([spec]))).getWorksheet("表")!;
    expect(ws.getCell("A2").value).toBe("12");
    expect(ws.getCell("B2").value).toBe("007");
    expect(ws.getCell("C2").value).toBe("90%");
  });

  it("the entry template's last entry row is there, formatted as text like the others", async () => {
    const ws = (await openWithExcelJS(writeEntryTemplate({ name: "表决票", header: ["票号", "A"], choices: [null, ["○"]], rows: 3 }))).getWorksheet("表决票")!;
    expect(ws.getCell("A4").numFmt).toBe("@");
    expect(ws.getCell("A5").numFmt).not.toBe("@");
  });
});
