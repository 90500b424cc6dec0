// Writing .xlsx workbooks a clerk opens in Excel or WPS: a styled, frozen header, columns wide enough for
// Chinese text, numbers as numbers, rates as percentages, A4 print setup. The OOXML is written here and
// stored in a ZIP with a fixed timestamp and no document dates, so the same table gives the same bytes.
import { crc32 } from "node:zlib";
import { displayWidth } from "./text-width.js";

/** A cell's column letters: 1 → A, 27 → AA. */
export function columnLetters(column: number): string {
  let s = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

type Cell = string | number | null;

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
  /** Said after a column's drop-down list in its prompt (what an empty cell means, when it is no abstention). */
  choiceNotes?: readonly (string | null)[];
  validationRows?: number;
}

export const XML_HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
export const NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_PACKAGE = "http://schemas.openxmlformats.org/package/2006";
const OFFICE_TYPE = "application/vnd.openxmlformats-officedocument";

/**
 * An OOXML package: its content types (`types`: each part's content type after OFFICE_TYPE), the
 * relationship to its `main` part and the document properties, then `parts`, each zipped with the same
 * fixed time and compression.
 */
export function ooxmlPackage(main: string, types: readonly [string, string][], parts: readonly [string, string][]) {
  const overrides = [...types.map(([part, type]) => [part, `${OFFICE_TYPE}.${type}+xml`]),
    ["docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"],
    ["docProps/app.xml", `${OFFICE_TYPE}.extended-properties+xml`]];
  const contentTypes = XML_HEAD + `<Types xmlns="${NS_PACKAGE}/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
    `<Default Extension="xml" ContentType="application/xml"/>` +
    overrides.map(([part, type]) => `<Override PartName="/${part}" ContentType="${type}"/>`).join("") + `</Types>`;
  const rootRels = XML_HEAD + `<Relationships xmlns="${NS_PACKAGE}/relationships">` +
    `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="${main}"/>` +
    `<Relationship Id="rId2" Type="${NS_PACKAGE}/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
    `<Relationship Id="rId3" Type="${NS_REL}/extended-properties" Target="docProps/app.xml"/>` +
    `</Relationships>`;
  const all: [string, string][] = [["[Content_Types].xml", contentTypes], ["_rels/.rels", rootRels],
    ["docProps/app.xml", APP], ["docProps/core.xml", CORE], ...parts];
  const encoder = new TextEncoder();
  return storedZip(all.map(([name, text]) => [name, encoder.encode(text)]));
}

/** 1980-01-01 12:00 as a ZIP (MS-DOS) date and time: the year 1980 + 0, month 1, day 1, hour 12. */
const DOS_TIME = (1 << 21) | (1 << 16) | (12 << 11);

/**
 * A ZIP archive of stored entries (ZIP allows stored or deflated, Office reads both): deflating in
 * JavaScript took longer than the rest of a township tally's writing. Names are ASCII, so no UTF-8 flag.
 */
export function storedZip(entries: readonly (readonly [string, Uint8Array])[]): Uint8Array {
  const u16 = (v: number) => { const b = Buffer.alloc(2); b.writeUInt16LE(v); return b; };
  const u32 = (v: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(v >>> 0); return b; };
  const local: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const fileName = Buffer.from(name, "utf8");
    // What the local header and the directory entry share: version 2.0 needed, no flags, stored, the
    // time, the CRC, both sizes (the same: stored), the name's length, no extra field.
    const common = Buffer.concat([u16(20), u16(0), u16(0), u32(DOS_TIME), u32(crc32(data)), u32(data.length), u32(data.length), u16(fileName.length), u16(0)]);
    local.push(u32(0x04034b50), common, fileName, data);
    // Made by version 2.0; no comment, disk 0, no attributes; where its local header is.
    central.push(u32(0x02014b50), u16(20), common, Buffer.alloc(10), u32(offset), fileName);
    offset += 30 + fileName.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.concat([u32(0x06054b50), u32(0), u16(entries.length), u16(entries.length), u32(directory.length), u32(offset), u16(0)]);
  return new Uint8Array(Buffer.concat([...local, directory, end]));
}

export const XML_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" };

/** Text as XML content: the five specials escaped, characters XML cannot hold written as Excel does (_x0001_). */
function xmlText(s: string): string {
  const hex = (c: string) => c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
  return s
    .replace(/_x[0-9A-Fa-f]{4}_/g, (m) => `_x005F${m}`)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => `_x${hex(c)}_`)
    .replace(/[&<>"]/g, (c) => XML_ESCAPES[c]!);
}

/** Style indexes of styles.xml below: header, body text, body number, body percent, body number with one decimal. */
const STYLE = { header: 1, text: 2, number: 3, percent: 4, decimal1: 5 } as const;

function cellValue(value: Cell, kind: ColumnKind): { number: number; style: number } | { text: string } | null {
  if (value === null || value === "") return null;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return { text: String(value) };
    return { number: value, style: kind === "percent" ? STYLE.percent : STYLE.number };
  }
  const plain = kind === "number" && /^-?(0|[1-9]\d*)(\.\d+)?$/.test(value);
  // One decimal in the CSV (得分 80.0) keeps it in the cell, where General would show 80.
  if (plain) return { number: Number(value), style: /\.\d$/.test(value) ? STYLE.decimal1 : STYLE.number };
  // A rate in a number column (a summary's 值: 完成率 90.0%) is a percentage too.
  const pct = kind !== "text" ? /^(-?\d+(?:\.\d+)?)\s*%$/.exec(value) : null;
  if (pct) return { number: Number((Number(pct[1]) / 100).toPrecision(15)), style: STYLE.percent };
  return { text: value };
}

/** The workbook of one or more tables. Throws (a bug, not a clerk's mistake) on a sheet name Excel refuses. */
export function writeXlsx(sheets: readonly SheetSpec[]): Uint8Array {
  if (sheets.length === 0) throw new Error("a workbook needs a sheet");
  const strings = new Map<string, number>();
  const shared = (s: string) => {
    if (!strings.has(s)) strings.set(s, strings.size);
    return strings.get(s)!;
  };
  const names = new Set<string>();
  for (const { name } of sheets) {
    const bad = name === "" || [...name].length > 31 || /[[\]:*?/\\]/.test(name) || names.has(name.toLowerCase());
    if (bad) throw new Error(`bad sheet name: ${name}`);
    names.add(name.toLowerCase());
  }
  const sheetXml = sheets.map((s) => worksheet(s, shared));
  const targets = [...sheets.map((_, i) => ["worksheet", `worksheets/sheet${i + 1}.xml`]),
    ["styles", "styles.xml"], ["sharedStrings", "sharedStrings.xml"]];
  const rels = targets.map(([type, target], i) =>
    `<Relationship Id="rId${i + 1}" Type="${NS_REL}/${type}" Target="${target}"/>`);
  const list = [...strings.keys()].map((s) =>
    `<si><t${/^\s|\s$|\n/.test(s) ? " xml:space=\"preserve\"" : ""}>${xmlText(s)}</t></si>`).join("");
  const sheetParts = sheets.map((_, i) => `xl/worksheets/sheet${i + 1}.xml`);
  return ooxmlPackage("xl/workbook.xml", [
    ["xl/workbook.xml", "spreadsheetml.sheet.main"],
    ...sheetParts.map((part): [string, string] => [part, "spreadsheetml.worksheet"]),
    ["xl/styles.xml", "spreadsheetml.styles"],
    ["xl/sharedStrings.xml", "spreadsheetml.sharedStrings"],
  ], [
    ["xl/workbook.xml", workbook(sheets)],
    ["xl/_rels/workbook.xml.rels",
      XML_HEAD + `<Relationships xmlns="${NS_PACKAGE}/relationships">${rels.join("")}</Relationships>`],
    ["xl/styles.xml", STYLES],
    ["xl/sharedStrings.xml", XML_HEAD +
      `<sst xmlns="${NS_MAIN}" count="${strings.size}" uniqueCount="${strings.size}">${list}</sst>`],
    ...sheetXml.map((x, i): [string, string] => [sheetParts[i]!, x]),
  ]);
}

/**
 * The entry template: the header, then `rows` empty rows whose cells offer a drop-down of the allowed
 * values (the marks of a candidate column; null for a free column such as 票号).
 */
export function writeEntryTemplate(spec: Pick<SheetSpec, "name" | "header" | "choices" | "choiceNotes"> & { rows: number }) {
  return writeXlsx([{ ...spec, rows: [], validationRows: spec.rows }]);
}

function worksheet(spec: SheetSpec, shared: (s: string) => number): string {
  const width = spec.header.length;
  const entryRows = spec.validationRows ?? 0;
  const widths = spec.header.map((h) => displayWidth(h) + 2);
  const rows: string[] = [];
  const row = (r: number, cells: string[]) => rows.push(`<row r="${r}">${cells.join("")}</row>`);
  const ref = (c: number, r: number) => `${columnLetters(c + 1)}${r}`;
  row(1, spec.header.map((h, c) => `<c r="${ref(c, 1)}" s="${STYLE.header}" t="s"><v>${shared(h)}</v></c>`));
  spec.rows.forEach((values, i) => {
    const r = i + 2;
    row(r, spec.header.map((_, c) => {
      const v = cellValue(values[c] ?? null, spec.kinds?.[c] ?? "text");
      if (v === null) return `<c r="${ref(c, r)}" s="${STYLE.text}"/>`;
      if ("text" in v) {
        widths[c] = Math.max(widths[c]!, Math.max(...v.text.split("\n").map(displayWidth)) + 2);
        return `<c r="${ref(c, r)}" s="${STYLE.text}" t="s"><v>${shared(v.text)}</v></c>`;
      }
      widths[c] = Math.max(widths[c]!, String(v.number).length + (v.style === STYLE.percent ? 4 : 2));
      return `<c r="${ref(c, r)}" s="${v.style}"><v>${v.number}</v></c>`;
    }));
  });
  // Empty entry rows formatted as text, so a serial number typed as 001 keeps its zeros.
  for (let r = spec.rows.length + 2; r <= entryRows + 1; r++) {
    row(r, spec.header.map((_, c) => `<c r="${ref(c, r)}" s="${STYLE.text}"/>`));
  }
  const lastCell = ref(width - 1, Math.max(1 + spec.rows.length, 1 + entryRows));
  const cols = widths.map((w, i) =>
    `<col min="${i + 1}" max="${i + 1}" width="${Math.min(60, Math.max(8, w))}" customWidth="1"/>`).join("");
  const validations = (spec.choices ?? []).flatMap((list, c) => {
    if (!list || list.length === 0 || !entryRows) return [];
    const formula = `"${list.map((v) => v.replace(/"/g, "\"\"")).join(",")}"`;
    // Excel holds a literal list of at most 255 characters, and a comma always separates: a list of marks
    // it cannot hold (rules.marks may give many, or one with a comma) leaves the column to free entry.
    if (formula.length > 257 || list.some((v) => v.includes(","))) return [];
    const col = columnLetters(c + 1);
    // Excel's limits on a validation's texts (a title 32 characters, an error 225, a prompt 255): longer, it
    // offers to repair the file and drops the lists.
    const limit = (text: string, most: number) => (text.length <= most ? text : `${text.slice(0, most - 1)}…`);
    return [`<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" ` +
      `errorTitle="${xmlText("输入有误")}" error="${xmlText(limit(`只能填：${list.join(" ")}`, 225))}" ` +
      `promptTitle="${xmlText(limit(spec.header[c] ?? "", 32))}" prompt="${xmlText(limit(`从下拉列表中选择：${list.join(" ")}${spec.choiceNotes?.[c] ? `；${spec.choiceNotes[c]}` : ""}`, 255))}" ` +
      `sqref="${col}2:${col}${entryRows + 1}"><formula1>${xmlText(formula)}</formula1></dataValidation>`];
  });
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
  const list = sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`);
  // The header row repeats on every printed page.
  const titles = sheets.map((s, i) => `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">` +
    `${xmlText(`'${s.name.replace(/'/g, "''")}'!$1:$1`)}</definedName>`);
  return XML_HEAD +
    `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><workbookPr/>` +
    `<bookViews><workbookView activeTab="0"/></bookViews><sheets>${list.join("")}</sheets>` +
    `<definedNames>${titles.join("")}</definedNames><calcPr calcId="0"/></workbook>`;
}

/** Document properties without dates or a user name: they would make two runs differ. */
const CORE = XML_HEAD +
  `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>piaojue</dc:creator></cp:coreProperties>`;

const APP = XML_HEAD +
  `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>piaojue</Application></Properties>`;

/** Fonts: 宋体 11 (charset 134, GB2312) and its bold; a grey fill and thin borders for the table. */
const STYLES = XML_HEAD +
  `<styleSheet xmlns="${NS_MAIN}">` +
  `<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="0.0"/></numFmts>` +
  `<fonts count="2"><font><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font><font><b/><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font></fonts>` +
  `<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFD9D9D9"/><bgColor indexed="64"/></patternFill></fill></fills>` +
  `<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>` +
  `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
  `<cellXfs count="6">` +
  `<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
  `<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>` +
  `<xf numFmtId="49" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>` +
  `<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="center"/></xf>` +
  `<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="center"/></xf>` +
  `<xf numFmtId="165" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="center"/></xf>` +
  `</cellXfs>` +
  `<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>` +
  `</styleSheet>`;
