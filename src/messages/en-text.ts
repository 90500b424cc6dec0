// English for `--lang en` (SPEC §9) of the diagnostics whose Chinese words are still written at the call
// site (errorText/warningText); diagnostics made with error/warning take their words from en.ts. This
// table renders the Chinese text in English. Three ways, best first:
//   1. the diagnostic carries params (the values its message quotes) → an English sentence with the values;
//      without params, an entry's `derive` pattern may read the same values back from the Chinese message;
//   2. the Chinese sentence is a fixed one listed in FIXED → its English;
//   3. otherwise the code's English sentence followed by the Chinese message in parentheses, so no value
//      (a column name, a number, a mark) is ever lost.
import type { Diagnostic } from "../core/diagnostics.js";

type Params = Record<string, string | number>;

type Template = (p: Params) => string | undefined;

export interface EnglishEntry {
  /** What the code means, as one English sentence (used alone only when nothing better is known). */
  message: string;
  /** What to do, in general terms. */
  hint?: string;
  /** The full English message from the diagnostic's params; undefined when the params it needs are absent. */
  withParams?: Template;
  hintWithParams?: Template;
  /**
   * Reads the values back from the Chinese message, for diagnostics raised without params (call sites in
   * io/csv.ts, commands/rounds.ts and the ballot-counting loop, which pass none). When the wording changes
   * and the pattern no longer matches, rendering falls back to way 3 (nothing is lost).
   */
  derive?: RegExp;
  /** The same for the hint. */
  deriveHint?: RegExp;
}

const QUOTED_MAX = 40;
const MESSAGE_MAX = 400;

/** A value the user wrote, quoted: line breaks and control characters visible, long values clipped. */
function q(value: string | number | undefined): string {
  // eslint-disable-next-line no-control-regex
  const visible = String(value ?? "").replace(/\r\n|\r|\n/g, "↵").replace(/\t/g, "⇥").replace(/[\u0000-\u001f\u007f]/g, "�");
  const chars = [...visible];
  return `“${chars.length > QUOTED_MAX ? `${chars.slice(0, QUOTED_MAX - 10).join("")}… (${chars.length} characters)` : visible}”`;
}

function has(p: Params, ...keys: string[]): boolean {
  return keys.every((k) => p[k] !== undefined);
}

function plural(n: string | number | undefined, one: string, many = `${one}s`): string {
  return `${n} ${Number(n) === 1 ? one : many}`;
}

function cap(s: string): string {
  const chars = [...s];
  return chars.length > MESSAGE_MAX ? `${chars.slice(0, MESSAGE_MAX).join("")}…` : s;
}

/** Fixed Chinese sentences (messages, hints, reasons) and their English. */
export const FIXED: Record<string, string> = {
  "在 counted 中写 {\"returned\": 收回票数, \"void\": 无效票数}": "Add {\"returned\": returned ballots, \"void\": void ballots} to counted",
  // Messages.
  "文件是空的，没有表头": "The file is empty: there is no header row",
  "没有测评结果文件": "There is no file with evaluation results",
  "表头有空列名": "A column in the header has no name",
  "引号结束后紧跟了其他字符": "A closing quote is followed by other characters",
  "未加引号的单元格中间出现了双引号": "A double quote appears inside a cell that is not quoted",
  "引号没有结束：文件在引号内结束": "A quote is never closed: the file ends inside a quoted cell",
  "文件在一个字符的中间结束，可能没有保存完整或复制时被截断": "The file ends in the middle of a character; it may not have been saved completely, or was cut off while copying",
  "文件含有空字符（NUL），不是文本文件": "The file contains NUL characters; it is not a text file",
  "文件既不是 UTF-8 也不是 GB18030 编码，无法读取": "The file is neither UTF-8 nor GB18030 and cannot be read",
  "文件不是有效的 GB18030 编码": "The file is not valid GB18030",
  "文件不是有效的 UTF-8 编码": "The file is not valid UTF-8",
  "文件不是有效的 UTF-16 编码（可能被截断）": "The file is not valid UTF-16 (it may have been cut off)",
  "另一个 piaojue 正在写这个输出文件夹": "Another piaojue is writing to this output folder",
  "计票时没有这个文件，现在计票会读取它": "This file did not exist at the tally; a tally now would read it",
  "上次写出没有完成（进程被中断）": "The last write did not finish (the process was interrupted)",
  "现在的票决规则与计票时记录的不同": "The voting rules now differ from those recorded at the tally",
  "没有 SHA256SUMS 文件": "There is no SHA256SUMS file",
  "这一行不是“哈希  路径”的格式": "This line is not of the form “hash  path”",
  "内容与 audit.json 推出的不同（顺序或空白）": "The content differs from what audit.json implies (order or spacing)",
  // Reasons inside schema and field messages.
  "应是实际存在的日期，格式 YYYY-MM-DD": "must be a real date in the form YYYY-MM-DD",
  "应大于 0": "must be greater than 0",
  "应是 64 位小写十六进制的 SHA-256": "must be a 64-digit lowercase hexadecimal SHA-256",
  "应是相对于会议文件夹的路径": "must be a path relative to the session folder",
  "应是命令名": "must be a command name",
  // Hints.
  "核对收回票数和张数": "Check the number of returned ballots and the number entered",
  "第一行应是表头：组别和各项目的编号": "The first line must be the header: the group and the ID of each project",
  "第一行应是表头": "The first line must be the header",
  "应选数不能超过候选数": "The number to select cannot exceed the number of candidates",
  "一轮只能用一种方式计票：逐票录入（ballots）或手工计票结果（counts），删去其中一个": "A round is counted one way only: ballot by ballot (ballots) or hand-counted results (counts); remove one of them",
  "每个候选项目只能有一列": "Each candidate may have only one column",
  "删去多余的一列": "Delete the extra column",
  "删除这一列：表决票文件只能有票号、作废和各候选项目的列": "Delete this column: a ballots file may only have the serial number (票号), void (作废) and one column per candidate",
  "删除空列，或写上候选项目的编号": "Delete the empty column, or write a candidate's ID in it",
  "每个候选项目都要有一列，列名用编号或完整的项目名称": "Every candidate needs a column, named by its ID or its full project name",
  "同一张票只能录入一次：删除重复的行或改正票号": "A ballot may be entered only once: delete the repeated row or correct the serial number",
  "计票结果文件的列为：编号,赞成,反对,弃权": "The columns of a hand-counted results file are: 编号,赞成,反对,弃权 (ID, for, against, abstain)",
  "每个候选项目只能有一行": "Each candidate may have only one row",
  "填写票数，例如 42": "Write a number of votes, such as 42",
  "核对计票单：每个项目的赞成、反对、弃权之和必须等于有效票数": "Check the count sheet: for each project, for + against + abstain must equal the valid ballots",
  "核对计票单：未画赞成的票应计入弃权": "Check the count sheet: ballots without an approve mark count as abstentions",
  "每个候选项目都要有一行": "Every candidate needs a row",
  "每张有效票最多赞成限选数个项目，请核对计票单": "A valid ballot approves at most the limit; check the count sheet",
  "计票结果文件的列为：名次,编号,项目名称,赞成,反对,弃权,赞成率,结果,轮次（由 piaojue tally 写出；可以删去不用的列，但不能改名或加列）": "The columns of a results file are: 名次,编号,项目名称,赞成,反对,弃权,赞成率,结果,轮次 (as piaojue tally writes them; unused columns may be deleted, but none renamed or added)",
  "手工汇总文件的列为：编号,组别,满意,基本满意,不满意,弃权（组别只有一组时可省略，可加一列项目名称）": "The columns of a hand-summed file are: 编号,组别,满意,基本满意,不满意,弃权 (组别 may be left out with one group; a 项目名称 column may be added)",
  "指标文件的列为：编号,指标,目标值,完成值,权重（权重可省略，按 1 计）": "The columns of the indicators file are: 编号,指标,目标值,完成值,权重 (权重, the weight, may be left out and counts as 1)",
  "检查是否多了或少了逗号；含逗号的单元格要用双引号括起": "Look for an extra or a missing comma; a cell that contains a comma must be in double quotes",
  "含逗号或引号的单元格要整个用双引号括起，单元格里的双引号写成两个（\"\"）": "Put a cell containing commas or quotes in double quotes as a whole, and double the quotes inside it (\"\")",
  "把整个单元格用双引号括起，单元格里的双引号写成两个（\"\"）": "Put the whole cell in double quotes, and double the quotes inside it (\"\")",
  "检查这个单元格的双引号是否成对，或文件是否被截断": "Check that this cell's double quotes are paired, or whether the file was cut off",
  "删除空列，或写上列名": "Delete the empty column, or give it a name",
  "每个列名只能出现一次": "Each column name may appear only once",
  "在 Excel 或 WPS 中打开原表格，“另存为”CSV UTF-8（逗号分隔）后再放入会议文件夹": "Open the original sheet in Excel or WPS, “Save As” CSV UTF-8 (comma delimited), and put that in the session folder",
  "重新从原表格另存为 CSV UTF-8（逗号分隔），或重新复制该文件": "Save the original sheet again as CSV UTF-8 (comma delimited), or copy the file again",
  "常见于把两个文件的内容拼在一起。用 Excel 或 WPS 打开后“另存为”CSV UTF-8（逗号分隔）；如确是 GBK 文件，用 --encoding gb18030": "This usually comes from pasting two files together. Open it in Excel or WPS and “Save As” CSV UTF-8 (comma delimited); if it really is a GBK file, use --encoding gb18030",
  "用 Excel 或 WPS“另存为”CSV UTF-8（逗号分隔）后再试，或用 --encoding 指定编码": "“Save As” CSV UTF-8 (comma delimited) in Excel or WPS and try again, or name the encoding with --encoding",
  "检查文件权限": "Check the file permissions",
  "确认选对了文件；用 Excel 或 WPS 重新另存为 CSV": "Make sure it is the right file; save it again as CSV from Excel or WPS",
  "结果已完整暂存，下次运行任一写出命令时会自动补完": "The results are fully staged and will be completed the next time any writing command runs",
  "输出文件夹中原有的文件没有改动；解决问题后重新运行": "The files already in the output folder are unchanged; fix the problem and run again",
  "等它结束后再运行；如确认没有其他 piaojue 在运行，删除这个锁文件": "Wait for it to finish; if you are sure no other piaojue is running, delete this lock file",
};

// Messages naming what a file is when its bytes say it is not text (io/encoding.ts SIGNATURES).
for (const [zh, en] of [
  ["Excel 或 WPS 工作簿（.xlsx/.et，压缩格式）", "an Excel or WPS workbook (.xlsx/.et)"],
  ["旧版 Excel 或 WPS 工作簿（.xls）", "an old Excel or WPS workbook (.xls)"],
  ["PDF 文件", "a PDF file"],
  ["PNG 图片", "a PNG image"],
  ["JPEG 图片", "a JPEG image"],
] as const) FIXED[`这是${zh}，不是 CSV 或文本文件`] = `This is ${en}, not a CSV or text file`;

/** An audit problem is reported as “check N failed: …”; the detail is translated when it is a fixed sentence. */
function auditEntry(message: string, hint?: string): EnglishEntry {
  return {
    message, ...(hint ? { hint } : {}),
    derive: /^第 (?<check>\d+) 项未通过：(?<detail>.*)$/,
    withParams: (p) => (has(p, "check", "detail") ? `Check ${p["check"]} failed: ${FIXED[String(p["detail"])] ?? `${message} (${p["detail"]})`}` : undefined),
  };
}

export const MESSAGES_EN: Record<string, EnglishEntry> = {
  E_AUDIT: { message: "The audit failed" },
  E_AUDIT_INPUT_ADDED: auditEntry("A file the tally would read now was not read at the tally"),
  E_AUDIT_INPUT_CHANGED: auditEntry("An input file has changed since it was read"),
  E_AUDIT_INPUT_MISSING: auditEntry("An input file that was read no longer exists"),
  E_AUDIT_MISSING: { message: "There is no audit record (audit.json)", hint: "Run piaojue tally first; it writes out/audit.json and out/SHA256SUMS" },
  E_AUDIT_OUTPUT_CHANGED: auditEntry("An output file has changed since it was written"),
  E_AUDIT_OUTPUT_MISSING: auditEntry("An output file that was written no longer exists"),
  E_AUDIT_PENDING_WRITE: auditEntry("The last write did not finish"),
  E_AUDIT_RECOUNT_DIFFERS: auditEntry("Recomputing gives a different result"),
  E_AUDIT_RECOUNT_FAILED: auditEntry("The inputs can no longer be recomputed"),
  E_AUDIT_RULES_CHANGED: auditEntry("The voting rules have changed since the tally"),
  E_AUDIT_SUMS_FORMAT: auditEntry("A line of SHA256SUMS is malformed"),
  E_AUDIT_SUMS_MISMATCH: auditEntry("SHA256SUMS does not match audit.json"),
  E_AUDIT_SUMS_MISSING: auditEntry("There is no SHA256SUMS file"),
  E_COUNTED_MISSING: {
    message: "A round uses hand-counted results, but session.json's counted has no entry for that round",
    hint: "Add {\"returned\": returned ballots, \"void\": void ballots} to counted",
    derive: /^第 (?<round>\d+) 轮用手工计票结果（(?<file>[^）]+)），但 session\.json 的 counted 没有第 \d+ 项$/,
    withParams: (p) => (has(p, "round", "file") ? `Round ${p["round"]} uses hand-counted results (${p["file"]}), but session.json's counted has no entry ${p["round"]}` : undefined),
  },
  W_COUNT_AGAINST: { message: "An approve-only ballot should have no votes against", hint: "Check the count sheet: ballots without an approve mark count as abstentions" },
  W_COUNT_IMPOSSIBLE: { message: "The total of votes for exceeds the valid ballots times the approval limit", hint: "A valid ballot approves at most the limit; check the count sheet" },
  E_COUNT_NUMBER: {
    message: "A count is not a non-negative integer", hint: "Write a whole number, such as 42",
    derive: /^(?:第 (?<line>\d+) 行“(?<column>.*)”的)?“(?<value>.*)”不是非负整数$/,
    withParams: (p) => (has(p, "value") ? `${has(p, "line", "column") ? `Line ${p["line"]}, column ${q(p["column"])}: ` : ""}${q(p["value"])} is not a non-negative integer` : undefined),
  },
  E_COUNT_SUM: {
    message: "For + against + abstain is not the number of valid ballots",
    hint: "Check the count sheet: for each project, for + against + abstain must equal the valid ballots",
    derive: /^“(?<id>.*)”赞成 (?<approve>\d+) \+ 反对 (?<against>\d+) \+ 弃权 (?<abstain>\d+) = \d+，不等于有效票 (?<valid>\d+)（收回 (?<returned>\d+) − 无效 (?<void>\d+)）$/,
    withParams: (p) => has(p, "id", "approve", "against", "abstain", "valid", "returned", "void")
      ? `${q(p["id"])}: for ${p["approve"]} + against ${p["against"]} + abstain ${p["abstain"]} = ${Number(p["approve"]) + Number(p["against"]) + Number(p["abstain"])}, not the ${p["valid"]} valid ballots (${p["returned"]} returned − ${p["void"]} void)`
      : undefined,
  },
  E_CSV_EMPTY: { message: "The file is empty: there is no header row", hint: "The first line must be the header" },
  E_CSV_FIELD_COUNT: {
    message: "This row has a different number of cells from the header",
    hint: "Look for an extra or a missing comma; a cell that contains a comma must be in double quotes",
    derive: /^这一行有 (?<cells>\d+) 个单元格，表头有 (?<expected>\d+) 列$/,
    withParams: (p) => (has(p, "cells", "expected") ? `This row has ${plural(p["cells"], "cell")}, the header has ${plural(p["expected"], "column")}` : undefined),
  },
  E_CSV_SYNTAX: { message: "The CSV is malformed here", hint: "Check the quotes and commas of this cell" },
  E_DUPLICATE_COLUMN: {
    message: "A column appears twice",
    hint: "Delete the extra column",
    derive: /^列“(?<column>.*)”(?:与第 (?<otherColumn>\d+) 列(?:是同一个(?:候选)?项目“(?<candidate>.*)”|重复)|重复)$/,
    withParams: (p) => {
      if (!has(p, "column")) return undefined;
      if (has(p, "candidate", "otherColumn")) return `Column ${q(p["column"])} is the same project ${q(p["candidate"])} as column ${p["otherColumn"]}`;
      if (has(p, "otherColumn")) return `Column ${q(p["column"])} repeats column ${p["otherColumn"]}`;
      return `Column ${q(p["column"])} appears twice`;
    },
  },
  E_DUPLICATE_HEADER: {
    message: "A column name appears twice",
    hint: "Each column name may appear only once",
    derive: /^列名“(?<column>.*)”与第 (?<otherColumn>\d+) 列重复$/,
    withParams: (p) => (has(p, "column", "otherColumn") ? `Column name ${q(p["column"])} repeats column ${p["otherColumn"]}` : undefined),
  },
  E_DUPLICATE_ID: {
    message: "An ID appears twice",
    hint: "IDs must be unique",
    withParams: (p) => (has(p, "id", "otherLine") ? `ID ${q(p["id"])} repeats line ${p["otherLine"]}` : undefined),
  },
  E_DUPLICATE_SERIAL: {
    message: "A ballot serial number appears twice",
    hint: "A ballot may be entered only once: delete the repeated row or correct the serial number",
    derive: /^票号“(?<serial>.*)”与第 (?<otherLine>\d+) 行重复$/,
    withParams: (p) => (has(p, "serial", "otherLine") ? `Serial number ${q(p["serial"])} repeats line ${p["otherLine"]}` : undefined),
  },
  E_EMPTY_HEADER: {
    message: "A column in the header has no name",
    hint: "Delete the empty column, or give it a name",
    derive: /^第 (?<columnNumber>\d+) 列的列名是空的$/,
    withParams: (p) => (has(p, "columnNumber") ? `Column ${p["columnNumber"]} has no name` : undefined),
  },
  E_ENCODING: { message: "The file's text encoding cannot be read", hint: "“Save As” CSV UTF-8 in Excel or WPS and try again, or name the encoding with --encoding" },
  E_ENTRY_MISMATCH: { message: "The first and the second entry differ", hint: "Take out the paper ballot and check it; correct the pass that was wrong" },
  E_EVAL_TWICE: { message: "There are both forms and hand-summed evaluation results", hint: "Results are given one way only; remove one of the two files" },
  E_FILE: {
    message: "The file cannot be read",
    hint: "Check the file and its permissions",
    withParams: (p) => {
      if (p["problem"] === "folder-missing") return `The session folder ${p["dir"]} does not exist`;
      switch (p["errno"]) {
        case "ENOENT": return "File not found";
        case "EISDIR": return "This is a folder, not a file";
        case "ENOTFILE": return "This is not a regular file (it is a device or a pipe)";
        case "ERR_FS_FILE_TOO_LARGE": return "The file is too large to read (over 2 GB)";
        case undefined: return undefined;
        default: return `The file cannot be read (${p["errno"] || "unknown error"})`;
      }
    },
    hintWithParams: (p) => (p["problem"] === "folder-missing" ? "Check the folder's path; for a new session, make its folder with piaojue init first"
      : p["errno"] === "ENOENT" && has(p, "name", "dir") ? `Put ${p["name"]} in the session folder ${p["dir"]}` : p["errno"] !== undefined ? "Check the file permissions" : undefined),
  },
  E_FORMAL_EXCEEDS: {
    message: "The number to select exceeds the number of candidates",
    hint: "The number to select cannot exceed the number of candidates",
    withParams: (p) => (has(p, "formal", "candidates") ? `The number to select (${p["formal"]}) exceeds the number of candidate ${p["items"] ? "sub-items" : "projects"} (${p["candidates"]})` : undefined),
  },
  E_IDENTIFYING_COLUMN: {
    message: "A column may reveal who voted; the vote is secret",
    hint: "Delete this column",
    derive: /^列“(?<column>.*)”可能暴露(?<who>代表身份|填表人身份)/,
    withParams: (p) => (has(p, "column") ? (p["form"] === "evaluation" || p["who"] === "填表人身份"
      ? `Column ${q(p["column"])} may reveal who filled in the form; the evaluation is anonymous`
      : `Column ${q(p["column"])} may reveal a deputy's identity; the ballot is secret`) : undefined),
  },
  E_INPUT: { message: "The input is invalid; nothing was written" },
  E_INTERNAL: { message: "Internal error" },
  E_ISSUED_MISSING: {
    message: "session.json's issued has no number for this round",
    hint: "List the ballots issued per round in the issued array",
    derive: /^session\.json 的 issued 没有第 (?<round>\d+) 轮的发出票数$/,
    deriveHint: /^在 issued 数组中按轮次写出发出票数，例如 (?<example>\[.*\])$/,
    hintWithParams: (p) => (has(p, "example") ? `Write the ballots issued per round in the issued array, such as ${p["example"]}` : undefined),
    withParams: (p) => (has(p, "round") ? `session.json's issued has no number of ballots issued for round ${p["round"]}` : undefined),
  },
  E_MISSING_CANDIDATE: { message: "A candidate has no row of counts", hint: "Every candidate needs a row" },
  E_MISSING_COLUMN: {
    message: "A required column is missing",
    hint: "Add the column to the header",
    derive: /^缺少(?:(?:候选)?项目“(?<candidate>.*)”的列|列“(?<column>.*)”)$/,
    withParams: (p) => {
      if (has(p, "candidate")) return `There is no column for ${q(p["candidate"])}`;
      if (has(p, "column", "english")) return `The required column ${q(p["column"])} (or ${q(p["english"])}) is missing`;
      if (has(p, "column")) return `Column ${q(p["column"])} is missing`;
      return undefined;
    },
    hintWithParams: (p) => (has(p, "column", "english") ? `The header must have ${q(p["column"])} (or ${q(p["english"])})` : undefined),
  },
  E_MIXED_ENCODING: {
    message: "The file mixes two encodings",
    hint: "Open it in Excel or WPS and “Save As” CSV UTF-8; if it really is a GBK file, use --encoding gb18030",
    withParams: (p) => (has(p, "utf8Line", "badLine") ? `The file mixes two encodings: line ${p["utf8Line"]} is UTF-8, line ${p["badLine"]} is not (perhaps GBK)` : undefined),
  },
  E_NOT_TEXT: {
    message: "This is not a text file",
    hint: "Open the original sheet in Excel or WPS and “Save As” CSV UTF-8",
    withParams: (p) => (has(p, "char") ? `The file contains a control character (${p["char"]}); it is not a text file` : undefined),
  },
  E_NO_BALLOTS: {
    message: "There is no ballots file for this round", hint: "Put the round's ballots file (ballot by ballot) or counts file (hand-counted results) in the session folder",
    derive: /^没有第 (?<round>\d+) 轮的表决票文件$/,
    deriveHint: /^放入 (?<ballots>\S+)（逐票录入）或 (?<counts>\S+)（手工计票结果）$/,
    withParams: (p) => (has(p, "round") ? `There is no ballots file for round ${p["round"]}` : undefined),
    hintWithParams: (p) => (has(p, "ballots", "counts") ? `Put ${p["ballots"]} (ballot by ballot) or ${p["counts"]} (hand-counted results) in the session folder` : undefined),
  },
  E_NO_EVALUATIONS: { message: "There is no file with evaluation results", hint: "Add the forms file (one row per form) or the hand-summed counts file" },
  E_OUT_BUSY: { message: "Another piaojue is writing to this output folder", hint: "Wait for it to finish; if no other piaojue is running, delete the lock file" },
  E_ROUND_TWICE: {
    message: "A round has both a ballots file and a counts file", hint: "A round is counted one way only: ballot by ballot or hand-counted results; remove one of them",
    derive: /^第 (?<round>\d+) 轮同时有 (?<ballots>\S+) 和 (?<counts>\S+)$/,
    withParams: (p) => (has(p, "round", "ballots", "counts") ? `Round ${p["round"]} has both ${p["ballots"]} and ${p["counts"]}` : undefined),
  },
  E_TRUNCATED: { message: "The file ends in the middle of a character", hint: "Save the original sheet again as CSV UTF-8, or copy the file again" },
  E_UNKNOWN_CANDIDATE: { message: "This ID is not a candidate of this round", hint: "Use the IDs of this round's candidates" },
  E_UNKNOWN_COLUMN: {
    message: "Unknown column",
    hint: "Use only the columns this file may have",
    // The ballots-file wording (the other wordings carry params from their call sites).
    derive: /^列“(?<column>.*)”不是任何(?<thisRound>本轮)?候选项目$/,
    deriveHint: /^本轮的列：(?<roundColumns>.*)（可用编号或完整的项目名称）$/,
    withParams: (p) => {
      if (!has(p, "column")) return undefined;
      if (p["round"] !== undefined) return `Column ${q(p["column"])} is not a candidate${p["round"] ? " of this round" : ""}`;
      if (p["roundColumns"] !== undefined || p["thisRound"] !== undefined) return `Column ${q(p["column"])} is not a candidate${p["thisRound"] ? " of this round" : ""}`;
      return `Unknown column ${q(p["column"])}`;
    },
    hintWithParams: (p) => {
      if (p["roundColumns"] !== undefined) return `This round's columns: ${String(p["roundColumns"]).replace(/、/g, ", ")} (by ID or full project name)`;
      if (!has(p, "expected")) return undefined;
      return p["round"] !== undefined ? `This round's columns: ${p["expected"]} (by ID or full project name)` : `Columns you can use: ${p["expected"]}`;
    },
  },
  E_USAGE: { message: "Usage error" },
  E_WRITE: {
    message: "The output folder cannot be written",
    hint: "Fix the problem and run again",
    withParams: (p) => {
      const why: Record<string, string> = { ENOSPC: "the disk is full", EACCES: "no permission to write", EPERM: "no permission to write", EROFS: "the disk is read-only", ENOTDIR: "a file is in the way where a folder should be", EEXIST: "a file is in the way where a folder should be" };
      return has(p, "errno") ? `The output folder cannot be written (${why[String(p["errno"])] ?? `system error ${p["errno"]}`})` : undefined;
    },
  },
  W_MORE_NOTES: {
    message: "More notes of the same kind are not listed",
    derive: /^另有 (?<more>\d+) 条同类提示未列出$/,
    withParams: (p) => (has(p, "more") ? `${plural(p["more"], "more note")} of the same kind not listed` : undefined),
  },
  W_UNREADABLE_AS_ABSTAIN: {
    message: "A mark cannot be read and counts as an abstention",
    derive: /^第 (?<line>\d+) 行“(?<candidate>.*)”的符号“(?<mark>.*)”无法辨认，按弃权计$/,
    withParams: (p) => (has(p, "line", "candidate", "mark") ? `Line ${p["line"]}: the mark ${q(p["mark"])} for ${q(p["candidate"])} cannot be read; counted as an abstention` : undefined),
  },
  W_UNREADABLE_MARK: {
    message: "A mark cannot be read, so the ballot is void",
    derive: /^第 (?<line>\d+) 行“(?<candidate>.*)”的符号“(?<mark>.*)”无法辨认，该票无效$/,
    withParams: (p) => (has(p, "line", "candidate", "mark") ? `Line ${p["line"]}: the mark ${q(p["mark"])} for ${q(p["candidate"])} cannot be read; the ballot is void` : undefined),
  },
  // audit: what out/ must follow from (every file recorded, every record a known command, its options as written)
  E_AUDIT_UNKNOWN_COMMAND: auditEntry("audit.json records a command piaojue does not have; its outputs cannot be proved"),
  E_AUDIT_OUTPUT_UNLISTED: auditEntry("A file in out/ is written by no recorded command"),
  E_AUDIT_OPTIONS: auditEntry("A record's options are not what its command records"),
  E_AUDIT_INPUT_UNREAD: auditEntry("A file recorded as read is not read when the command is planned again"),
};

function paramsOf(d: Diagnostic & { message: string }, entry: EnglishEntry | undefined): Params | undefined {
  if (Object.keys(d.params).length > 0) return d.params as Params;
  const m = entry?.derive?.exec(d.message)?.groups;
  const h = d.hint === undefined ? undefined : entry?.deriveHint?.exec(d.hint)?.groups;
  return m || h ? { ...h, ...m } : undefined;
}

/** The diagnostic's message and hint in English (see the top of this file for how). */
export function englishDiagnostic(d: Diagnostic & { message: string }): { message: string; hint?: string } {
  const entry = MESSAGES_EN[d.code];
  const params = paramsOf(d, entry);
  const message = (params && entry?.withParams?.(params)) ?? FIXED[d.message] ?? (entry ? `${entry.message} (${d.message})` : d.message);
  if (d.hint === undefined) return { message: cap(message) };
  const hint = (params && entry?.hintWithParams?.(params)) ?? FIXED[d.hint]
    ?? (entry?.hint ? `${entry.hint} (${d.hint})` : d.hint);
  return { message: cap(message), hint: cap(hint) };
}

// batch and verify (commands/batch.ts, commands/verify.ts).
Object.assign(FIXED, {
  "这不是文件夹": "This is not a folder",
  "文件夹不存在": "The folder does not exist",
  "给出存放各会议文件夹的上级文件夹，例如 piaojue batch 2026年各镇": "Give the folder that holds the session folders, e.g. piaojue batch 2026-townships",
  "这个文件夹下没有会议文件夹（含 session.json 的文件夹）": "There is no session folder (a folder with session.json) under this folder",
  "每个会议一个文件夹，内有 session.json、candidates.csv 和 ballots.csv；out 文件夹和以“.”开头的文件夹不查找": "One folder per session, with session.json, candidates.csv and ballots.csv; out folders and folders starting with “.” are not searched",
});
Object.assign(MESSAGES_EN, {
  E_BATCH_INVALID: { message: "Some sessions could not be counted and were skipped; the others were counted and written" },
  E_NO_SESSIONS: { message: "There is no session folder under this folder", hint: "One folder per session, with session.json, candidates.csv and ballots.csv" },
  E_VERIFY_MISMATCH: { message: "Some scenarios differ from their expected.json" },
} satisfies Record<string, EnglishEntry>);
