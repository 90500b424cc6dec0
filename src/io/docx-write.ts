// Writing an official document (公告, the evaluation report) as .docx in the layout of GB/T 9704: A4 with
// the standard margins, 文号 and a 小标宋 title centred, 仿宋 三号 body with a two-character indent on a
// fixed 28.95 pt line, a bordered table, 落款 and date on the right, page numbers "— 1 —" in the footer.
// No dates or names in the package and a fixed zip time: the same document gives the same bytes.
import { NS_REL, ooxmlPackage, XML_ESCAPES, XML_HEAD } from "./xlsx-write.js";
import { appendAll } from "../core/diagnostics.js";

/** Text as WordprocessingML content: characters XML cannot hold are dropped, the specials escaped. */
function xmlText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "").replace(/[&<>"]/g, (c) => XML_ESCAPES[c]!);
}

/** A paragraph of text, a heading, or a table standing among them. */
export type DocParagraph = string | { heading: 1 | 2; text: string } | { table: DocTable };

export interface DocTable {
  /** A line above the table, centred (e.g. 表 1 票决结果). */
  caption?: string;
  header: readonly string[];
  rows: readonly (readonly (string | number)[])[];
  /** Columns aligned right (numbers); the rest are centred or, for long text, left. */
  numeric?: readonly boolean[];
}

export interface OfficialDocument {
  title: string;
  /** 发文字号, e.g. 某人大〔2026〕3 号; written centred above the title. */
  docNumber?: string;
  /** 主送机关, e.g. 各位代表：, flush left above the body. */
  recipient?: string;
  body: readonly DocParagraph[];
  table?: DocTable;
  /** Paragraphs after the table. */
  after?: readonly DocParagraph[];
  /** 落款: the issuing body, one line each. */
  signature?: readonly string[];
  /** The date, YYYY-MM-DD (written 2026年1月15日) or already as it is to be printed. */
  date?: string;
}

/** 2026-01-15 → 2026年1月15日 (GB/T 9704-2012 writes the date in Arabic numerals); anything else as given. */
export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(iso.trim());
  return m ? `${m[1]}年${Number(m[2])}月${m[3] ? `${Number(m[3])}日` : ""}` : iso;
}

// Twips (1/20 pt; 1 mm ≈ 56.7): A4 and the margins of GB/T 9704 (top 37, bottom 35, left 28, right 26 mm).
const PAGE = { width: 11906, height: 16838, top: 2098, bottom: 1984, left: 1588, right: 1474 };
const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
/** 三号 is 16 pt (half-points 32); 二号 22 pt; 小四 12 pt. One 三号 character is 320 twips wide. */
const SIZE = { title: 44, body: 32, table: 24, footer: 28 };
const LINE = 579; // 28.95 pt: 22 lines to a page

const FONT = {
  title: "方正小标宋简体",
  body: "仿宋_GB2312",
  heading1: "黑体",
  heading2: "楷体_GB2312",
  latin: "Times New Roman",
};

function run(text: string, font: string, size: number): string {
  const props = `<w:rPr><w:rFonts w:ascii="${FONT.latin}" w:hAnsi="${FONT.latin}" w:eastAsia="${xmlText(font)}" ` +
    `w:cs="${FONT.latin}"/><w:sz w:val="${size}"/><w:szCs w:val="${size}"/></w:rPr>`;
  const lines = text.split("\n").map((l) => `<w:t xml:space="preserve">${xmlText(l)}</w:t>`);
  return `<w:r>${props}${lines.join("<w:br/>")}</w:r>`;
}

type Align = "center" | "right" | "both" | "left";

/** A paragraph, in the body's font and size unless told otherwise. */
function paragraph(text: string, o: { font?: string; size?: number; align?: Align; indent?: boolean;
  rightChars?: number; line?: number; keepNext?: boolean } = {}): string {
  const { font = FONT.body, size = SIZE.body } = o;
  const right = o.rightChars ?? 0;
  const ppr = [
    o.keepNext ? "<w:keepNext/>" : "",
    `<w:spacing w:before="0" w:after="0" w:line="${o.line ?? LINE}" w:lineRule="exact"/>`,
    o.indent ? `<w:ind w:firstLineChars="200" w:firstLine="${size * 20}"/>`
    : right ? `<w:ind w:rightChars="${right * 100}" w:right="${right * size * 10}"/>` : "",
    o.align ? `<w:jc w:val="${o.align}"/>` : "",
  ].join("");
  return `<w:p><w:pPr>${ppr}</w:pPr>${text === "" ? "" : run(text, font, size)}</w:p>`;
}

function bodyParagraph(p: DocParagraph): string {
  if (typeof p === "string") return paragraph(p, { align: "both", indent: true });
  if ("table" in p) return table(p.table);
  return paragraph(p.text, { font: p.heading === 1 ? FONT.heading1 : FONT.heading2, align: "both", indent: true, keepNext: true });
}

/** Column widths in proportion to the widest text of each column, within the text width. */
function columnWidths(t: DocTable): number[] {
  const width = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  const want = t.header.map((h, c) => Math.max(4, width(h), ...t.rows.map((r) => Math.min(30, width(String(r[c] ?? ""))))));
  const sum = want.reduce((a, b) => a + b, 0);
  const widths = want.map((w) => Math.floor((TEXT_WIDTH * w) / sum));
  widths[widths.length - 1]! += TEXT_WIDTH - widths.reduce((a, b) => a + b, 0);
  return widths;
}

function table(t: DocTable): string {
  const widths = columnWidths(t);
  const border = (side: string) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`;
  const cell = (text: string, c: number, header: boolean) => {
    const align = header ? "center" : t.numeric?.[c] ? "right" : [...text].length > 12 ? "left" : "center";
    return `<w:tc><w:tcPr><w:tcW w:w="${widths[c]}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>` +
      paragraph(text, { font: header ? FONT.heading1 : FONT.body, size: SIZE.table, align, line: 360 }) + `</w:tc>`;
  };
  const header = `<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>${t.header.map((h, c) => cell(h, c, true)).join("")}</w:tr>`;
  const rows = t.rows.map((r) => `<w:tr><w:trPr><w:cantSplit/></w:trPr>${t.header.map((_, c) => cell(String(r[c] ?? ""), c, false)).join("")}</w:tr>`).join("");
  return (t.caption ? paragraph(t.caption, { font: FONT.heading1, size: SIZE.table + 4, align: "center", keepNext: true }) : "") +
    `<w:tbl><w:tblPr><w:tblW w:w="${TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/>` +
    `<w:tblBorders>${["top", "left", "bottom", "right", "insideH", "insideV"].map(border).join("")}</w:tblBorders>` +
    `<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>` +
    `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join("")}</w:tblGrid>${header}${rows}</w:tbl>`;
}

const NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

function documentXml(doc: OfficialDocument): string {
  const blank = paragraph("");
  const parts: string[] = [];
  if (doc.docNumber) parts.push(paragraph(doc.docNumber, { align: "center" }), blank);
  parts.push(paragraph(doc.title, { font: FONT.title, size: SIZE.title, align: "center", line: 700 }), blank);
  if (doc.recipient) parts.push(paragraph(doc.recipient, { align: "left" }));
  appendAll(parts, doc.body.map(bodyParagraph));
  if (doc.table) parts.push(blank, table(doc.table));
  if (doc.after?.length) parts.push(blank, ...doc.after.map(bodyParagraph));
  // 落款 and date on the right, four characters in from the margin.
  if (doc.signature?.length || doc.date) parts.push(blank, blank);
  for (const line of [...(doc.signature ?? []), ...(doc.date ? [chineseDate(doc.date)] : [])]) {
    parts.push(paragraph(line, { align: "right", rightChars: 4 }));
  }
  const section = `<w:sectPr><w:footerReference w:type="default" r:id="rId2"/>` +
    `<w:pgSz w:w="${PAGE.width}" w:h="${PAGE.height}"/>` +
    `<w:pgMar w:top="${PAGE.top}" w:right="${PAGE.right}" w:bottom="${PAGE.bottom}" w:left="${PAGE.left}" w:header="851" w:footer="992" w:gutter="0"/>` +
    `<w:docGrid w:type="linesAndChars" w:linePitch="${LINE}" w:charSpace="0"/></w:sectPr>`;
  return XML_HEAD + `<w:document xmlns:w="${NS_W}" xmlns:r="${NS_REL}">` +
    `<w:body>${parts.join("")}${section}</w:body></w:document>`;
}

/** Page numbers as official documents print them: — 1 — centred, 宋体 四号. */
const FOOTER = XML_HEAD +
  `<w:ftr xmlns:w="${NS_W}" xmlns:r="${NS_REL}"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>` +
  `${run("— ", "宋体", SIZE.footer)}<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>${run("1", "宋体", SIZE.footer)}<w:r><w:fldChar w:fldCharType="end"/></w:r>${run(" —", "宋体", SIZE.footer)}` +
  `</w:p></w:ftr>`;

const STYLES = XML_HEAD +
  `<w:styles xmlns:w="${NS_W}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="${FONT.latin}" w:hAnsi="${FONT.latin}" w:eastAsia="${FONT.body}" w:cs="${FONT.latin}"/><w:sz w:val="${SIZE.body}"/><w:szCs w:val="${SIZE.body}"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>` +
  `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
  `<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
  `</w:styles>`;

const DOCUMENT_RELS = XML_HEAD +
  `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="${NS_REL}/styles" Target="styles.xml"/>` +
  `<Relationship Id="rId2" Type="${NS_REL}/footer" Target="footer1.xml"/>` +
  `</Relationships>`;

/** The .docx of an official document. */
export function writeDocx(doc: OfficialDocument): Uint8Array {
  return ooxmlPackage("word/document.xml", [
    ["word/document.xml", "wordprocessingml.document.main"],
    ["word/styles.xml", "wordprocessingml.styles"],
    ["word/footer1.xml", "wordprocessingml.footer"],
  ], [
    ["word/document.xml", documentXml(doc)],
    ["word/_rels/document.xml.rels", DOCUMENT_RELS],
    ["word/styles.xml", STYLES],
    ["word/footer1.xml", FOOTER],
  ]);
}
