// Workbooks built part by part, as Excel saves them (shared strings with phonetic runs, a date style, a
// merged title row, formatted empty rows below the table, core properties with dates), and the hostile
// variants the reader must refuse.
import { zipSync, type Zippable } from "fflate";

export type Parts = Record<string, string | Uint8Array>;

const HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";
const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

export function zipParts(parts: Parts, level: 0 | 6 | 9 = 6): Uint8Array {
  const files: Zippable = {};
  for (const [name, data] of Object.entries(parts)) files[name] = [typeof data === "string" ? new TextEncoder().encode(data) : data, { level }];
  return zipSync(files, { mtime: new Date(2026, 0, 15, 9, 30, 0) });
}

export interface SheetPart { name: string; xml: string; state?: "hidden" }

/** The parts of a workbook with these sheets, shared strings and cell formats (numFmtId per xf). */
export function workbookParts(sheets: SheetPart[], strings: string[] = [], xfs: number[] = [0], customFormats: Record<number, string> = {}): Parts {
  const parts: Parts = {
    "[Content_Types].xml": HEAD + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join("")}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`,
    "_rels/.rels": HEAD + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
    "docProps/core.xml": HEAD + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>镇人大办</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2026-01-10T02:11:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-15T01:30:00Z</dcterms:modified></cp:coreProperties>`,
    "xl/workbook.xml": HEAD + `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><fileVersion appName="xl" lastEdited="7"/><workbookPr defaultThemeVersion="164011"/><bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300"/></bookViews><sheets>${sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ""} r:id="rId${i + 1}"/>`).join("")}</sheets><calcPr calcId="171027"/></workbook>`,
    "xl/_rels/workbook.xml.rels": HEAD + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("")}<Relationship Id="rId${sheets.length + 1}" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rId${sheets.length + 2}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    "xl/styles.xml": HEAD + `<styleSheet xmlns="${MAIN}"><numFmts count="${Object.keys(customFormats).length}">${Object.entries(customFormats).map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${code.replace(/&/g, "&amp;").replace(/"/g, "&quot;")}"/>`).join("")}</numFmts><fonts count="1"><font><sz val="11"/><name val="等线"/><charset val="134"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="${xfs.length}">${xfs.map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"${id ? " applyNumberFormat=\"1\"" : ""}/>`).join("")}</cellXfs></styleSheet>`,
    "xl/sharedStrings.xml": HEAD + `<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => (s.startsWith("<") ? `<si>${s}</si>` : `<si><t>${s}</t></si>`)).join("")}</sst>`,
  };
  sheets.forEach((s, i) => { parts[`xl/worksheets/sheet${i + 1}.xml`] = s.xml; });
  return parts;
}

/** A worksheet part around rows (and merges) written as Excel writes them. */
export function sheetXml(rows: string, merges: string[] = [], dimension = "A1:D9"): string {
  return HEAD + `<worksheet xmlns="${MAIN}" xmlns:r="${REL}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><dimension ref="${dimension}"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="14.25"/><sheetData>${rows}</sheetData>${merges.length ? `<mergeCells count="${merges.length}">${merges.map((m) => `<mergeCell ref="${m}"/>`).join("")}</mergeCells>` : ""}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;
}

/**
 * candidates.xlsx as a clerk's Excel saves it: a 填表说明 sheet first, then 候选项目 with a merged title
 * row, the header in row 2, a name with a phonetic guide, 260 left as 260.00000000000003 by a sum, a
 * month cell (yyyy"年"m"月"), a date cell, a formula with its cached value, and formatted empty rows below.
 */
export function excelCandidates(): Uint8Array {
  const strings = [
    "2026年民生实事候选项目", "编号", "项目名称", "投入资金（万元）", "完成时限", "P01",
    "<r><t>镇卫生院</t></r><r><rPr><b/></rPr><t>住院楼改造</t></r><rPh sb=\"0\" eb=\"3\"><t>ZHENWEISHENGYUAN</t></rPh>",
    "P02", "农村饮水安全提升工程", "P03", "中心小学塑胶运动场建设", "请在第二个工作表填写", "  ",
  ];
  const rows = [
    `<row r="1" spans="1:4" ht="30" customHeight="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="0"/><c r="C1"/><c r="D1"/></row>`,
    `<row r="2" spans="1:4"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="s"><v>3</v></c><c r="D2" t="s"><v>4</v></c></row>`,
    `<row r="3" spans="1:4"><c r="A3" t="s"><v>5</v></c><c r="B3" t="s"><v>6</v></c><c r="C3"><v>680</v></c><c r="D3" s="1"><v>46327</v></c></row>`,
    `<row r="4" spans="1:4"><c r="A4" t="s"><v>7</v></c><c r="B4" t="s"><v>8</v></c><c r="C4"><f>300+220</f><v>520</v></c><c r="D4" s="2"><v>46265</v></c></row>`,
    `<row r="5" spans="1:4"><c r="A5" t="s"><v>9</v></c><c r="B5" t="s"><v>10</v></c><c r="C5"><v>260.00000000000003</v></c><c r="D5" s="1"><v>46235</v></c></row>`,
    `<row r="6" spans="1:4"><c r="A6" s="1"/><c r="B6" t="s"><v>12</v></c></row>`,
    `<row r="7" spans="1:4"><c r="A7" s="1"/></row>`,
  ].join("");
  const info = sheetXml(`<row r="1"><c r="A1" t="s"><v>11</v></c></row>`, [], "A1");
  return zipParts(workbookParts(
    [{ name: "填表说明", xml: info }, { name: "候选项目", xml: sheetXml(rows, ["A1:D1"], "A1:D7") }],
    strings, [0, 176, 14], { 176: "yyyy\"年\"m\"月\";@" },
  ));
}
