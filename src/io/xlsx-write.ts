// Writing .xlsx workbooks a clerk opens in Excel or WPS: a styled, frozen header, columns wide enough for
// Chinese text, numbers as numbers, rates as percentages, A4 print setup. The OOXML is written here and
// zipped with fflate with a fixed timestamp and no document dates, so the same table gives the same bytes.
import { zipSync, type Zippable } from "fflate";

export type Cell = string | number | null;

/**
 * What a column holds. "text": as given (a number stays a number). "number": a plain decimal string
 * becomes a number (not "007", which keeps its zeros). "percent": a number is a fraction (0.8364) and a
 * string "83.64%" is read as one; shown as 83.64%.
 */
export type ColumnKind = "text" | "number" | "percent";

export interface SheetSpec {
  /** Sheet name (at most 31 characters, none of []:*?/\). */
  name: string;
  header: readonly string[];
  rows: readonly (readonly Cell[])[];
  kinds?: readonly ColumnKind[];
  /** A drop-down list per column (null: free entry) for `validationRows` rows below the header. */
  choices?: readonly (readonly string[] | null)[];
  validationRows?: number;
}

/** Zips OOXML parts in the order given, each with the same fixed time and compression. */
export function ooxmlZip(parts: readonly [string, string][]): Uint8Array {
  // ZIP times are local: a Date built from local parts now is 1980-01-01 12:00 in whatever zone this runs.
  const FIXED_TIME = new Date(1980, 0, 1, 12, 0, 0);
  const files: Zippable = {};
  const encoder = new TextEncoder();
  // Stored, not deflated (ZIP allows both, Office reads both): deflating in JavaScript took longer than the
  // rest of a township tally's writing, whatever the level.
  for (const [name, text] of parts) files[name] = [encoder.encode(text), { level: 0, mtime: FIXED_TIME }];
  return zipSync(files, { level: 0, mtime: FIXED_TIME });
}

/** Text as XML content: the five specials escaped, characters XML cannot hold written as Excel does (_x0001_). */
export function xmlText(s: string): string {
  return s
    .replace(/_x[0-9A-Fa-f]{4}_/g, (m) => `_x005F${m}`)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`)
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Display width in Excel's units (the width of "0"): CJK and full-width characters count two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return w;
}

function columnLetters(column: number): string {
  let s = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const PLAIN_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;
const PERCENT = /^(-?\d+(?:\.\d+)?)\s*%$/;

/** Style indexes of styles.xml below: header, body text, body number, body percent. */
const STYLE = { header: 1, text: 2, number: 3, percent: 4 } as const;

function cellValue(value: Cell, kind: ColumnKind): { number: number; style: number } | { text: string } | null {
  if (value === null || value === "") return null;
  if (typeof value === "number") return Number.isFinite(value) ? { number: value, style: kind === "percent" ? STYLE.percent : STYLE.number } : { text: String(value) };
  if (kind === "number" && PLAIN_NUMBER.test(value)) return { number: Number(value), style: STYLE.number };
  const pct = kind === "percent" ? PERCENT.exec(value) : null;
  if (pct) return { number: Number((Number(pct[1]) / 100).toPrecision(15)), style: STYLE.percent };
  return { text: value };
}

const SHEET_NAME_BAD = /[[\]:*?/\\]/;

/** The workbook of one or more tables. Throws (a bug, not a clerk's mistake) on a sheet name Excel refuses. */
export function writeXlsx(sheets: readonly SheetSpec[]): Uint8Array {
  if (sheets.length === 0) throw new Error("a workbook needs a sheet");
  const strings = new Map<string, number>();
  const shared = (s: string) => {
    let i = strings.get(s);
    if (i === undefined) strings.set(s, i = strings.size);
    return i;
  };
  const names = new Set<string>();
  for (const s of sheets) {
    if (s.name === "" || [...s.name].length > 31 || SHEET_NAME_BAD.test(s.name) || names.has(s.name.toLowerCase())) throw new Error(`bad sheet name: ${s.name}`);
    names.add(s.name.toLowerCase());
  }
  const sheetXml = sheets.map((s) => worksheet(s, shared));
  const parts: [string, string][] = [
    ["[Content_Types].xml", contentTypes(sheets.length)],
    ["_rels/.rels", ROOT_RELS],
    ["docProps/app.xml", APP],
    ["docProps/core.xml", CORE],
    ["xl/workbook.xml", workbook(sheets)],
    ["xl/_rels/workbook.xml.rels", workbookRels(sheets.length)],
    ["xl/styles.xml", STYLES],
    ["xl/sharedStrings.xml", sharedStringsXml([...strings.keys()])],
    ...sheetXml.map((x, i) => [`xl/worksheets/sheet${i + 1}.xml`, x] as [string, string]),
  ];
  return ooxmlZip(parts);
}

/**
 * The entry template: the header, then `rows` empty rows whose cells offer a drop-down of the allowed
 * values (the marks of a candidate column; null for a free column such as 票号).
 */
export function writeEntryTemplate(spec: { name: string; header: readonly string[]; choices: readonly (readonly string[] | null)[]; rows: number }): Uint8Array {
  return writeXlsx([{ name: spec.name, header: spec.header, rows: [], choices: spec.choices, validationRows: spec.rows, kinds: spec.header.map(() => "text") }]);
}

const XML_HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

function worksheet(spec: SheetSpec, shared: (s: string) => number): string {
  const width = spec.header.length;
  const kinds = spec.header.map((_, i) => spec.kinds?.[i] ?? "text");
  const widths = spec.header.map((h) => displayWidth(h) + 2);
  const rows: string[] = [];
  const row = (r: number, cells: string[]) => rows.push(`<row r="${r}">${cells.join("")}</row>`);
  row(1, spec.header.map((h, c) => `<c r="${columnLetters(c + 1)}1" s="${STYLE.header}" t="s"><v>${shared(h)}</v></c>`));
  spec.rows.forEach((values, i) => {
    const r = i + 2;
    const cells: string[] = [];
    for (let c = 0; c < width; c++) {
      const ref = `${columnLetters(c + 1)}${r}`;
      const v = cellValue(values[c] ?? null, kinds[c]!);
      if (v === null) { cells.push(`<c r="${ref}" s="${STYLE.text}"/>`); continue; }
      if ("text" in v) {
        cells.push(`<c r="${ref}" s="${STYLE.text}" t="s"><v>${shared(v.text)}</v></c>`);
        widths[c] = Math.max(widths[c]!, Math.max(...v.text.split("\n").map(displayWidth)) + 2);
      } else {
        cells.push(`<c r="${ref}" s="${v.style}"><v>${v.number}</v></c>`);
        widths[c] = Math.max(widths[c]!, String(v.number).length + (v.style === STYLE.percent ? 4 : 2));
      }
    }
    row(r, cells);
  });
  // Empty entry rows formatted as text, so a serial number typed as 001 keeps its zeros.
  for (let r = spec.rows.length + 2; r <= (spec.validationRows ?? 0) + 1; r++) {
    row(r, spec.header.map((_, c) => `<c r="${columnLetters(c + 1)}${r}" s="${STYLE.text}"/>`));
  }
  const lastRow = Math.max(1 + spec.rows.length, 1 + (spec.validationRows ?? 0));
  const lastCell = `${columnLetters(width)}${lastRow}`;
  const cols = widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${Math.min(60, Math.max(8, w))}" customWidth="1"/>`).join("");
  const validations = (spec.choices ?? []).map((list, c) => {
    if (!list || list.length === 0 || !spec.validationRows) return "";
    const formula = `"${list.map((v) => v.replace(/"/g, "\"\"")).join(",")}"`;
    // Excel holds a literal list of at most 255 characters, and a comma always separates.
    if (formula.length > 257 || list.some((v) => v.includes(","))) throw new Error(`drop-down list too long or with a comma: ${list.join(",")}`);
    const col = columnLetters(c + 1);
    return `<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" errorTitle="${xmlText("输入有误")}" error="${xmlText(`只能填：${list.join(" ")}`)}" promptTitle="${xmlText(spec.header[c] ?? "")}" prompt="${xmlText(`从下拉列表中选择：${list.join(" ")}`)}" sqref="${col}2:${col}${spec.validationRows + 1}"><formula1>${xmlText(formula)}</formula1></dataValidation>`;
  }).filter((v) => v !== "");
  return XML_HEAD +
    `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
    `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>` +
    `<dimension ref="A1:${lastCell}"/>` +
    `<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/>` +
    `<cols>${cols}</cols>` +
    `<sheetData>${rows.join("")}</sheetData>` +
    (validations.length > 0 ? `<dataValidations count="${validations.length}">${validations.join("")}</dataValidations>` : "") +
    `<printOptions horizontalCentered="1"/>` +
    `<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>` +
    `<pageSetup paperSize="9" orientation="${width > 6 ? "landscape" : "portrait"}" fitToWidth="1" fitToHeight="0"/>` +
    `<headerFooter><oddFooter>${xmlText("&C第 &P 页，共 &N 页")}</oddFooter></headerFooter>` +
    `</worksheet>`;
}

function workbook(sheets: readonly SheetSpec[]): string {
  const list = sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("");
  // The header row repeats on every printed page.
  const titles = sheets.map((s, i) => `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${xmlText(`'${s.name.replace(/'/g, "''")}'!$1:$1`)}</definedName>`).join("");
  return XML_HEAD +
    `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><workbookPr/>` +
    `<bookViews><workbookView activeTab="0"/></bookViews><sheets>${list}</sheets><definedNames>${titles}</definedNames><calcPr calcId="0"/></workbook>`;
}

function workbookRels(count: number): string {
  const rels: string[] = [];
  for (let i = 1; i <= count; i++) rels.push(`<Relationship Id="rId${i}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${i}.xml"/>`);
  rels.push(`<Relationship Id="rId${count + 1}" Type="${NS_REL}/styles" Target="styles.xml"/>`);
  rels.push(`<Relationship Id="rId${count + 2}" Type="${NS_REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  return XML_HEAD + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join("")}</Relationships>`;
}

function contentTypes(count: number): string {
  const sheets: string[] = [];
  for (let i = 1; i <= count; i++) sheets.push(`<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`);
  return XML_HEAD +
    `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
    sheets.join("") +
    `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
    `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` +
    `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
    `<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
    `</Types>`;
}

function sharedStringsXml(list: readonly string[]): string {
  const items = list.map((s) => `<si><t${/^\s|\s$|\n/.test(s) ? " xml:space=\"preserve\"" : ""}>${xmlText(s)}</t></si>`).join("");
  return XML_HEAD + `<sst xmlns="${NS_MAIN}" count="${list.length}" uniqueCount="${list.length}">${items}</sst>`;
}

const ROOT_RELS = XML_HEAD +
  `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/>` +
  `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
  `<Relationship Id="rId3" Type="${NS_REL}/extended-properties" Target="docProps/app.xml"/>` +
  `</Relationships>`;

/** Document properties without dates or a user name: they would make two runs differ. */
export const CORE = XML_HEAD +
  `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>piaojue</dc:creator></cp:coreProperties>`;

export const APP = XML_HEAD +
  `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>piaojue</Application></Properties>`;

/** Fonts: 宋体 11 (charset 134, GB2312) and its bold; a grey fill and thin borders for the table. */
const STYLES = XML_HEAD +
  `<styleSheet xmlns="${NS_MAIN}">` +
  `<numFmts count="1"><numFmt numFmtId="164" formatCode="0.00%"/></numFmts>` +
  `<fonts count="2"><font><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font><font><b/><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font></fonts>` +
  `<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFD9D9D9"/><bgColor indexed="64"/></patternFill></fill></fills>` +
  `<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>` +
  `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
  `<cellXfs count="5">` +
  `<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
  `<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>` +
  `<xf numFmtId="49" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>` +
  `<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="center"/></xf>` +
  `<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="center"/></xf>` +
  `</cellXfs>` +
  `<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>` +
  `</styleSheet>`;
