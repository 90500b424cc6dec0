// Writing the 公告 and the evaluation report as .docx: read by a second reader (mammoth) for the text and
// the table, the layout checked in the XML (A4, GB/T 9704 margins, fonts), byte-identical across runs.
import { strFromU8, unzipSync } from "fflate";
import mammoth from "mammoth";
import { describe, expect, it } from "vitest";
import { chineseDate, writeDocx, type OfficialDocument } from "../../src/io/docx-write.js";

const ANNOUNCEMENT: OfficialDocument = {
  docNumber: "青山镇人大〔2026〕3号",
  title: "青山镇2026年民生实事项目票决结果公告",
  recipient: "全镇广大群众：",
  body: [
    "2026年1月15日，青山镇第十八届人民代表大会第六次会议以无记名投票方式，对12个民生实事候选项目进行了票决。",
    { heading: 1, text: "一、票决结果" },
    "应到代表55名，实到52名，发出表决票52张，收回52张，其中有效票51张。",
  ],
  table: {
    caption: "表1　票决结果",
    header: ["名次", "编号", "项目名称", "赞成", "赞成率", "结果"],
    rows: [[1, "P01", "镇卫生院住院楼改造", 50, "98.04%", "当选"], [2, "P02", "农村饮水安全提升工程 & <供水>", 48, "94.12%", "当选"]],
    numeric: [true, false, false, true, true, false],
  },
  after: ["特此公告。"],
  signature: ["青山镇人民代表大会主席团"],
  date: "2026-01-15",
};

describe("an official document as .docx", () => {
  it("reads in mammoth (a second reader) in the official order: 文号, title, body, table, 落款, date", async () => {
    const bytes = writeDocx(ANNOUNCEMENT);
    const { value: text } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    const order = ["青山镇人大〔2026〕3号", "青山镇2026年民生实事项目票决结果公告", "全镇广大群众：", "以无记名投票方式", "一、票决结果", "表1　票决结果",
      "镇卫生院住院楼改造", "农村饮水安全提升工程 & <供水>", "特此公告。", "青山镇人民代表大会主席团", "2026年1月15日"];
    let at = -1;
    for (const piece of order) {
      const i = text.indexOf(piece, at + 1);
      expect(i, piece).toBeGreaterThan(at);
      at = i;
    }
    const { value: html, messages } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
    expect(messages.filter((m) => m.type === "error")).toEqual([]);
    const cells = [...html.matchAll(/<t[dh]>(?:<p>)?(.*?)(?:<\/p>)?<\/t[dh]>/g)].map((m) => m[1]);
    expect(cells.slice(0, 12)).toEqual(["名次", "编号", "项目名称", "赞成", "赞成率", "结果", "1", "P01", "镇卫生院住院楼改造", "50", "98.04%", "当选"]);
    expect(html).toContain("农村饮水安全提升工程 &amp; &lt;供水&gt;");
  });

  it("is laid out on A4 with the GB/T 9704 margins, 仿宋 三号 body on a fixed line, 小标宋 二号 title, repeated table header", () => {
    const xml = strFromU8(unzipSync(writeDocx(ANNOUNCEMENT))["word/document.xml"]!);
    expect(xml).toContain("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>");
    expect(xml).toContain("<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\"");
    expect(xml).toMatch(/w:eastAsia="方正小标宋简体"[^]*?<w:sz w:val="44"\/>/);
    expect(xml).toMatch(/<w:ind w:firstLineChars="200" w:firstLine="640"\/><w:jc w:val="both"\/><\/w:pPr><w:r><w:rPr><w:rFonts [^>]*w:eastAsia="仿宋_GB2312"[^>]*\/><w:sz w:val="32"\/>/);
    expect(xml).toContain("w:line=\"579\" w:lineRule=\"exact\"");
    expect(xml).toContain("<w:tblHeader/>");
    expect(xml.indexOf("青山镇人大〔2026〕3号")).toBeLessThan(xml.indexOf("票决结果公告"));
  });

  it("is byte-identical when written twice and in another time zone; leaves out what is not given", async () => {
    const before = process.env["TZ"];
    try {
      process.env["TZ"] = "Asia/Shanghai";
      const a = writeDocx(ANNOUNCEMENT);
      process.env["TZ"] = "Pacific/Auckland";
      expect(Buffer.from(writeDocx(ANNOUNCEMENT)).equals(Buffer.from(a))).toBe(true);
    } finally {
      if (before === undefined) delete process.env["TZ"]; else process.env["TZ"] = before;
    }
    const plain = writeDocx({ title: "测评报告", body: ["正文\n第二行", "含控制字符\u0001的文字"] });
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(plain) });
    expect(value).toContain("测评报告");
    expect((await mammoth.convertToHtml({ buffer: Buffer.from(plain) })).value).toContain("正文<br />第二行");
    expect(value).toContain("含控制字符的文字");
    expect(value).not.toMatch(/〔|年.*月.*日/);
  });

  it("writes the date as GB/T 9704 does", () => {
    expect(chineseDate("2026-01-05")).toBe("2026年1月5日");
    expect(chineseDate("2026年1月5日")).toBe("2026年1月5日");
  });
});

describe("table cell alignment", () => {
  /** Each body cell's text and its w:jc alignment, in document order. */
  function cellAlignments(bytes: Uint8Array): [string, string][] {
    const xml = strFromU8(unzipSync(bytes)["word/document.xml"]!);
    return [...xml.matchAll(/<w:tc>.*?<w:jc w:val="(\w+)"\/>.*?<w:t xml:space="preserve">([^<]*)<\/w:t>.*?<\/w:tc>/g)].map((m) => [m[2]!, m[1]!]);
  }

  it("figures right, a long text left, a short text centred, the header centred", () => {
    const cells = new Map(cellAlignments(writeDocx(ANNOUNCEMENT)));
    expect(cells.get("名次")).toBe("center");
    expect(cells.get("98.04%")).toBe("right");
    expect(cells.get("50")).toBe("right");
    expect(cells.get("镇卫生院住院楼改造")).toBe("center");
    expect(cells.get("农村饮水安全提升工程 & <供水>".replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))).toBe("left");
  });
});
