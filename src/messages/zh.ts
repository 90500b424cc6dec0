// 中文消息表：每个诊断代码的消息和提示，由诊断的 params 组成。中文是默认语言，也是 --json 的 message。
import { DEFAULT_MARKS } from "../core/ballots.js";
import type { Catalogue, Failures, Quoted } from "./catalogue.js";
import {
  EVALUATION_EXAMPLES, EXPECTED_EXAMPLES, SESSION_EXAMPLES, budgetWritten, countedExample, exampleAt, idWritten, numberWritten, parentPath, recordCommands, unknownColumnCause, writtenAt,
  type Examples,
} from "./examples.js";
import { entryDifferenceText, excelColumns, failedChecksText, JOURNAL_DAMAGED } from "./labels.js";

/** 比例按人读的写法：6/5 写作 1.2；化不成有限小数的（如 4/3）照分数写。 */
/** Why a file or folder could not be written, in words, with the system's code after them (unknown codes as they are). */
function writeReason(errno: string): string {
  const words = ({
    ENOSPC: "磁盘已满", EACCES: "没有写入权限", EPERM: "没有写入权限", EROFS: "只读的磁盘", ENOTDIR: "路径上有同名的文件而不是文件夹",
    EEXIST: "路径上有同名的文件而不是文件夹", ENOENT: "路径中的文件夹不存在（网络盘未连接？）", ENAMETOOLONG: "路径太长",
  } as Record<string, string>)[errno];
  return words ? `${words}，${errno}` : `系统错误 ${errno || "未知"}`;
}

function ratioWords(ratio: string): string {
  const m = /^(\d+)\/(\d+)$/.exec(ratio);
  if (!m) return ratio;
  const [num, den] = [BigInt(m[1]!), BigInt(m[2]!)];
  for (let places = 0; places <= 6; places++) {
    const scaled = num * 10n ** BigInt(places);
    if (scaled % den !== 0n) continue;
    const digits = String(scaled / den).padStart(places + 1, "0");
    return places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  }
  return ratio;
}

/**
 * 差额规则，用读得出来的中文说出（公告的“说明”照印）：check 的报告和 --json 也用它。
 * 例如“候选项目 130 个、应选 110 个，不符合差额规则：候选数应至少比应选数多 1 个（111 个），且不少于应选数的 1.2 倍（132 个）”。
 */
export function competitionText(c: { ok: boolean; candidates: number; formal: number; allowEqual: boolean; minExtra: number; minRatio: string; byRatio: number }): string {
  const n = c.formal;
  const byRatio = `不少于应选数的 ${ratioWords(c.minRatio)} 倍（${c.byRatio} 个）`;
  const rule = c.allowEqual ? `允许等额，候选数应不少于应选数（${n} 个）`
    : c.minExtra > 0 ? `候选数应至少比应选数多 ${c.minExtra} 个（${n + c.minExtra} 个），且${byRatio}` : `候选数应${byRatio}`;
  return `候选项目 ${c.candidates} 个、应选 ${n} 个，${c.ok ? "符合" : "不符合"}差额规则：${rule}`;
}

const competition = (p: Quoted) => competitionText({
  ok: false, candidates: p.n("candidates"), formal: p.n("formal"), allowEqual: p.n("allowEqual") === 1, minExtra: p.n("minExtra"), minRatio: p.v("minRatio"), byRatio: p.n("byRatio"),
});

/** progress --plan 的提示中会议文件夹和 -o（照运行时给的写），命令可以照抄运行。 */
const planFolder = (p: Quoted) => `${p.v("dir")}${p.has("out") ? ` -o ${p.v("out")}` : ""}`;
/**
 * A ballots column or counts 编号 that names a heading or a sub-item instead of a line of the round (params
 * from the count's namedInstead; `key`: the param holding what was written), or undefined.
 */
const namedInsteadZh = (p: Quoted, what: string, key: string) => (p.has("subItems") ? `${what}是项目标题，表决的是它的子项 ${p.list("subItems")}`
  : p.has("parent") ? `${what}是项目 ${p.v("parent")} 的子项${p.raw[key] === p.raw["subItem"] ? "" : ` ${p.v("subItem")}`}，表决的是它所属的项目 ${p.v("parent")}`
  : undefined);
/** The output folder an audit finding is about: out/, or the -o folder as the clerk typed it. */
const outOf = (p: Quoted) => String(p.raw["outFolder"] ?? "out/");

/** 候选项目字段的问题（candidates.ts 的 candidateSchema 给出的键）。 */
const FIELD_PROBLEMS: Record<string, string> = {
  "id-empty": "编号为空",
  "id-pattern": "编号只能用字母、数字、- 和 _，且以字母或数字开头",
  "name-empty": "项目名称为空",
  "name-reserved": "“票号”和“作废”是表决票文件自己的列名，项目不能叫这个名称（表决票上分不清是哪一列）",
  "name-invisible": "含有看不见的字符或改变文字方向的字符（如零宽空格 U+200B、方向控制符 U+202E），会让两个名称看起来一样",
  "budget-number": "投入资金应是非负的普通小数（单位万元），例如 120 或 35.5，不要写单位或科学计数法",
  "deadline-date": "完成时限不是实际存在的日期，应写成 YYYY-MM-DD、YYYY-MM 或文字",
};

/** 候选项目字段的问题怎样改：能从原文看出本意时给出改好的写法。 */
const FIELD_FIXES: Record<string, (p: Quoted) => string> = {
  "id-empty": () => "填写项目编号，例如 P01；如果这一行不是候选项目，删去整行",
  "id-pattern": (p) => {
    const id = idWritten(p.v("value"));
    return `编号只用字母、数字、- 和 _，不用空格、汉字或全角字符${id ? `，例如改为“${id}”` : "，例如 P01"}`;
  },
  "name-empty": () => "填写项目名称；如果这一行不是候选项目，删去整行",
  "name-reserved": () => "给项目起一个说明内容的名称，例如“村道硬化”",
  "name-invisible": () => "删去这个名称，用键盘重新输入（从网页、文档或聊天软件复制的文字常带有看不见的字符）",
  "budget-number": (p) => {
    const n = budgetWritten(p.v("value"));
    return `只写数字，单位是万元${n ? `，例如改为 ${n}` : "，例如 120 或 35.5"}；还不确定时留空`;
  },
  "deadline-date": () => "写实际存在的日期，例如 2026-12-31 或 2026-12；也可以写文字，如“2026年底”",
};
const fieldFix = (p: Quoted) => FIELD_FIXES[String(p.raw["problem"])]?.(p);

const fieldProblem = (p: Quoted) => {
  const reason = FIELD_PROBLEMS[String(p.raw["problem"])] ?? String(p.raw["problem"]);
  return p.raw["value"] === "" ? reason : `${p.v("field")}${p.q("value")}：${reason}`;
};

/** 中文输入法打出的全角标点和数字（JSON 须用半角）。 */
const fullWidthNote = (p: Quoted) => {
  if (p.has("invisible")) return `（这里有看不见的字符 ${p.v("invisible")}，多半是复制粘贴时带上的：删去它）`;
  const c = p.list("found");
  return c !== "" && /[\u3000-\u303f\uff01-\uff5e“”‘’]/.test(c) ? `（${p.q("found")}是全角字符，JSON 的标点和数字须用半角，即英文输入法）` : "";
};

const JSON_SYNTAX: Record<string, { message: (p: Quoted) => string; hint: (p: Quoted) => string }> = {
  more: { message: () => "文件意外结束，JSON 不完整", hint: () => "文件可能没有保存完整或复制时被截断；检查括号和引号是否成对" },
  quote: { message: () => "字符串没有结束的引号", hint: () => "检查这一行的引号是否成对" },
  escape: { message: () => "字符串里有无效的转义符", hint: () => "反斜杠后只能是 \" \\ / b f n r t u" },
  "no-control": { message: () => "字符串里有控制字符", hint: () => "删除该字符" },
  "escaped-control": { message: (p) => `字符串里用转义 ${p.v("escape")} 写了控制字符 ${p.v("char")}`, hint: () => "标题、名称等文字里不能有换行、制表符、空字符等控制字符；删去这个转义" },
  "trailing-comma": { message: (p) => `${p.v("found")} 前面多了一个逗号`, hint: () => "JSON 的最后一项后面不能有逗号：删去这个逗号" },
  depth: { message: (p) => `嵌套超过 ${p.v("limit")} 层`, hint: () => "检查括号是否成对" },
  key: { message: (p) => `这里应是用双引号括起的键名${fullWidthNote(p)}`, hint: () => "JSON 的键名必须用英文双引号" },
  colon: { message: (p) => `键名后应是冒号${fullWidthNote(p)}`, hint: () => "写成 \"键\": 值" },
  "comma-brace": { message: (p) => `这里应是逗号或 }${fullWidthNote(p)}`, hint: () => "检查上一项后面是否缺少逗号，或多了一个逗号" },
  "comma-bracket": { message: (p) => `这里应是逗号或 ]${fullWidthNote(p)}`, hint: () => "检查数组元素之间的逗号" },
  value: { message: (p) => `无法识别的内容${p.q("found")}${fullWidthNote(p)}`, hint: (p) => `${p.v("file")} 必须是合法的 JSON` },
  number: { message: (p) => `数值${p.q("found")}超出范围`, hint: () => "写一个普通大小的数" },
  end: { message: () => "JSON 结束后还有多余内容", hint: () => "删除多余的内容" },
  comment: {
    message: () => "JSON 文件里不能写注释",
    hint: (p) => (p.raw["comment"] === "block"
      ? "删去从 /* 到 */ 的注释；说明书中的注释只是解说，不要抄进文件。其他地方的注释也一并删去"
      : "删去从 // 起到行末的注释；说明书中的注释只是解说，不要抄进文件。其他行的注释也一并删去"),
  },
};

const TYPE_NAMES: Record<string, string> = {
  string: "文字", number: "数字", int: "整数", boolean: "true 或 false", array: "[ … ] 列表", object: "{ … } 对象", record: "{ … } 对象", null: "null",
};
/** A type as a message names it; one written in ASCII (null, { … }) is set off from the Chinese before it. */
const typeName = (t: string) => {
  const name = TYPE_NAMES[t] ?? t;
  return /^[\x21-\x7e]/.test(name) ? ` ${name}` : name;
};

/** 各 schema 自己的规则（refine、superRefine 的键）。其余的键（如 audit.json 的 schema）原文就是中文。 */
const SCHEMA_RULES: Record<string, (p: Quoted) => string> = {
  "sha256-hex": () => "应是 64 位小写十六进制的 SHA-256",
  "command-name": () => "应是命令名",
  "session-relative": () => "应是相对于会议文件夹的路径",
  ratio: () => "应是小数或分数，如 \"1.2\" 或 \"2/3\"",
  share: () => "应是小数或分数，如 \"0.6\" 或 \"2/3\"",
  date: () => "应是实际存在的日期，格式 YYYY-MM-DD",
  "present-exceeds-total": (p) => `实到 ${p.v("present")} 人多于应到 ${p.v("total")} 人`,
  "seed-required": () => "order 为 \"random\" 时必须给出整数 seed（随机种子），以便排序可以复现",
  "void-exceeds-returned": (p) => `无效票 ${p.v("void")} 多于收回票 ${p.v("returned")}`,
  "mark-ambiguous": (p) => `符号${p.q("mark")}同时出现在 ${p.v("other")} 和 ${p.v("kind")} 中，含义不明`,
  "blank-against-approve-only": () => "只设赞成（approve-only）的表决票没有反对：反对符号都按无法辨认计，把空白列为反对会使每个未划的格子都无法辨认、每张票都无效",
  "quorum-range": () => "法定人数比例应大于 0 且不超过 1",
  positive: () => "应大于 0",
  "unit-share": () => "应在 0 到 1 之间，如 \"0.8\"",
  "level-score": () => "应是 0–100 之间的普通小数",
  "path-control": () => "路径中有控制字符",
  "path-absolute": () => "不能写绝对路径（审计记录和 SHA256SUMS 中的路径都相对于测评文件夹，文件夹整体搬动后仍要能核对）：写相对于测评文件夹的路径，如 \"candidates.csv\"、\"out/results.csv\" 或 \"../township-2026/out/results.csv\"",
  "groups-empty": () => "至少要有一个测评组别",
  "group-name-blank": (p) => `组别名称${p.q("name")}不能为空，也不能以空格开头或结尾`,
  "group-name-combined": (p) => `组别不能叫${p.q("name")}：这是加权综合行的名称`,
  "group-name-invisible": (p) => `组别名称${p.q("name")}中有看不见的字符或改变文字方向的字符 ${p.v("char")}`,
  "group-members-required": (p) => `rateBase 为 "members" 时，组别${p.q("name")}必须写 members（应参加人数）`,
  "levels-order": (p) => `各等次分值应满足 满意 ≥ 基本满意 ≥ 不满意（现为 ${p.v("satisfied")}、${p.v("basic")}、${p.v("unsatisfied")}）`,
  malformed: () => "格式不对",
  "warning-code": () => "应是提醒代码：W_ 开头，其后是大写字母、数字或下划线",
  "tally-exit-code": () => "只能是计票会给出的退出码 0（完成）、1（输入有误）、3（票决无效）或 4（需要再次票决）",
};
const rule = (p: Quoted, key: string) => SCHEMA_RULES[key]?.(p) ?? key;

function schemaReason(p: Quoted): string {
  switch (p.raw["problem"]) {
    case "integer": return "应为整数";
    case "missing": return `缺少必填项（应为${typeName(p.v("expected"))}）`;
    case "type": return `类型不对，应为${typeName(p.v("expected"))}，这里是${typeName(p.v("found"))}`;
    case "too-few": return `至少要有 ${p.v("limit")} 项`;
    case "empty": return "不能为空";
    case "too-small": return `不能小于 ${p.v("limit")}`;
    case "too-big": return `不能大于 ${p.v("limit")}`;
    case "too-long": return `不能多于 ${p.v("limit")} 个字`;
    case "huge": return "数字太大";
    case "huge-negative": return "数字太小（负得太多）";
    case "choices": return `取值无效，可选：${p.list("choices")}`;
    case "invalid": return "取值无效";
    case "key": return `键名无效：${(p.raw["rules"] as readonly string[]).map((r) => rule(p, r)).join("；")}`;
    default: return rule(p, String(p.raw["rule"] ?? ""));
  }
}

/** A full-width character found in a value meant as ASCII (the `fullWidth` param), named. */
const fullWidthChar = (p: Quoted) => (p.raw["fullWidth"] ? `（其中${p.q("fullWidth")}是全角字符，须用半角，即英文输入法）` : "");

const schemaMessage = (p: Quoted) => `${p.v("path") || "整个文件"}：${schemaReason(p)}${fullWidthChar(p)}`;

/**
 * 实施进度的月份格式不对，或写成了不存在的日期（2026-02-30），或是 Excel 另存 CSV 时把月份改写成的日期
 * （2026/6/1）：`workbook` 是这张表的工作簿形式。
 */
const progressMonth = (what: (p: Quoted) => string, workbook: string) => ({
  message: (p: Quoted) => `${what(p)}${p.q("value")}${p.raw["problem"] === "no-such-date" ? "不是实际存在的日期" : "不是月份"}${fullWidthChar(p)}`,
  hint: (p: Quoted) => (p.raw["problem"] === "no-such-date" ? "写实际存在的日期，例如 2026-06-30，或只写月份 2026-06"
    : p.raw["problem"] === "excel-serial" ? `这是 Excel 的日期序列号（即 ${p.v("month")}）：这一格丢了日期格式。在表格中把它设为日期格式，或直接改填 ${p.v("month")}`
    : p.raw["problem"] === "excel-date" ? `这是 Excel 另存为 CSV 时把月份当成日期改写的样子，改回 YYYY-MM 的写法：${p.raw["otherMonth"] ? `${p.v("month")} 或 ${p.v("otherMonth")}，请对照原表` : p.v("month")}；直接保存为 ${workbook}（其中的日期能正确读取），或先把这一列的单元格格式设为“文本”，就不会被改写`
    : "写成 YYYY-MM，例如 2026-06（写 YYYY-MM-DD 时按所在月份计）"),
});

/** What to write for a schema's own rule, given the value as written at its place (`as`) and the example there. */
const RULE_HINTS: Record<string, (p: Quoted, as: (value: string) => string, example: string | undefined) => string> = {
  "present-exceeds-total": () => "核对人数：实到（present）不能多于应到（total）",
  "seed-required": () => "加上随机种子，例如 \"seed\": 20260115（任意整数，记入会议记录，以后可以复现同样的顺序）",
  "void-exceeds-returned": () => "核对计票单：无效票（void）不能多于收回票（returned）",
  "mark-ambiguous": () => "一个符号只能表示一种意思：从其中一个列表里删去它",
  "blank-against-approve-only": () => "从 rules.marks.against 中删去空白 \"\"（只设赞成的表决票上，未划即不赞成）",
  "quorum-range": (_p, as) => `写成不大于 1 的分数或小数，带英文双引号：${as("\"2/3\"")}`,
  ratio: (_p, as, example) => `写成带英文双引号的小数或分数：${as(example ?? "\"2/3\"")}`,
  share: (_p, as, example) => `写成带英文双引号的小数或分数：${as(example ?? "\"0.6\"")}`,
  date: (_p, as) => `写成 年-月-日，带英文双引号：${as("\"2026-01-15\"")}`,
  positive: (_p, as, example) => `改为大于 0 的数${example ? `：${as(example)}` : ""}`,
  "unit-share": (_p, as) => `写 0 到 1 之间的小数或分数，带英文双引号：${as("\"0.8\"")}`,
  "level-score": () => "写 0 到 100 之间的数，不加引号，例如 \"满意\": 100, \"基本满意\": 60, \"不满意\": 0",
  "groups-empty": () => "至少写一个组别，例如 \"groups\": {\"代表\": {\"weight\": \"1\"}}",
  "group-name-blank": () => "写上组别名称，并删去名称前后的空格",
  "group-name-combined": () => "给这个组别换一个名称，例如“代表”或“群众”",
  "group-name-invisible": () => "删去组别名称，用键盘重新输入（不要从网页或聊天软件复制）",
  "group-members-required": (_p, as) => `在这个组别里加上应参加人数，例如 ${as("{\"weight\": \"0.6\", \"members\": 58}")}`,
  "levels-order": () => "例如 \"levels\": {\"满意\": 100, \"基本满意\": 60, \"不满意\": 0}",
  "warning-code": (_p, as, example) => `照抄 tally --json 中提醒的 code，区分大小写：${as(example ?? "\"W_COMPETITION\"")}`,
  "tally-exit-code": () => "写 0、1、3 或 4：2（命令行用法有误）和 70（内部错误）不是计票的结果，verify 不会比对到",
};

/**
 * What to write instead, from the problem and the value the user wrote (params `value`, `suggestion`) or
 * the example for its place; undefined when there is nothing concrete to say.
 */
function schemaFix(p: Quoted, examples: Examples): string | undefined {
  const example = exampleAt(p, examples);
  const as = (value: string) => writtenAt(p, value);
  const value = p.has("value") ? p.v("value") : undefined;
  const found = p.v("found");
  const forExample = (text: string) => (example ? `${text}，例如 ${as(example)}` : text);
  switch (p.raw["problem"]) {
    case "type": {
      const expected = p.v("expected");
      if (p.v("path") === "") return forExample("整个文件应是一对花括号 { } 括起的设置");
      if (expected === "number") {
        const shown = (found === "string" && value !== undefined ? numberWritten(value) : undefined) ?? example;
        return `写成数字，不加引号${shown ? `：${as(shown)}` : ""}`;
      }
      if (expected === "string") {
        const shown = example ?? (value !== undefined && found !== "string" ? JSON.stringify(value) : undefined);
        return `写成用英文双引号括起的文字${shown ? `：${as(shown)}` : ""}`;
      }
      if (expected === "boolean") return `写 true 或 false，不加引号：${as(value === "true" || value === "false" ? value : example ?? "false")}`;
      if (expected === "array") return forExample("写成方括号 [ ] 括起的列表，各项用逗号隔开");
      if (expected === "object" || expected === "record") return forExample("写成花括号 { } 括起的一组设置");
      return undefined;
    }
    case "missing": {
      const parent = parentPath(p).map((k, i) => (/^\d+$/.test(k) ? ` 的第 ${Number(k) + 1} 项` : `${i > 0 ? "." : ""}${k}`)).join("");
      const key = JSON.stringify(p.v("path").split(".").at(-1));
      // A space between a key and 里, none after 第 N 项 (Chinese takes none between its own words).
      return `${parent ? `在 ${parent}${/[\x21-\x7e]$/.test(parent) ? " " : ""}里` : ""}加上 ${example ? as(example) : `${key}（应为${typeName(p.v("expected"))}）`}`;
    }
    case "integer": return forExample("写整数，不带小数点");
    case "empty": return forExample("写上内容");
    case "too-few": return forExample(`至少写 ${p.v("limit")} 项`);
    case "too-small": return `改为不小于 ${p.v("limit")} 的数`;
    case "too-big": return `改为不大于 ${p.v("limit")} 的数`;
    case "too-long": return `缩短到 ${p.v("limit")} 个字以内`;
    case "huge": case "huge-negative": return forExample("写一个普通大小的数");
    case "choices": {
      const choice = p.has("suggestion") ? JSON.stringify(p.v("suggestion")) : (p.raw["choices"] as readonly string[])[0];
      return `${p.has("suggestion") ? `是不是要写 ${as(choice!)}？` : `例如 ${as(choice!)}；`}取值要照抄，连同英文双引号，区分大小写`;
    }
    case "rule": return RULE_HINTS[String(p.raw["rule"])]?.(p, as, example);
    default: return undefined;
  }
}

/** A hint tied to the place whatever the problem (a rule with several forms). */
function placeHint(p: Quoted): string | undefined {
  const k = p.v("path");
  if (k.startsWith("rules.competition")) return "差额规则：{\"minExtra\": 1, \"minRatio\": \"1.2\", \"allowEqual\": false}";
  if (k === "date") return "例如 \"2026-01-15\"";
  if (k.startsWith("issued")) return "每轮发出的票数，第一轮在前，例如 [55]";
  if (k.startsWith("rules.maxApprovals")) return "\"formal\"（等于应选数）、正整数，或 \"none\"";
  return undefined;
}

const schemaHint = (examples: Examples) => (p: Quoted) => schemaFix(p, examples) ?? placeHint(p);

const RESULTS_COLUMNS = "计票结果文件的列为：名次,编号,项目名称,赞成,反对,弃权,赞成率,结果,轮次（由 piaojue tally 写出；可以删去不用的列，但不能改名或加列）";
const COUNTS_COLUMNS = "手工汇总文件的列为：编号,组别,满意,基本满意,不满意,弃权（组别只有一组时可省略，可加一列项目名称）";
/** 固定列名的表（core/table.ts 的 fixedColumns 按 sheet 指明）各自的列。 */
const SHEET_COLUMNS: Record<string, string> = {
  counts: COUNTS_COLUMNS,
  results: RESULTS_COLUMNS,
  indicators: "指标文件的列为：编号,指标,目标值,完成值,权重（权重可省略，按 1 计）",
  "ballot-counts": "计票结果文件的列为：编号,赞成,反对,弃权",
};

/** An audit problem: its detail, after “check N failed” when it is the diagnostic itself. */
const auditZh = (p: Quoted, detail: string) => (p.has("check") ? `第 ${p.v("check")} 项未通过：${detail}` : detail);
const rerunZh = (p: Quoted, key: "who" | "name" | "planned") => recordCommands(p, key).join("、");
const AUDIT_RESTORE = "audit.json 由 piaojue 写出，不能手改：从存档的副本恢复 out/ 文件夹；没有副本时，把 out/ 移到别处（或删除），再依次重新运行写出结果的命令（如 piaojue ballot、piaojue tally），从头写出输出和审计记录";
/** The audit command line as the clerk typed it (folder and -o), for “再运行 …”. */
const againZh = (p: Quoted) => String(p.raw["again"] ?? "piaojue audit");
/** A batch town without plan.csv now: batch no longer writes its progress, so what it wrote before only goes with its out/. */
const PLAN_GONE_ZH = (p: Quoted) => `${rerunZh(p, "who")} 不再写出这个镇的实施进度，${outOf(p)} 中以前写出的进度结果已无从核对：把 ${outOf(p)} 移到别处（或删除），再运行 ${rerunZh(p, "who")}`;
const SUMS_REWRITE = (p: Quoted) => `重新运行写出结果的命令（如 piaojue tally），它会按 audit.json 重新写出 SHA256SUMS；然后再运行 ${againZh(p)}`;
const icuZh = (p: Quoted) => (p.has("icuThen") ? `；写出时 Node 的 ICU 是 ${p.v("icuThen")}，现在是 ${p.v("icuNow")}，笔画或拼音排序可能因此不同` : "");

/** A project the list has but not as 当选 (SPEC §8 evaluates only those): not evaluated, rather than unknown. */
const unselectedZh = (p: Quoted) => `${p.q("unselected")}在 ${p.v("list")} 中${p.has("result") && p.raw["result"] !== "未当选" ? `的结果是${p.q("result")}，不是当选` : "未当选"}，不测评`;
const UNSELECTED_HINT_ZH = (what: string) => `只测评项目清单中结果为“当选”的项目：删去这一${what}；若它确已当选，确认 evaluation.json 的 projects 指向最终的计票结果`;

/** Why standard output could not be written, in words (the errno follows them). */
const STDOUT_WHY_ZH: Record<string, string> = { ENOSPC: "：磁盘已满", EPIPE: "：管道已关闭", EACCES: "：没有写入权限", EPERM: "：没有写入权限", EROFS: "：磁盘是只读的", EIO: "：读写设备出错" };

/** A key under evaluation.json's levels: only the three grades of SPEC §8 are there. */
const isLevelKey = (p: Quoted) => /^levels\./.test(String(p.raw["key"] ?? ""));

/** A kind's default marks: the first, then every other the SPEC lists (〇 and o as well as ○ and O). */
const marksZh = ([first, ...others]: readonly string[]) => `${first}（或 ${others.join("、")}）`;

/** Which marks are read: rules.marks as the session gives them, or the defaults (core's DEFAULT_MARKS). */
/** The marks of one kind as the session's rules.marks gives them (an empty cell written 空白). */
const givenZh = (p: Quoted, key: string) => (p.raw[key] as readonly string[]).map((m) => (m === "" ? "空白" : m)).join("、");
/** A blank cell is an abstention unless a list names it: said only where none does. */
const blankListed = (p: Quoted) => ["approveMarks", "againstMarks", "abstainMarks"].some((key) => (p.raw[key] as readonly string[]).includes(""));

const unreadableHint = (p: Quoted) => `请监票人对照${paperZh(p)}核对这一格。${p.has("marksGiven")
  ? `认得的符号（session.json 的 rules.marks 写了哪一类，这一类就只认它列出的）：赞成 ${givenZh(p, "approveMarks")}，${p.has("approveOnly") ? "" : `反对 ${givenZh(p, "againstMarks")}，`}弃权 ${givenZh(p, "abstainMarks")}${blankListed(p) ? "" : "（没有写明空白的，空白也是弃权）"}`
  : `认得的符号：赞成 ${marksZh(DEFAULT_MARKS.approve)}，${p.has("approveOnly") ? "" : `反对 ${marksZh(DEFAULT_MARKS.against)}，`}弃权 空白（或 ${DEFAULT_MARKS.abstain.join("、")}）；别的符号可在 session.json 的 rules.marks 中规定`}${p.has("approveOnly") ? "；只设赞成的表决票上，反对符号和其他符号都无法辨认" : ""}`;

/** An unreadable mark drawn like one the session reads (◯ like ○): said to be another character. */
const lookAlikeZh = (p: Quoted) => (p.has("resembles")
  ? `：${p.q("mark")}（${p.v("markCode")}）与${MARK_WORDS[p.v("meaning")]}符号${p.q("resembles")}（${p.v("resemblesCode")}）形似而不是同一个字符` : "");

/** A ballot's row, with its 票号 when it has one: the number on the paper ballot, which the line is not. */
const rowZh = (p: Quoted) => `第 ${p.v("line")} 行${p.has("serial") ? `（票号 ${p.v("serial")}）` : ""}`;
const paperZh = (p: Quoted) => (p.has("serial") ? `票号 ${p.v("serial")} 的纸质票` : "纸质票");
/** A mark that cannot be read, or a cell the clerk recorded as unreadable at entry (enter's key 4). */
const unreadableZh = (p: Quoted) => (p.has("recorded") ? `${p.q("candidate")}一格在录入时记为无法辨认` : `${p.q("candidate")}的符号${p.q("mark")}无法辨认`);

function unreadableHintZh(p: Quoted): string {
  if (p.has("recorded")) return `请监票人对照${paperZh(p)}核对这一格`;
  if (!p.has("resembles")) return unreadableHint(p);
  return `把这一格重新输入为${p.q("resembles")}（可以从别的票复制）；如果本次会议确实把${p.q("mark")}当作${MARK_WORDS[p.v("meaning")]}符号，把它写进 session.json 的 rules.marks.${p.v("meaning")}（写了就替换这一类的默认符号，${p.q("resembles")}等也要一并写上）`;
}

/** The hint for an unknown column whose text says why it is unknown (examples.ts finds why). */
function unknownColumnHint(p: Quoted): string | undefined {
  const cause = unknownColumnCause(p);
  if (cause === undefined) return undefined;
  if (cause.why === "full-width") return `列名${p.q("column")}中有${"invisible" in cause ? `看不见的字符 ${cause.invisible}（复制粘贴时常会带上）` : /[\r\n]/.test(String(p.raw["column"])) ? "换行（多半是在 Excel 单元格中按了 Alt+Enter）" : "全角字符或空格"}，应写作“${cause.meant}”`;
  return { semicolons: "这个文件的列是用分号隔开的（某些区域设置下 Excel 存的“CSV”）：在 Excel 或 WPS 中另存为“CSV UTF-8（逗号分隔）”", serial: "票号列的列名须写作“票号”（这一列可以不要）", void: "作废列的列名须写作“作废”（这一列可以不要）" }[cause.why];
}

/** A mark's kind as the ballot names it. */
const MARK_WORDS: Record<string, string> = { approve: "赞成", against: "反对", abstain: "弃权" };

/** 印票之后改了名称的项目（最多列 3 项）：“A2 印的是‘项目2’，现在是‘项目3’”。 */
function renamedZh(p: Quoted): string {
  const list = (key: string) => (p.raw[key] ?? []) as readonly string[];
  const renamed = list("ids").map((id, i) => `${id} 印的是“${list("printedNames")[i]}”，现在是“${list("nowNames")[i]}”`);
  return `${renamed.slice(0, 3).join("；")}${renamed.length > 3 ? `等 ${renamed.length} 项` : ""}`;
}

/** Rare characters with their code points: 𪚥（U+2A6A5）. */
const rareCharacters = (p: Quoted) => (p.raw["characters"] as string[]).map((ch, i) => `${ch}（${(p.raw["codes"] as string[])[i]}）`).join("、");

export const ZH: Catalogue = {
  // audit.json is written by piaojue, never by hand: a schema error there means it was altered or damaged.
  E_AUDIT_SCHEMA: { message: schemaMessage, hint: () => AUDIT_RESTORE },
  E_EVALUATION_SCHEMA: { message: schemaMessage, hint: (p) => schemaHint(EVALUATION_EXAMPLES)(p) ?? "evaluation.json 的写法见说明：title、projects、groups（各组 weight、members）、levels、rateBase、grade、passRate" },
  E_SESSION_SCHEMA: { message: schemaMessage, hint: (p) => schemaHint(SESSION_EXAMPLES)(p) ?? "session.json 的写法见说明；也可以在空文件夹里运行 piaojue init 生成一份对照" },
  E_UNKNOWN_KEY: {
    // No did-you-mean for a grade: 很满意 is another grade, not a slip for 满意 (the hint says so).
    message: (p) => `未知的键${p.q("key")}${p.has("suggestion") && !isLevelKey(p) ? `，是不是${p.q("suggestion")}？` : ""}`,
    hint: (p) => (p.raw["of"] === "expectation" ? "检查拼写：未知的键会被拒绝，以免写错的期望被悄悄跳过"
      // A 办法 with five grades (很满意、较满意……) is no spelling slip: the three grades are fixed.
      : isLevelKey(p) ? "测评等次只有满意、基本满意、不满意三个，levels 给出它们的分值；办法规定了别的等次（如五级）时，先按办法把各级对应到这三个等次，测评表和 evaluations.csv 也按这三个等次填写"
      : "检查拼写：未知的键会被拒绝，以免写错的规则悄悄失效"),
  },
  E_JOURNAL: {
    message: (p) => ({
      line: () => `第 ${p.v("line")} 行不是完整的记录`,
      "start-missing": () => "第一行不是录入的开头记录",
      version: () => `录入记录的格式版本 ${p.v("version")} 不认识`,
      "other-pass": () => "录入记录属于另一轮或另一次录入",
      "other-session": () => `录入记录是为 ${p.v("recorded")} 的会议建的，现在的会议日期是 ${p.v("now")}`,
      order: () => `录入记录中的项目顺序（${p.list("recorded")}）与现在的表决票（${p.list("now")}）不同`,
      "layout-changed": () => "录入开始后表决票的形式或限选数改变了",
      "start-twice": () => "开头记录重复出现",
      returned: () => `收回票数 ${p.v("value")} 不是正整数`,
      seq: () => `票的序号 ${p.v("seq")} 不连续（已有 ${p.v("count")} 张）`,
      marks: () => `第 ${p.v("seq")} 张票的项目数与表决票不符`,
      undo: () => `撤销的是第 ${p.v("seq")} 张，但最后一张是第 ${p.v("last")} 张`,
      done: () => `完成记录写的是 ${p.v("count")} 张，实际 ${p.v("actual")} 张`,
      field: () => `计票单上没有“${p.v("field")}”这一项`,
    } as Record<string, () => string>)[String(p.raw["problem"])]?.() ?? String(p.raw["problem"]),
    hint: (p) => (p.raw["problem"] === "line"
      ? "录入记录这一行已写完整却不是有效的记录（文件被改动或磁盘损坏），无法安全接着录；已确认的票不会被丢弃，文件未作任何改动。请把这个文件交给技术人员，或改名后重新录入这一次"
      : p.raw["problem"] === "other-session"
        ? "这多半是从别的会议文件夹（例如上一次会议或演练）复制来的 entry 文件夹：把它改名或移走后重新录入；如果只是改正了 session.json 的日期，把日期改回，录完后再改"
        : JOURNAL_DAMAGED.has(String(p.raw["problem"]))
          ? "piaojue 写的录入记录总是前后接续的，这一条接不上前面的记录（文件被改动或磁盘损坏），无法安全接着录；文件未作任何改动。请把这个文件交给技术人员，或改名后重新录入这一次"
          : "录入记录与现在的会议文件对不上（候选项目或规则改过？）；如确需重录，把这个文件改名后重新开始"),
  },
  E_MARKS: {
    message: (p) => `rules.marks.${p.v("list")} 中没有可以写进 ballots.csv 的符号：以 = + - @ 开头的会被电子表格当成公式，空白表示未划，另一个列表里也有的按那个列表计`,
    hint: (p) => (p.raw["list"] === "abstain"
      ? "在 rules.marks.abstain 里加上“弃权”（或另一个只属于这个列表、不以 = + - @ 开头的符号）：录入的弃权要写成符号，空单元格是未划，全空的一行按空白票计"
      : "在 rules.marks 的每个列表里放一个只属于这个列表的普通符号，例如 ○、×、弃权"),
  },
  E_JSON_SYNTAX: { message: (p) => JSON_SYNTAX[String(p.raw["expected"])]!.message(p), hint: (p) => (p.has("trail") ? AUDIT_RESTORE : JSON_SYNTAX[String(p.raw["expected"])]!.hint(p)) },
  E_BUDGET: { message: fieldProblem, hint: fieldFix },
  E_CANDIDATE: { message: fieldProblem, hint: fieldFix },
  E_CANDIDATE_ID: { message: fieldProblem, hint: fieldFix },
  E_CANDIDATE_NAME: { message: fieldProblem, hint: fieldFix },
  E_DEADLINE: { message: fieldProblem, hint: fieldFix },
  E_DUPLICATE_COLUMN: {
    message: (p) => {
      if (p.has("candidate")) return `列${p.q("column")}与第 ${p.v("otherColumn")} 列是同一个候选项目${p.q("candidate")}`;
      if (p.has("project")) return `列${p.q("column")}与第 ${p.v("otherColumn")} 列是同一个项目${p.q("project")}`;
      return p.has("otherColumn") ? `列${p.q("column")}与第 ${p.v("otherColumn")} 列重复` : `列${p.q("column")}重复`;
    },
    hint: (p) => (p.has("candidate") ? "每个候选项目只能有一列" : p.has("project") ? "每个项目只能有一列" : p.has("otherColumn") ? "每一列只能出现一次" : "删去多余的一列"),
  },
  E_MISSING_COLUMN: {
    message: (p) => (p.has("candidate") ? `缺少候选项目${p.q("candidate")}的列` : p.has("project") ? `缺少项目${p.q("project")}的列` : p.has("sheet") ? `缺少列${p.q("column")}` : `缺少必需的列${p.q("column")}`),
    hint: (p) => (p.has("candidate") ? "每个候选项目都要有一列，列名用编号或完整的项目名称"
      : p.has("project") ? "项目清单中的每个项目都要有一列，列名用编号或完整的项目名称"
      : p.has("sheet") ? SHEET_COLUMNS[String(p.raw["sheet"])] : `表头须有${p.q("column")}（或${p.q("english")}）`),
  },
  E_UNKNOWN_COLUMN: {
    message: (p) => (p.raw["sheet"] === "forms" ? `列${p.q("column")}不是项目清单中的项目，也不是“组别”${p.has("nearest") && unknownColumnCause(p)?.why !== "full-width" ? `，是不是项目${p.q("nearest")}？` : ""}`
      : p.has("zerosOf") ? `列${p.q("column")}与候选项目的编号${p.q("zerosOf")}只差前导的 0`
      : p.raw["sheet"] === "ballots" ? (namedInsteadZh(p, `列${p.q("column")}`, "column") ?? `列${p.q("column")}不是任何${p.n("roundLines") > 0 ? "本轮" : ""}候选项目`) : `未知的列${p.q("column")}`),
    hint: (p) => unknownColumnHint(p) ?? (p.has("zerosOf") ? "在 Excel 或 WPS 中输入的 003 会被存成数字 3：把候选项目表（或表决票）中编号那一列设为“文本”格式后重新输入编号，使两边写法一致" : p.raw["sheet"] === "ballots" ? `${p.has("subItems") ? "删去这一列，票记在各子项的列里；" : p.has("parent") ? `删去这一列，票记在项目 ${p.v("parent")} 的列里；` : ""}本轮的列：${p.list("ids")}（可用编号或完整的项目名称）` : ({
      forms: `项目的列名用项目清单中的编号或完整的项目名称（${p.list("ids")}）；测评表文件只能有“组别”和各项目的列，不是项目的列删去`,
      ...SHEET_COLUMNS,
    })[String(p.raw["sheet"])] ?? `可用的列：${p.list("columns")}（也可用英文列名）`),
  },
  E_PROJECT_ID: {
    message: (p) => (p.has("line") ? `第 ${p.v("line")} 行的编号为空` : "编号为空"),
    hint: (p) => (p.has("line") ? "填写项目编号" : "每个项目都要有编号，例如 P01"),
  },
  E_PROJECT_NAME: { message: () => "项目名称为空", hint: () => "填写项目名称" },
  E_RESULT_VALUE: { message: (p) => `第 ${p.v("line")} 行的结果${p.q("value")}不是计票结果`, hint: (p) => `结果只能是：${p.list("values")}` },
  E_COUNT_NUMBER: {
    // An empty cell is said as empty: “”不是非负整数 reads as if something odd had been written.
    message: (p) => (p.raw["value"] === ""
      ? `${p.has("line") ? `第 ${p.v("line")} 行${p.q("column")}` : "这一格"}是空的，须填写${p.raw["sheet"] === "counts" ? "份数" : p.raw["sheet"] === "results" ? "非负整数" : "票数"}`
      : p.has("line") ? `第 ${p.v("line")} 行${p.q("column")}的${p.q("value")}不是非负整数` : `${p.q("value")}不是非负整数`),
    hint: (p) => (p.raw["sheet"] === "results" ? RESULTS_COLUMNS : p.raw["sheet"] === "ballot-counts" ? "填写票数，例如 42" : "填写份数，例如 42；没有就填 0"),
  },
  E_NO_PROJECTS: {
    message: (p) => (p.raw["sheet"] === "candidates" ? "项目清单中没有测评项目" : "计票结果中没有“当选”的项目"),
    hint: (p) => (p.raw["sheet"] === "candidates"
      ? "在表头下每行填写一个要测评的项目（编号、项目名称），或让 evaluation.json 的 projects 指向计票结果 results.csv"
      : "确认 evaluation.json 的 projects 指向最终的计票结果（所有轮次计完后的 results.csv）"),
  },
  E_IDENTIFYING_COLUMN: {
    message: (p) => (p.raw["sheet"] === "ballots" ? `列${p.q("column")}可能暴露代表身份，表决票是无记名的` : `列${p.q("column")}可能暴露填表人身份，满意度测评是无记名的`),
    hint: (p) => (p.raw["sheet"] === "ballots" ? "删除这一列：表决票文件只能有票号、作废和各候选项目的列" : p.raw["sheet"] === "counts" ? COUNTS_COLUMNS : "删除这一列：测评表文件只能有“组别”和各项目的列"),
  },
  E_EMPTY_HEADER: {
    message: (p) => (p.has("lastColumnNumber") ? `第 ${p.v("columnNumber")}–${p.v("lastColumnNumber")} 列（${excelColumns(p)} 列）的列名是空的`
      : p.has("columnNumber") ? `第 ${p.v("columnNumber")} 列（${excelColumns(p)} 列）的列名是空的` : "表头有空列名"),
    hint: (p) => (p.has("emptyColumn") && !p.has("below") ? `${p.has("lastColumnNumber") ? "这几列" : "这一列"}每一行都是空的（在 Excel 里看不出来）：在 Excel 或 WPS 中选中 ${excelColumns(p)} 列，右键→删除，再保存`
      : p.has("below") ? `表头取的是第 ${p.v("header")} 行，而这一列第 ${p.v("below")} 行有内容：若列名在第 ${p.v("below")} 行或更下面，删去列名上方的标题行` : p.has("titleRow") ? "第一行只有第一格有字，像是表格的标题：删除这一行，让列名在第一行"
      : p.has("columnNumber") ? "删除空列，或写上列名" : p.raw["sheet"] === "ballots" ? "删除空列，或写上候选项目的编号" : "删除空列，或写上项目的编号"),
  },
  E_EVAL_EMPTY_LINE: {
    message: (p) => `第 ${p.v("line")} 行是空行：表里只有一个项目栏，没有组别栏，空行既可能是一份空白（各项弃权）的测评表，也可能是多余的空行，无法确定收回了几份测评表`,
    hint: () => "加一个“组别”栏，每份测评表一行，空白的测评表只填组别；或者把测评票录在 evaluations.xlsx 中，那里表内的空行就是一份空白测评表；若不是测评表，删去空行后重新测评",
  },
  E_EVAL_GROUP_EMPTY: { message: (p) => `第 ${p.v("line")} 行的组别为空`, hint: (p) => `填写组别：${p.list("groups")}` },
  E_EVAL_GROUP_SHEETS: { message: (p) => `工作表按组别命名（${p.list("sheets")}），但读的工作表“${p.v("sheet")}”没有“组别”列：其中每一行都会算作第一个组别“${p.v("group")}”，其余工作表不读`, hint: (p) => `把各组的测评放在同一个工作表中，加一列“组别”写明每一行的组别（${p.list("groups")}）；只放一个组别的表也要有“组别”列，没有时整张表算作“${p.v("group")}”` },
  E_EVAL_GROUP_UNKNOWN: { message: (p) => `第 ${p.v("line")} 行的组别${p.q("group")}不在 evaluation.json 的 groups 中`, hint: (p) => `可用的组别：${p.list("groups")}` },
  E_EVAL_MARK: {
    message: (p) => `第 ${p.v("line")} 行第 ${p.v("columnNumber")} 列（${p.v("project")}）的${p.q("value")}不是测评结果`,
    hint: () => "单元格只能填：满意、基本满意、不满意、弃权，或留空（按弃权计）",
  },
  E_MORE_ERRORS: { message: (p) => `另有 ${p.v("more")} 处同类错误未列出`, hint: () => "改正上面列出的错误后再运行一次" },
  E_DUPLICATE_ROW: { message: (p) => `${p.q("id")}在组别${p.q("group")}中与第 ${p.v("otherLine")} 行重复`, hint: () => "每个项目在每个组别只能有一行" },
  E_EVAL_NAME_MISMATCH: { message: (p) => `编号${p.q("id")}在项目清单中是${p.q("listed")}，这里写的是${p.q("written")}`, hint: () => "核对这一行的编号和项目名称是否错行" },
  E_EVAL_FORMS_EXCEED_MEMBERS: {
    message: (p) => (p.raw["sheet"] === "forms"
      ? `组别${p.q("group")}在 ${p.v("file")} 中有 ${p.v("forms")} 份测评表，多于应参加人数 ${p.v("members")}`
      : `${p.q("id")}在组别${p.q("group")}的测评票数 ${p.v("forms")} 多于应参加人数 ${p.v("members")}`),
    hint: (p) => (p.raw["sheet"] === "forms" ? `核对 ${p.v("file")} 的组别列，或改正该组的 members` : "核对汇总表，或改正 evaluation.json 中该组的 members"),
  },
  E_EVAL_NO_FORMS: { message: () => "没有任何测评结果", hint: (p) => (p.raw["source"] === "forms" ? "在表头下每份测评表填一行" : "每个项目、每个组别填一行份数") },
  E_INDICATOR_NAME: { message: (p) => `第 ${p.v("line")} 行的指标名称为空`, hint: () => "写明指标，例如“新增床位（张）”" },
  E_BLANK_ROW: { message: (p) => `第 ${p.v("line")} 行全部为空（只有逗号或空格）`, hint: () => "这多半是在 Excel 或 WPS 中清除内容后留下的行：删去这一行，再重新运行" },
  E_INDICATOR_NUMBER: { message: (p) => `第 ${p.v("line")} 行的${p.v("column")}${p.q("value")}不是非负数`, hint: () => "只写数字，如 100、0.95、95%、2/3 或 1,860（逗号只作千位分隔，小数点用“.”），不要写单位" },
  E_INDICATOR_TARGET_ZERO: { message: (p) => `第 ${p.v("line")} 行的目标值为 0，无法计算完成比例`, hint: () => "目标值应大于 0" },
  E_INDICATOR_WEIGHT: {
    message: (p) => (p.has("total") ? `项目${p.q("id")}的指标权重合计为 0` : `第 ${p.v("line")} 行的权重${p.q("value")}不是非负数`),
    hint: (p) => (p.has("total") ? "至少一个指标的权重应大于 0" : "写小数或分数，如 0.3 或 1/3；留空按 1 计"),
  },
  W_INDICATOR_REPEATED: {
    message: (p) => `项目${p.q("id")}的指标${p.q("name")}在第 ${p.v("first")} 行已经有了，这一行又写了一次，两行都计入完成率`,
    hint: () => "同一个指标只写一行；确是两个指标的，给它们不同的名称",
  },
  W_INDICATOR_PROJECT_NOT_LISTED: {
    message: (p) => (p.has("unselected") ? `${unselectedZh(p)}，这一指标未计入` : `指标的编号${p.q("id")}不是项目清单中的项目，未计入`),
    hint: (p) => (p.has("unselected") ? UNSELECTED_HINT_ZH("行") : "编号一栏写项目清单中的编号或完整的项目名称；核对后仍不符时，确认 evaluation.json 的 projects 指向正确的项目清单"),
  },
  W_EVAL_GROUP_NO_FORMS: {
    message: (p) => `组别${p.q("group")}没有测评表，综合结果按其余组别的权重重新折算`,
    hint: (p) => (p.raw["source"] === "forms" ? `若该组已测评，把该组的测评表填进 ${p.v("file")}，每张一行，“组别”一列写${p.q("group")}（还没有“组别”列时先加上这一列）` : `若该组已测评，在 ${p.v("file")} 中加上该组各项目的行`),
  },
  W_EVAL_FEW_FORMS: {
    message: (p) => `${p.raw["project"] === undefined ? "" : `项目${p.q("project")}在`}组别${p.q("group")}只有 ${p.v("forms")} 份测评${p.raw["project"] === undefined ? "表" : "票"}，少于 ${p.v("minimum")} 份，难以保证无记名`,
    hint: () => "satisfaction.html 和 --json（fewForms）已标明“结果仅供参考”；人数太少时，可与其他组别合并测评，或不单独公布该组结果",
  },
  W_GRADE_BASE_VALID: { message: (p) => `组别${p.q("group")}没有应参加人数 members，等次按它的有效测评票数评定，而不是按应参加人数`, hint: () => `等次按应参加人数（全体组成人员）评定的，在 evaluation.json 的这一组加上 "members"；确实按有效票评定的，把 grade.base 写成 "valid"` },
  W_EVAL_GROUP_ONLY_ABSTAIN: { message: (p) => `项目${p.q("project")}在组别${p.q("group")}的 ${p.v("forms")} 份测评票都是弃权，其他组别有评价`, hint: (p) => `核对 ${p.v("file")} 中这一组的这个项目是否漏录：它的综合结果只由其他组别（和这一组为 0 的份额）得出` },
  W_EVAL_PROJECT_ONLY_ABSTAIN: {
    message: (p) => `项目${p.q("project")}的 ${p.v("forms")} 份测评票都是弃权，没有一份评了满意、基本满意或不满意`,
    hint: (p) => `核对 ${p.v("file")} 中这个项目是否漏录；它没有得分${p.has("passRate") ? "，也无法判断是否达标" : ""}`,
  },
  W_EVAL_PROJECT_NO_FORMS: { message: (p) => `项目${p.q("project")}没有任何组别的测评结果`, hint: (p) => `在 ${p.v("file")} 中加上该项目的行，或从项目清单中去掉它` },
  W_EVAL_PROJECT_NOT_LISTED: {
    message: (p) => `${p.has("unselected") ? unselectedZh(p) : `${p.q("what")}不是项目清单中的项目`}，${p.n("hasForms") === 1 ? "其测评结果" : "这一列"}未计入`,
    hint: (p) => (p.has("unselected") ? UNSELECTED_HINT_ZH(p.n("row") === 1 ? "行" : "列") : p.n("row") === 1
      ? "编号一栏写项目清单中的编号或完整的项目名称；并确认 evaluation.json 的 projects 指向正确的项目清单"
      : "确认 evaluation.json 的 projects 指向正确的项目清单；若是清单中项目的别名，请把列名改为编号或完整的项目名称"),
  },
  W_EVAL_NO_ABSTAIN_COLUMN: { message: () => "没有“弃权”列，各项目的弃权都按 0 计，而 rateBase 为 \"returned\"（弃权计入基数）", hint: () => "加上“弃权”列，按测评表填写各项目各组别的弃权票数（没有弃权的填 0），再运行 piaojue evaluate" },
  W_EVAL_TOTALS_DIFFER: {
    message: (p) => {
      const who = `“${p.v("id")} ${p.v("name")}”在组别${p.q("group")}`;
      if (p.raw["row"] === "missing") return `${who}没有汇总行（测评票数按 0 计），与该组有测评票的项目通常的 ${p.v("usual")} 份不同；该组对这个项目按没有测评计，不进入它的综合`;
      if (p.raw["row"] === "zero") return `${who}的测评票数 0（这一行各项都是 0）与该组有测评票的项目通常的 ${p.v("usual")} 份不同；该组对这个项目按没有测评计，不进入它的综合`;
      return `${who}的测评票数 ${p.v("forms")}（满意 ${p.v("satisfied")} + 基本满意 ${p.v("basic")} + 不满意 ${p.v("unsatisfied")} + 弃权 ${p.v("abstain")}）与该组有测评票的项目通常的 ${p.v("usual")} 份不同`;
    },
    hint: (p) => (p.raw["row"] === "missing"
      ? `补上${p.q("id")}在组别${p.q("group")}的一行（编号,组别,满意,基本满意,不满意,弃权）：同一组别每张测评表对每个项目都有一个结果（未填的计弃权），各项目合计应相同`
      : "核对汇总表：同一组别每张测评表对每个项目都有一个结果（未填的计弃权），各项目合计应相同"),
  },
  W_NAME_QUESTION_MARK: {
    message: (p) => `第 ${p.v("line")} 行（${p.v("id")}）的项目名称${p.q("name")}中有“?”：多半是存成 GBK 编码的 CSV 时，某个字不在 GBK 中，被换成了问号`,
    hint: () => "在 Excel 或 WPS 中“另存为”CSV UTF-8（逗号分隔），或直接用 candidates.xlsx，核对名称后重新运行；名称中确实有问号的，请写全角“？”",
  },
  W_NAME_LINE_BREAK: {
    message: (p) => `第 ${p.v("line")} 行（${p.v("id")}）的项目名称${p.q("name")}中有换行（多半是在 Excel 单元格中按了 Alt+Enter）`,
    hint: () => "项目名称在表决票、结果表和公告中都是一行：删去名称中的换行（需要时改用空格），再重新运行",
  },
  W_DEADLINE_SERIAL: { message: (p) => `第 ${p.v("line")} 行（${p.v("id")}）的完成时限${p.q("value")}像是 Excel 的日期序列号（即 ${p.v("date")}）`, hint: (p) => `这一格丢了日期格式，表决票上会照印这个数字：在表格中把它设为日期格式，或直接改填 ${p.v("date")}（或只写月份 ${p.v("date").slice(0, 7)}）` },
  W_NAME_RARE_CHARACTER: {
    message: (p) => `第 ${p.v("line")} 行（${p.v("id")}）的项目名称${p.q("name")}中有生僻字 ${rareCharacters(p)}：很多电脑没有这个字的字体，印出来会是方框`,
    hint: () => "印票前在打印预览中核对这个字；显示为方框时，在这台电脑上安装含这个字的字体（如 Windows 的“宋体-ExtB”），或改用通行的写法",
  },
  W_INCOMPLETE_CANDIDATE: {
    message: (p) => `候选项目“${p.v("id")} ${p.v("name")}”缺少：${p.list("missing")}`,
    hint: () => "候选项目应写明背景、内容、区域、主体、资金、来源、时限和绩效目标，避免打包式票决",
  },
  E_AUDIT_OTHER_SESSION: {
    message: (p) => `这个输出文件夹的记录属于另一个会议文件夹（${p.v("session")}），不是 ${p.v("folder")}`,
    hint: (p) => `核查那个会议文件夹：piaojue audit ${p.v("session")} -o …；本会议的结果请不加 -o 重新写出（写到它自己的 out/）`,
  },
  E_AUDIT_MISSING: { message: () => "没有审计记录 audit.json，无从核查", hint: (p) => `先运行 ${String(p.raw["tally"] ?? "piaojue tally")}（或其他写出结果的命令），它会写出 out/audit.json 和 out/SHA256SUMS；计票时用 -o 写到了别处的，audit 也加同样的 -o` },
  E_ENTRY_BUSY: { message: (p) => `另一个 piaojue 进程（pid ${p.v("pid")}）正在录入这一次`, hint: (p) => `同一次录入只能在一个终端进行；第二位工作人员请用 --second。锁文件是 ${p.v("lock")}：只有确认没有任何终端还在录入这一次时（例如断电重启后），才可删除它再重新运行` },
  E_EXISTS: {
    message: (p) => (p.raw["command"] === "enter" ? `${p.v("path")} 已经存在，未覆盖` : `${p.v("path")} 已经存在，未改动`),
    hint: (p) => (p.raw["command"] === "enter"
      ? `核对后如要以这次录入为准，加 --force 重新运行：${p.has("again") ? p.v("again") : `piaojue enter ${p.v("folder")}${p.n("counts") === 1 ? " --counts" : ""}${p.n("round") > 1 ? ` --round ${p.v("round")}` : ""} --force`}`
      : "要重新生成，请加 --force（原文件会被覆盖）；或换一个文件夹"),
  },
  E_EXPECTED: { message: () => "expected.json 应是一个对象", hint: () => "例如 {\"exitCode\": 4, \"runoff\": {\"reason\": \"tie\"}}" },
  E_FILE: {
    message: (p) => {
      if (p.raw["problem"] === "folder-missing") return `会议文件夹 ${p.v("dir")} 不存在`;
      if (p.raw["problem"] === "folder-is-file") return `${p.v("dir")} 是一个文件，不是文件夹`;
      if (p.raw["problem"] === "folder-dangling-link") return `会议文件夹 ${p.v("dir")} 是一个符号链接，指向的 ${p.v("target")} 不存在`;
      if (p.raw["problem"] === "folder-link-loop") return `会议文件夹 ${p.v("dir")} 是一个符号链接，指向 ${p.v("target")}，链接绕成一圈，找不到文件夹`;
      if (p.raw["problem"] === "dangling-link") return `${p.v("name")} 是一个符号链接，指向的 ${p.v("target")} 不存在`;
      if (p.raw["problem"] === "link-loop") return `${p.v("name")} 是一个符号链接，指向 ${p.v("target")}，链接绕成一圈，找不到文件`;
      const scenario = ({ "scenario-missing": "找不到这个场景文件夹", "scenario-not-folder": "场景应是文件夹（内有 session.json 和 expected.json）", "expected-missing": "场景缺少 expected.json", "root-missing": "文件夹不存在", "root-not-folder": "这不是文件夹" } as Record<string, string>)[String(p.raw["problem"])];
      if (p.raw["problem"] === "expected-misnamed") return `场景缺少 expected.json，但有${p.q("found")}`;
      if (scenario || !p.has("errno")) return scenario ?? "文件无法读取";
      const reasons: Record<string, string> = {
        ENOENT: "文件不存在", EISDIR: "这是一个文件夹，不是文件", ENOTFILE: "这不是普通文件（是设备或管道）", ERR_FS_FILE_TOO_LARGE: "文件太大（超过 2 GB），无法读取",
        EACCES: "没有读取这个文件的权限", EPERM: "没有读取这个文件的权限", ENOTDIR: "路径中有一段是文件，不是文件夹", ENAMETOOLONG: "路径太长，无法读取", EIO: "读取时磁盘出错",
      };
      if (p.has("otherCase")) return `没有 ${p.v("name")}，文件夹里的 ${p.v("otherCase")} 字母大小写不同，没有读取它`;
      if (p.has("legacy")) return `文件不存在；有 ${p.v("legacy")}，但旧版 .xls 工作簿无法读取`;
      return reasons[p.v("errno")] ?? `无法读取（${p.v("errno") || "未知错误"}）`;
    },
    hint: (p) => {
      // evaluate names where the missing project list's name came from.
      if (p.has("projects")) return `evaluation.json${p.n("projectsLine") > 0 ? ` 第 ${p.v("projectsLine")} 行` : ""}的 projects 写的是${p.q("projects")}（相对于测评文件夹）：把项目清单放到那里，或改正 projects，例如 "candidates.csv" 或 "out/results.csv"`;
      if (p.raw["problem"] === "folder-missing" && p.has("lookAlike")) return `旁边有一个看起来同名的文件夹${p.q("lookAlike")}，但名字中的字符编码形式不同（如苹果电脑上建的文件夹）：用 Tab 键补全路径，或从文件管理器复制它的名字`;
      if (p.raw["problem"] === "folder-missing") return "检查文件夹路径是否写对；新会议先用 piaojue init 建立会议文件夹";
      if (p.raw["problem"] === "folder-dangling-link" || p.raw["problem"] === "folder-link-loop") return `把 ${p.v("dir")} 改为指向实际的会议文件夹，或删除这个链接，把会议文件夹本身放在那里`;
      if (p.raw["problem"] === "dangling-link" || p.raw["problem"] === "link-loop") return `把 ${p.v("name")} 改为指向实际的文件，或删除这个链接，放入文件 ${p.v("name")} 本身`;
      if (p.raw["problem"] === "folder-is-file") return "piaojue 的参数应是文件夹（放 session.json 等文件的会议文件夹，或测评文件夹），不是其中的文件：命令后面写文件夹的路径";
      if (p.has("sessions")) return `这个文件夹下面的 ${p.list("sessions")} 才是会议文件夹：命令后面写其中一个，例如 ${p.v("dir")}/${(p.raw["sessions"] as readonly string[])[0]}；要一次计全部会议的票，用 piaojue batch ${p.v("dir")}`;
      if (p.has("otherCase")) return `文件夹里有 ${p.v("otherCase")}：改名为 ${p.v("name")}（大小写与此相同）后再运行`;
      if (p.has("legacy")) return `在 Excel 或 WPS 中打开 ${p.v("legacy")}，“另存为”“Excel 工作簿（*.xlsx）”，保存为 ${p.v("workbook")}`;
      if (p.has("errno")) {
        const fixes: Record<string, string> = {
          // A plan not there yet: progress --plan drafts it from the vote (`draft` is that command line).
          // The folder is not named: the hint, in a pasted tally --json too, is then the same wherever the folder is.
          ENOENT: `在会议文件夹中放入 ${p.v("name")}${p.has("draft") ? `；也可运行 ${p.v("draft")} 按计票结果生成草稿` : ""}`,
          EISDIR: `${p.v("name")} 应是一个文件：把同名的文件夹改名或移走，再放入文件 ${p.v("name")}`,
          ENOTFILE: `把 ${p.v("name")} 换成普通文件（表格软件或记事本保存的文件），不要用设备、管道或指向它们的链接`,
          ENOTDIR: `检查路径 ${p.v("name")}：其中作为文件夹的部分现在是同名的文件`,
          ERR_FS_FILE_TOO_LARGE: "确认选对了文件",
          ENAMETOOLONG: "把文件夹移到路径较短的位置（如 D:\\票决）再运行",
          EIO: "磁盘或 U 盘可能有问题：把文件夹复制到电脑硬盘上再运行",
        };
        const errno = p.v("errno");
        return fixes[errno] ?? (errno === "EACCES" || errno === "EPERM" ? "检查文件权限：运行 piaojue 的用户要能读取这个文件" : `检查文件权限，并确认文件能用别的程序打开（系统错误 ${errno || "未知"}）`);
      }
      if (p.raw["problem"] === "expected-missing") return "写出期望的结果，例如 {\"exitCode\": 0, \"selected\": [\"P01\", \"P02\"]}（tally --json 的 data 的一部分）";
      if (p.raw["problem"] === "expected-misnamed") {
        const hidden = /\.txt$/i.test(p.v("found")) ? "；Windows 资源管理器可能隐藏了末尾的 .txt" : "";
        return `verify 只读名为 expected.json 的文件：如果${p.q("found")}就是这个场景的期望，把它改名为 expected.json（全部小写，不带别的后缀${hidden}）`;
      }
      return String(p.raw["problem"]).startsWith("root-") ? "给出存放各会议文件夹的上级文件夹，例如 piaojue batch 2026年各镇" : "给出场景文件夹，或存放多个场景的上级文件夹";
    },
  },
  E_WRITE: {
    message: (p) => {
      const errno = p.v("errno");
      const why = writeReason(errno);
      if (p.has("target") && p.n("staged") !== 1) return `无法替换输出文件夹中的 ${p.v("target")}（${errno === "EISDIR" ? "那里是一个同名的文件夹" : why}）`;
      // Committed, not all in place: what out/ holds now is part new, part old, and must not be used.
      const mixed = "。输出文件夹现在新旧文件混杂：再次运行补完之前，其中的文件都不要打印或使用";
      if (p.has("target")) return `无法替换输出文件夹中的 ${p.v("target")}（${why}）：它可能正被别的程序打开，或有同名的文件夹占着它的位置${mixed}`;
      return `无法写入输出文件夹（${why}）${p.n("staged") === 1 ? mixed : ""}`;
    },
    hint: (p) => {
      if (p.has("target") && p.n("staged") !== 1) return `输出文件夹中原有的文件没有改动，什么也没有写出：把占着 ${p.v("target")} 位置的文件夹（或文件）移走或改名，再运行一次刚才的命令`;
      if (p.has("target")) return `新的结果已完整暂存：关闭打开 ${p.v("target")} 的程序（Excel、WPS、浏览器），然后再运行一次刚才的命令（或任一写出结果的命令），它会补完新的一套`;
      if (p.n("staged") === 1) return "新的结果已完整暂存：解决问题后再运行一次刚才的命令（或任一写出结果的命令），它会补完新的一套";
      const errno = p.v("errno");
      const fix = p.has("temporary") ? "这是系统的临时文件夹（TMPDIR）：用 -o 指定放示例的文件夹，例如 piaojue demo -o 示例"
        : p.has("otherOwner") ? "输出文件夹属于别的用户（例如用管理员身份运行时建的）：请它的主人或管理员修改权限，或用 -o 指定自己能写的文件夹"
        : ({
          ENOENT: "检查输出文件夹的路径：网络盘或 U 盘是否已连接；out 是链接时，它指向的文件夹是否还在",
          ENAMETOOLONG: "把会议文件夹移到路径较短的位置（如 D:\\票决），或用 -o 指定路径较短的输出文件夹",
          ENOSPC: "腾出磁盘空间，或用 -o 写到别的磁盘",
          EROFS: "把会议文件夹复制到可写的磁盘上，或用 -o 指定可写的文件夹",
        } as Record<string, string>)[errno] ?? "解决问题后重新运行";
      return `输出文件夹中原有的文件没有改动；${fix}`;
    },
  },
  E_WRITE_FILE: {
    message: (p) => {
      const errno = p.v("errno");
      const why = writeReason(errno);
      // A journal append that failed: what was confirmed before it is on disk.
      if (p.has("kept")) return `无法写入录入记录（${why}）：已确认的 ${p.v("kept")} ${p.has("counts") ? "项数字" : "张票"}都已保存，没写完整的最后一条会在下次开始时丢弃`;
      return `无法写入（${p.has("readOnly") ? "文件是只读的" : p.has("readOnlyFolder") ? "它所在的文件夹不能写入" : why}）`;
    },
    hint: (p) => (p.has("readOnlyFolder")
      ? `改写 session.json 要先在会议文件夹里写一个临时文件，而这个文件夹不能写入：在 Linux、macOS 中运行 chmod u+w ${p.v("readOnlyFolder")}（文件夹属于别的用户时，请它的主人或管理员修改），在 Windows 中右键文件夹→属性→安全，给自己“写入”权限；然后重新运行（session.json 没有改动）`
      : p.has("kept")
      ? `${p.v("errno") === "ENOSPC" ? "腾出磁盘空间（删去不用的文件，或把会议文件夹复制到空间足够的磁盘上）" : "检查磁盘（U 盘、网络盘是否还连着）和磁盘空间"}，然后再运行一次 ${p.v("again")}，接着已保存的${p.has("counts") ? "数字" : ` ${p.v("kept")} 张`}录入`
      : ["EACCES", "EPERM"].includes(p.v("errno"))
      ? `${p.has("readOnly") ? "这个文件是只读的" : "这个文件（或它所在的文件夹）是只读的，或没有写入权限"}：在 Windows 中右键→属性→取消“只读”，在 Linux、macOS 中运行 chmod u+w ${p.has("readOnly") ? p.v("readOnly") : "文件名"}；然后重新运行（已有的文件没有改动）`
      : "检查磁盘空间、文件夹的写入权限和路径；解决后重新运行（已有的文件没有改动）"),
  },
  E_INDICATOR_UNITS: {
    message: (p) => `第 ${p.v("line")} 行的目标值${p.q("target")}和完成值${p.q("actual")}一个带百分号、一个不带，无法比较`,
    hint: () => "两格都写百分号（如 100%、95%），或都不写（如 100、95）；在 Excel 中检查是否有一格设成了百分比格式",
  },
  W_PROJECTS_NOT_FINAL: {
    message: (p) => (p.has("round")
      ? `项目清单是尚未决定的计票结果：还需要第 ${p.v("round")} 轮票决，只测评了已“当选”的项目`
      : `项目清单是尚未决定的计票结果：${p.list("ids")} 得票相等待再次票决，只测评了已“当选”的项目`),
    hint: () => "再次票决后重新计票（piaojue tally），再用新的 results.csv 测评",
  },
  W_AS_OF_ISOLATED: {
    message: (p) => `最新的截至月份 ${p.v("month")} 比此前最近的报送（${p.v("previous")}）晚 ${p.v("gap")} 个月，只有 ${p.v("rows")} 行（${p.list("ids")}）；通报按 ${p.v("month")} 写出`,
    hint: (p) => `是否把年份或月份写错了？核对这几行；要按 ${p.v("previous")} 通报，用 --as-of ${p.v("previous")}`,
  },
  W_BATCH_LINK: {
    message: (p) => (p.has("broken")
      ? `${p.v("folder")} 是符号链接，但它指向的位置不存在或无法访问：其中若有会议，没有计票，也不在汇总中`
      : `${p.v("folder")} 是符号链接：batch 不跟随链接，其中的会议没有计票，也不在汇总中`),
    hint: (p) => (p.has("broken")
      ? "核对链接指向的文件夹（如未连接的共享盘）；不再需要的链接请删去"
      : `要把它计入汇总，把文件夹本身（而不是链接）放到这里；或单独运行 piaojue batch ${p.v("arg")}`),
  },
  W_BATCH_OUT_NAMED: {
    message: (p) => `${p.v("folder")} 里有 session.json，但 out 是写出结果的文件夹的名字：batch 不把它当作会议文件夹，没有计票，也不在汇总中`,
    hint: () => "如果这是一个会议文件夹，给它改一个别的名字（如镇名），再运行 piaojue batch",
  },
  W_BATCH_PLAN_ONLY: {
    message: (p) => `${p.v("folder")} 有任务分解表但没有 session.json，不是会议文件夹，未计票也未汇总进度`,
    hint: (p) => `把它放进对应的会议文件夹，或单独运行 piaojue progress ${p.v("arg")}`,
  },
  E_COUNTED_NONE: {
    message: (p) => `session.json 的 counted 写第 ${p.v("round")} 轮收回 0 张，而发出了 ${p.v("issued")} 张`,
    hint: () => "填上计票单上的收回票数和无效票数（counted 每轮一项，第 1 轮在前）后再计票",
  },
  E_BALLOTS_NONE: {
    message: (p) => `${p.v("file")} 只有表头，没有一张表决票（第 ${p.v("round")} 轮发出 ${p.v("issued")} 张）`,
    hint: (p) => `这像是还没有填写的录入模板：每张收回的表决票填一行后再计票（或删去这个文件，用 ${p.has("again") ? p.v("again") : "piaojue enter"} 键盘录入）`,
  },
  E_OUT_IS_SESSION: {
    message: (p) => (p.has("link")
      ? `out 是一个指向${p.has("other") ? `另一个会议文件夹 ${p.v("link")}（里面有 ${String(p.raw["marker"] ?? "session.json")}）` : `会议文件夹本身（${p.v("link")}）`}的链接：写出的文件会和${p.has("other") ? "那个会议的" : ""}输入文件混在一起`
      : p.has("other") ? `输出文件夹是另一个会议文件夹（里面有 ${String(p.raw["marker"] ?? "session.json")}）：写出的文件会和那个会议的输入文件混在一起`
      : "输出文件夹就是会议文件夹本身：写出的文件会和输入文件混在一起，下次还会被当作输入读入"),
    hint: (p) => (p.has("link")
      ? "删除这个链接 out（只删链接，它指向的文件夹不受影响），piaojue 会新建 out 文件夹；或用 -o 指定另一个文件夹"
      : p.has("own") ? `out/ 是写出结果的地方，里面却有 ${String(p.raw["marker"] ?? "session.json")}：把 out/ 里的文件移到别处保存（或删除 out/），再运行；也可以用 -o 指定另一个文件夹`
      : "不加 -o（写到会议文件夹下的 out/），或用 -o 指定另一个文件夹"),
  },
  E_OUT_HOLDS_SESSION: {
    message: (p) => `输出文件夹 ${p.v("out")} 里含有会议文件夹 ${p.v("session")}：写出的结果会和会议的输入文件混在一起，audit 也无法核对这个输出文件夹`,
    hint: () => "用 -o 指定一个不含会议文件夹的文件夹（例如新建一个“汇总”文件夹），或不加 -o（写到会议文件夹下的 out/）",
  },
  E_OUT_OTHER_SESSION: {
    message: (p) => (p.has("township")
      ? `输出文件夹 ${p.v("out")} 是会议 ${p.v("township")} 自己的输出文件夹：两个会议共用一个输出文件夹，SHA256SUMS 就无法核对`
      : `输出文件夹 ${p.v("out")} 里已有另一个会议文件夹的结果（${p.v("command")} 写出的）：两个会议共用一个输出文件夹，SHA256SUMS 就无法核对`),
    hint: () => "每个会议用自己的输出文件夹：不加 -o（写到会议文件夹下的 out/），或用 -o 指定另一个文件夹",
  },
  E_OUT_OVERWRITES_INPUT: {
    message: (p) => `要写出的 ${p.v("file")} 正是本次读入的输入文件，输入文件从不改写`,
    hint: () => "用 -o 指定另一个输出文件夹（默认是会议文件夹下的 out/）",
  },
  E_OUT_BUSY: { message: () => "另一个 piaojue 正在写这个输出文件夹", hint: () => "等它结束后再运行；如确认没有其他 piaojue 在运行，删除这个锁文件" },
  E_NO_SCENARIOS: { message: () => "这个文件夹下没有场景（含 expected.json 的文件夹）", hint: () => "每个场景一个文件夹：会议文件（session.json、candidates.csv、ballots.csv）加上 expected.json" },
  E_ENTRY_MISMATCH: {
    message: (p) => entryDifferenceText(p.raw),
    hint: (p) => {
      if (p.n("seq") === 0) return "核对收回票数和张数";
      const again = p.has("command") ? p.v("command") : `piaojue enter${p.n("round") > 1 ? ` --round ${p.v("round")}` : ""}`;
      if (p.raw["kind"] === "only") {
        // g only rewrites a ballot there is: a ballot too many is undone, a ballot missing is added after 收回.
        const [has, lacks] = p.raw["pass"] === "first" ? [["第一次", again], ["第二次", `${again} --second`]] : [["第二次", `${again} --second`], ["第一次", again]];
        return `清点纸质票的张数：并没有第 ${p.v("seq")} 张的，${has[0]}录入多录了，重新运行 ${has[1]}，按 - 从最后一张起撤销多录的票，再按 r 改正收回票数；`
          + `确有这一张的，${lacks[0]}录入漏了，重新运行 ${lacks[1]}，按 r 改正收回票数，再补录这一张`;
      }
      return `取出第 ${p.v("seq")} 张纸质票核对；录错的那一次重新运行 ${again}（第二次录入加 --second），按 g ${p.v("seq")} 改正`;
    },
  },
  E_ROUND_TWICE: {
    // Two readings: tally finds both files of a round; enter finishes a round whose counts file exists.
    message: (p) => (p.has("ballots") ? `第 ${p.v("round")} 轮同时有 ${p.v("ballots")} 和 ${p.v("counts")}` : `会议文件夹里已有手工计票结果 ${p.v("counts")}`),
    hint: (p) => (p.has("ballots")
      ? "一轮只能用一种方式计票：逐票录入（ballots）或手工计票结果（counts），删去其中一个"
      : `一轮只能用一种方式计票；若以录入为准，移走 ${p.v("counts")} 后再运行本命令`),
  },
  E_UNEXPECTED_ROUND: {
    message: (p) => (p.has("file")
      ? `第 ${p.v("decided")} 轮已经决出结果，不需要第 ${p.v("round")} 轮，但文件夹里有 ${p.v("file")}`
      : `有第 ${p.v("round")} 轮的票，但${p.has("next") ? `下一轮应是第 ${p.v("next")} 轮` : `第 ${p.v("decided")} 轮已经决出结果`}`),
    hint: (p) => (p.has("file") ? "确认文件放对了会议文件夹；不需要的轮次文件请移走" : "轮次文件须连续：ballots-r2.csv、ballots-r3.csv……"),
  },
  W_ROUND_NOT_COUNTED: {
    message: (p) => `票决在第 ${p.v("voidRound")} 轮已经无效，第 ${p.v("round")} 轮的 ${p.v("file")} 没有计票`,
    hint: () => "无效的票决没有下一轮：重新组织票决时，先把这个文件移出会议文件夹（或放进新的会议文件夹）",
  },
  W_AUDIT_INPUT_REREAD: {
    message: (p) => `${p.v("who")} 读取后这个文件被改动过（SHA-256 ${p.v("was")}… → ${p.v("now")}…），之后 ${p.v("readNow")} 读取的是改动后的文件；按现在的文件重新计算 ${p.v("who")}，结果与 out/ 中的逐字节相同${p.has("issuedLater") ? `（${p.v("issuedLater")} 印票时还没有这一轮的发出票数，计票单上留空，按留空重算）` : ""}`,
    hint: (p) => `${p.has("sessionJson") ? "常见于 piaojue enter 改写了 session.json 中的实到、发出票数或手工计票数；" : ""}如不是有意改的，从备份恢复后再运行 piaojue audit`,
  },
  W_AUDIT_TOWN_SKIPPED: {
    message: (p) => `按现在的输入，batch 会因 ${p.v("folder")} 的输入有误跳过它、不写它的 out/；其中是以前写出的结果，这次没有核查`,
    hint: (p) => `运行 ${p.v("batch")} 可看到输入错误，改正后重新运行它；要核查那些以前的结果，运行 ${p.v("audit")}`,
  },
  W_AUDIT_TOWN_CHANGED: {
    message: (p) => `${p.v("folder")} 的输入与 batch 上次读取时不同（见第 1 项），它的 out/ 不是 batch 按现在的输入写出的，这次没有核查`,
    hint: (p) => `核对改动后重新运行 ${p.v("batch")}，再核查`,
  },
  W_AUDIT_ABANDONED_WRITE: {
    message: () => "这是一次在提交之前被中断的写出留下的暂存文件夹：它没有写完，out/ 中仍是完整的上一套文件，核查的是这一套",
    hint: () => "不必处理：下一个写 out/ 的命令（如 piaojue tally）会把它删除；也可以自己删除这个文件夹。如需那次命令的结果，重新运行它",
  },
  W_AUDIT_FINISHED_WRITE: {
    message: (p) => `上次写出被中断（提交后进程被杀或文件无法替换），核查前已把它补完：${[
      ...((p.raw["files"] as string[]).length > 0 ? [`放入了 ${p.list("files")}`] : []),
      ...((p.raw["removed"] as string[] | undefined ?? []).length > 0 ? [`删去了 ${p.list("removed")}`] : []),
    ].join("，")}`,
    hint: () => "这是那次命令本应写出的结果，不是 audit 自己的改动；以下核查针对补完后的 out/",
  },
  W_AUDIT_VERSION: {
    message: (p) => `${p.v("name")} 由 piaojue ${p.v("written")} 写出，现在是 ${p.v("running")}；重算结果若不同，可能是版本差异所致`,
    hint: () => "用写出时的版本核查",
  },
  W_ENTRY_ISSUED_MISSING: {
    message: (p) => `session.json 的 issued 还没有第 ${p.v("round")} 轮的发出票数：录入时收回票数无法与发出票数核对`,
    hint: (p) => `运行 ${p.v("command")}（N 为第 ${p.v("round")} 轮发出的票数），计票前必须写上；已确认的票都已保存，写上后接着录入即可`,
  },
  W_JOURNAL_TORN: { message: () => "上次中断时最后一条记录没有写完整，已丢弃（那张票当时还没有确认保存）", hint: () => "核对屏幕上的“已录入”张数，从下一张接着录" },
  E_AMBIGUOUS_NAME: {
    message: (p) => `项目名称${p.q("name")}与第 ${p.v("otherLine")} 行的编号相同`,
    hint: (p) => `改一个名称，否则${p.raw["sheet"] === "forms" ? "测评表" : "表决票"}的列名无法区分`,
  },
  E_COMPETITION: {
    message: (p) => competition(p),
    hint: (p) => (p.has("init")
      ? `增加候选项目到至少 ${p.v("required")} 个，或改用本次会议的应选数和差额规则（--formal、--min-extra、--min-ratio、--allow-equal）重新运行 piaojue init`
      : `增加候选项目到至少 ${p.v("required")} 个，或按本次会议的票决办法调整 rules.competition${p.n("printing") === 1 ? "；规则满足后再印票" : ""}`),
  },
  E_DUPLICATE_ID: { message: (p) => `编号${p.q("id")}与第 ${p.v("otherLine")} 行重复`, hint: (p) => (p.raw["sheet"] === "ballot-counts" ? "每个候选项目只能有一行" : "编号必须唯一") },
  E_DUPLICATE_NAME: { message: (p) => `项目名称${p.q("name")}与第 ${p.v("otherLine")} 行重复`, hint: () => "项目名称必须唯一" },
  E_JSON_DUPLICATE_KEY: { message: (p) => `键${p.q("key")}重复出现`, hint: () => "每个键只能写一次，删除多余的一处" },
  E_JSON_FORBIDDEN_KEY: { message: (p) => `不允许的键名${p.q("key")}`, hint: () => "删除这个键" },
  E_NO_CANDIDATES: { message: () => "没有候选项目", hint: () => "每行填写一个候选项目" },
  E_NO_RUNOFF: { message: (p) => `前 ${p.v("decided")} 轮已经决出全部结果，不需要第 ${p.v("round")} 轮`, hint: (p) => `运行 ${p.has("again") ? p.v("again") : "piaojue tally"} 查看结果` },
  E_PARENT_NESTED: { message: (p) => `${p.q("parent")}本身是子项，子项下不能再有子项`, hint: () => "子项只能挂在顶层项目下" },
  E_PARENT_CYCLE: {
    message: (p) => `所属项目首尾相接成环：${[...p.raw["rows"] as readonly string[], (p.raw["rows"] as readonly string[])[0]].join(" → ")}，这几行互为子项`,
    hint: () => "子项只能挂在顶层项目下：环中应是顶层项目的那一行，所属项目留空",
  },
  E_PARENT_SELF: { message: () => "项目不能是自己的子项", hint: () => "留空或填写父项目的编号" },
  E_PARENT_UNKNOWN: { message: (p) => `所属项目${p.q("parent")}不是任何候选项目的编号`, hint: () => "填写本表中父项目的编号，或留空" },
  E_ISSUED_ROUND: { message: (p) => `票决只进行到第 ${p.v("upTo")} 轮，还没有第 ${p.v("round")} 轮`, hint: (p) => `--round 写要改发出票数的那一轮（第 1 到第 ${p.v("upTo")} 轮）；第 ${p.v("upTo")} 轮计票后须再次票决时，再写下一轮的发出票数` },
  E_ROUND_NOT_NEXT: { message: (p) => `下一轮是第 ${p.v("next")} 轮，不是第 ${p.v("round")} 轮`, hint: (p) => (p.raw["command"] === "enter" ? `录入第 ${p.v("next")} 轮：${p.has("again") ? p.v("again") : `piaojue enter --round ${p.v("next")}`}（不加 --round 时自动录入待录的一轮）` : `运行 ${p.has("again") ? p.v("again") : `piaojue ballot --round ${p.v("next")}`}`) },
  E_VOTE_VOID: { message: () => "票决无效，不进行再次票决", hint: (p) => `运行 ${p.has("again") ? p.v("again") : "piaojue tally"} 查看无效的原因` },
  W_COMPETITION: { message: (p) => competition(p), hint: () => "差额规则未满足，票决结果可能不被认可；请对照本次会议的票决办法" },
  W_COUNTED_UNUSED: {
    message: (p) => `session.json 的 counted 第 ${p.v("round")} 项（收回 ${p.v("returned")}、无效 ${p.v("void")}）未使用：第 ${p.v("round")} 轮按 ${p.v("ballots")} 逐票计数`,
    hint: (p) => (p.has("later")
      ? `counted 只用于手工计票（counts.csv）；把这一项改写为 null，以免与计票结果不符（不要删去它：删去后，第 ${p.v("later")} 轮的一项会移到第 ${p.v("round")} 轮的位置）`
      : "counted 只用于手工计票（counts.csv）；按表决票计数时请删去这一项，以免与计票结果不符"),
  },
  W_ISSUED_EXCEEDS_PRESENT: {
    message: (p) => `第 ${p.v("round")} 轮发出 ${p.v("issued")} 张票，多于出席代表 ${p.v("present")} 人`,
    // The first round is where a miscount of ballots handed out is caught.
    // A later round's figure may also be left over from a runoff a corrected count no longer needs.
    hint: (p) => (p.n("round") === 1 ? "核对发票数：每位出席代表只应领到一张票"
      : `核对第 ${p.v("round")} 轮的发出票数（每位出席代表每轮只领一张票），改正用 ${p.has("again") ? p.v("again") : `piaojue enter --issued N --round ${p.v("round")}`}；若改正计票后已不需要第 ${p.v("round")} 轮，删去 session.json 的 issued 中第 ${p.v("round")} 项及其后各项`),
  },
  W_MIN_RATIO_BELOW_ONE: {
    message: (p) => `差额比例 minRatio 为 ${p.v("minRatio")}，小于 1，这一条不起作用：只检查候选项目比正式项目至少多 ${p.v("minExtra")} 个（minExtra）`,
    hint: () => "minRatio 是候选项目数与正式项目数之比：“差额比例不低于20%”写作 \"1.2\"；不要求比例时写 \"1\"",
  },
  W_QUORUM_SHORT: {
    message: (p) => `实到 ${p.v("present")} 人，不足法定人数 ${p.v("needed")} 人（应到 ${p.v("total")} 人）：按现在的 session.json，票决无效`,
    hint: () => "核对实到人数（deputies.present）；出席代表确实不足法定人数的，不能进行票决",
  },
  W_SEED_UNUSED: {
    message: (p) => `给了随机种子 seed ${p.v("seed")}，但表决票顺序 order 是 "${p.v("order")}"，不是 "random"：种子没有作用`,
    hint: () => "要按随机顺序印票，把 order 写成 \"random\"；不用随机顺序的，删去 seed",
  },
  W_COUNTED_EXCEEDS_ISSUED: {
    message: (p) => `第 ${p.v("round")} 轮收回 ${p.v("returned")} 张（counted），多于发出的 ${p.v("issued")} 张：这一轮按手工计票（counts.csv）计时，票决无效`,
    hint: (p) => `核对 counted 中第 ${p.v("round")} 轮的收回票数（returned）和 issued 中的发出票数；收回确实多于发出的，票决无效`,
  },
  W_ISSUED_NONE: {
    message: (p) => `第 ${p.v("round")} 轮发出票数为 0，而实到 ${p.v("present")} 人：收回的每一张票都会多于发出数，票决无效`,
    hint: () => "填写实际发出的票数（issued）；还不知道时按实到人数填写，发票后再核对",
  },
  W_SEATS_UNFILLED: { message: (p) => `第 ${p.v("round")} 轮决选有 ${p.v("unfilled")} 个名额无项目达到所需 ${p.v("needed")} 票，名额空缺，正式项目少于应选数` },
  W_SHORTFALL_ACCEPTED: { message: (p) => `过半数的项目只有 ${p.v("qualified")} 个，少于应选数 ${p.v("formal")}；按票决办法（accept-fewer）确定 ${p.v("qualified")} 个正式项目` },
  // 实施进度监督（progress，SPEC §11）。
  E_PROGRESS_UNKNOWN_COLUMN: {
    message: (p) => `未知的列${p.q("column")}`,
    hint: (p) => `${p.raw["sheet"] === "plan" ? "plan.csv" : "progress.csv"} 可用的列：${p.list("expected")}（也可用英文列名；“备注”列不参与计算）`,
  },
  E_PROGRESS_DUPLICATE_COLUMN: { message: (p) => `列${p.q("column")}与第 ${p.v("otherColumn")} 列重复`, hint: () => "每一列只能出现一次，删去多余的一列" },
  E_PROGRESS_MISSING_COLUMN: {
    message: (p) => `缺少必需的列${p.q("column")}`,
    hint: (p) => `表头须有“${p.v("column")}”（或“${p.v("english")}”）${p.raw["sheet"] === "plan" ? "；plan.csv 必需的列：编号、项目名称、完成时限" : "；progress.csv 必需的列：编号、截至、形象进度"}`,
  },
  E_PROGRESS_EMPTY_CELL: { message: (p) => `“${p.v("column")}”为空`, hint: (p) => (p.raw["column"] === "完成时限" ? "填写完成时限，格式 YYYY-MM，例如 2026-12" : p.raw["column"] === "截至" ? "填写报送的月份，格式 YYYY-MM，例如 2026-06" : p.raw["column"] === "形象进度" ? "填写 0 到 100 之间的数，例如 35 或 35%" : `填写${p.v("column")}`) },
  E_PROGRESS_ID: {
    message: (p) => `编号${p.q("value")}格式不对`,
    hint: (p) => {
      const id = idWritten(p.v("value"));
      return `编号只能用字母、数字、- 和 _，且以字母或数字开头，与候选项目表一致，${id ? `例如改为“${id}”（不用空格和全角字符）` : "例如 P01"}`;
    },
  },
  E_ID_WRITTEN: { message: (p) => `编号${p.q("id")}中有全角字符或空格，应写作“${p.v("meant")}”`, hint: () => "用英文输入法（半角）重新输入编号，与项目清单中的编号一致" },
  E_PLAN_DUPLICATE_ID: { message: (p) => `编号${p.q("id")}与第 ${p.v("otherLine")} 行重复`, hint: () => "每个项目在 plan.csv 中只写一行" },
  E_PLAN_MONTH: progressMonth((p) => p.v("column"), "plan.xlsx"),
  E_PLAN_DEADLINE_BEFORE_START: { message: (p) => `完成时限 ${p.v("deadline")} 早于开始月份 ${p.v("start")}`, hint: () => "改正完成时限或开始月份；不写开始时，从完成时限所在年份的 1 月算起" },
  E_PLAN_BUDGET: { message: (p) => `投入资金${p.q("value")}不是非负的普通小数${fullWidthChar(p)}`, hint: () => "单位万元，只写数字，例如 120 或 35.5，不要写单位" },
  E_PLAN_MILESTONE_FORMAT: { message: (p) => `计划节点${p.q("item")}格式不对`, hint: () => "每个节点写成“月份:百分比”，节点之间用分号隔开，例如 2026-04:20;2026-08:60" },
  E_PLAN_MILESTONE_SEPARATOR: { message: (p) => `计划节点${p.q("item")}用${p.has("space") ? "空格" : p.q("separator")}分隔，节点之间应用分号`, hint: () => "节点之间用分号（; 或中文的 ；）隔开，不用顿号、逗号或空格，例如 2026-04:20;2026-08:60" },
  E_PLAN_MILESTONE_PERCENT: {
    message: (p) => `计划节点${p.q("item")}的百分比${p.has("fullWidth") ? `写法不对${fullWidthChar(p)}` : p.has("spaceBeforePercent") ? "在 % 前多了空格" : "应在 0 到 100 之间"}`,
    hint: (p) => (p.has("spaceBeforePercent") ? "去掉 % 前的空格，例如 2026-04:20%" : "例如 2026-04:20 表示 2026 年 4 月底完成 20%"),
  },
  E_PLAN_MILESTONE_NONE: { message: (p) => `开始与完成时限同在 ${p.v("month")}，不能有计划节点（写了${p.q("item")}）`, hint: () => "完成时限当月按 100% 计，计划节点只能在开始月份到完成时限的前一个月之间：删去计划节点，或改正开始月份（不写开始时从完成时限所在年份的 1 月算起）" },
  E_PLAN_MILESTONE_RANGE: { message: (p) => `计划节点${p.q("item")}的月份不在 ${p.v("from")} 至 ${p.v("to")} 之间`, hint: () => "节点月份应从开始月份起，到完成时限的前一个月止（完成时限当月按 100% 计）" },
  E_PLAN_MILESTONE_ORDER: { message: (p) => `计划节点${p.q("item")}的月份不晚于前一个节点 ${p.v("previous")}`, hint: () => "节点按月份从早到晚排列，同一月份只写一次" },
  E_PLAN_MILESTONE_DECREASING: { message: (p) => `计划节点${p.q("item")}的百分比小于前一个节点的 ${p.v("previous")}%`, hint: () => "计划进度不能倒退：后面的节点百分比应不小于前面的" },
  E_PLAN_EMPTY: { message: () => "plan.csv 没有项目", hint: () => "每行写一个要跟踪的项目；可运行 piaojue progress --plan 按计票结果生成草稿" },
  E_REPORT_UNKNOWN_ID: {
    message: (p) => `编号${p.q("id")}不在 plan.csv 中${p.has("firstLine") ? `（同第 ${p.v("firstLine")} 行）` : p.has("rows") ? `（共 ${p.v("rows")} 行）` : ""}`,
    // 同一编号的几行只在第一行给提示。
    hint: (p) => (p.has("firstLine") ? undefined : `核对编号，或先在 plan.csv 中加上这个项目${p.has("rows") ? `；项目已从计划中撤下的，删去它的这 ${p.v("rows")} 行报送（或移到另一个文件中保存）` : ""}`),
  },
  E_REPORT_DUPLICATE: { message: (p) => `项目 ${p.v("id")} 在 ${p.v("month")} 已有一行（第 ${p.v("otherLine")} 行）`, hint: () => "每个项目每月只报送一行：删去重复的一行，或改正月份" },
  E_REPORT_MONTH: progressMonth(() => "截至", "progress.xlsx"),
  E_REPORT_PROGRESS: {
    message: (p) => `形象进度${p.q("value")}${p.has("spaceBeforePercent") ? "在 % 前多了空格" : `应是 0 到 100 之间的普通小数${fullWidthChar(p)}`}`,
    hint: (p) => (p.has("spaceBeforePercent") ? "去掉 % 前的空格，例如 35%" : "只写数字，例如 35、35.5 或 35%：不带正负号，小数点前后都要有数字"),
  },
  E_REPORT_DISBURSED: { message: (p) => `已拨付资金${p.q("value")}不是非负的普通小数${fullWidthChar(p)}`, hint: () => "填写累计拨付金额，单位万元，例如 120 或 35.5；没有就留空" },
  E_REPORT_EMPTY: { message: () => "进度报送表里没有任何报送的进度", hint: () => "每个项目每月填一行：编号,截至,形象进度,已拨付资金（万元）,说明；或用 --as-of 指定通报月份" },
  E_PROGRESS_UNKNOWN_KEY: { message: (p) => `未知的键${p.q("key")}${p.has("suggestion") ? `，是不是${p.q("suggestion")}？` : ""}`, hint: () => "progress.json 只能有 title 和 lag（behind、severe）；检查拼写，未知的键会被拒绝" },
  E_PROGRESS_SCHEMA: {
    message: (p) => ({ "": "progress.json 应是一个对象", title: "title：应是非空文字", lag: "lag：应是对象，如 {\"behind\": \"10\", \"severe\": \"30\"}" } as Record<string, string>)[String(p.raw["path"])] ?? (p.has("equal") ? `${p.v("path")}：分数${p.q("value")}的分子、分母都须是整数，写成 "${p.v("equal")}"` : `${p.v("path")}：应是百分点数的文字，小数或分数，如 "10" 或 "25/2"`),
    hint: () => "写法：{\"title\": \"……\", \"lag\": {\"behind\": \"10\", \"severe\": \"30\"}}",
  },
  E_PROGRESS_LAG_ORDER: { message: (p) => `滞后界限 behind ${p.v("behind")} 大于严重滞后界限 severe ${p.v("severe")}`, hint: () => "应满足 0 ≤ behind ≤ severe；只写一个键时，另一个取默认值（behind 10，severe 30）" },
  E_PLAN_EXISTS: { message: (p) => `${p.v("file")} 已存在，未改写`, hint: () => "要重新生成，先把原文件改名或移走" },
  E_PLAN_RESULTS: { message: () => "这不是计票结果文件（没有“结果”列）", hint: () => "先运行 piaojue tally 写出 out/results.csv；结果在别处时用 -o 指定它所在的文件夹" },
  E_PLAN_NO_SELECTED: { message: () => "计票结果中没有“当选”的项目", hint: () => "确认这是所有轮次计完后的计票结果（票决无效，或过半数的项目一个也没有时，也没有当选的项目：见同一文件夹中的 summary.csv）；没有正式项目就没有要跟踪的进度" },
  E_PLAN_WRITE: { message: (p) => `无法写出 plan.csv（${writeReason(p.v("errno"))}）`, hint: () => "检查文件夹的写入权限" },
  W_PROGRESS_FRACTION: {
    message: (p) => `项目 ${p.v("id")} 的形象进度 ${p.v("value")} ${p.has("formula") ? "由公式算出、没有设成百分比格式" : "在 0 和 1 之间"}，按 ${p.v("value")}% 计算，${p.has("formula") ? `像是把 ${p.v("percent")}% 写成了 ${p.v("value")}` : "像是写成了小数"}`,
    hint: (p) => `如果是 ${p.v("percent")}%，把这一格设为百分比格式，或直接填 ${p.v("percent")}；确实是 ${p.v("value")}% 的可不理会`,
  },
  W_PROGRESS_DECREASED: {
    message: (p) => `项目 ${p.v("id")} ${p.v("month")} 的${p.raw["field"] === "progress" ? "形象进度" : "已拨付资金"} ${p.v("value")} 低于 ${p.v("highestMonth")} 报送的 ${p.v("highest")}`,
    hint: () => "按报送的数计算；如是填错，请改正这一行",
  },
  W_BALLOT_CLIPPED: {
    message: (p) => `候选项目“${p.v("id")} ${p.v("name")}”的${p.list("fields")}太长，表决票一页印不下，已截短，以“……”结尾`,
    hint: () => "表决票的一行不能跨页（方框只在一页上）。请在 candidates.csv 中把该项目的内容精简为主要内容，详细情况可作为项目说明另发；项目名称不截短",
  },
  W_COUNT_SHEET_ROOM: {
    message: (p) => `计票单每栏可记 ${p.v("room")} 票，少于这一轮可能的 ${p.v("votes")} 票`,
    hint: () => "计票单一栏不能超过一页高：票数这样多时，划满的栏目请在另纸上接着划“正”字，合计时一并算入；或直接逐票录入（piaojue enter）",
  },
  W_BALLOT_PAGES: {
    message: (p) => `表决票有 ${p.v("lines")} 个项目，一张 A4 纸排不下，共 ${p.v("pages")} 页`,
    hint: (p) => `每页都印有标题、表头和“第 x 页 / 共 ${p.v("pages")} 页”；发票时每位代表须拿到完整的 ${p.v("pages")} 页（可双面打印或装订）`,
  },
  E_ENTRY_TERMINAL: {
    message: (p) => `键盘录入 ${p.v("target")} 需要终端：现在的输入来自管道或文件，录入没有开始`,
    hint: (p) => (p.n("counts") === 1
      ? `录入要在终端窗口里进行；已算好的计票结果可存为 ${p.v("target")} 放进会议文件夹，并在 session.json 的 counted 中写入收回、无效票数`
      : `录入要在终端窗口里进行；已填好的表格可存为 ${p.v("target")} 放进会议文件夹`),
  },
  E_ENTRY_WORKBOOK_EXISTS: {
    message: (p) => `会议文件夹里已有 ${p.v("workbook")}（第 ${p.v("round")} 轮）：录入写出的 ${p.v("target")} 不能与它并存，同一张表只能有一种文件`,
    hint: (p) => `这一轮已在 ${p.v("workbook")} 中时不需要录入，直接运行 piaojue tally；要重新录入这一轮，先把 ${p.v("workbook")} 移出会议文件夹`,
  },
  E_ENTRY_ALL_IN: { message: (p) => `${p.n("rounds") > 1 ? `${p.v("rounds")} 轮` : "这一轮"}的票都已录入，票决已有结果，没有待录入的一轮`, hint: (p) => `运行 ${p.has("again") ? p.v("again") : "piaojue tally"} 查看结果；确要重新录入某一轮，用 --round K 指明` },
  E_DEMO_TARGET: {
    message: (p) => (p.raw["problem"] === "not-dir" ? `${p.v("path")} 不是文件夹` : `${p.v("path")} 已存在且有内容，示例不会覆盖它`),
    hint: () => "用 -o 指定一个新的或空的文件夹；不加 -o 时示例放在新建的临时文件夹里",
  },
  E_COUNTS_DIFFER: { message: (p) => `${p.v("field")}：第一次录入 ${p.v("first")}，第二次录入 ${p.v("second")}`, hint: (p) => `对照计票单核对；录错的那一次重新运行 ${p.v("command")}（或加 --second），⌫ 回到这一项改正` },
  E_COUNTS_BALLOTS_EXIST: { message: (p) => `会议文件夹里已有逐票录入的 ${p.v("ballots")}`, hint: (p) => `一轮只能用一种方式计票；若以手工计票为准，移走 ${p.v("ballots")} 后再运行本命令` },
  E_SESSION_REWRITE: {
    message: (p) => (p.has("encoding")
      ? `session.json 是 ${p.v("encoding")} 编码（记事本、Excel 所说的“Unicode”）：piaojue 能读取它，check 也能通过，但 enter 只改写 UTF-8 编码的 session.json，没有改动它`
      : "session.json 不是 UTF-8 编码的 JSON，enter 无法安全改写它，没有改动它"),
    hint: () => "用记事本打开 session.json，“另存为”时编码选 UTF-8（内容不必改），保存后再运行本命令",
  },
  // Excel 工作簿（.xlsx）的读取：src/io/xlsx-read.ts
  E_XLSX_LIMIT: {
    message: (p) => ({
      file: () => `工作簿太大（${p.v("value")} 字节，上限 ${p.v("limit")}）`,
      entries: () => `工作簿的压缩包内文件过多（上限 ${p.v("limit")} 个）`,
      entry: () => `工作簿中的 ${p.v("part")} 解压后太大（${p.v("value")} 字节，上限 ${p.v("limit")}）`,
      total: () => `工作簿解压后总量太大（上限 ${p.v("limit")} 字节）`,
      ratio: () => `工作簿中的 ${p.v("part")} 压缩比异常（${p.v("value")} 倍，上限 ${p.v("limit")} 倍），疑似压缩炸弹`,
      rows: () => `工作表的行号 ${p.v("value")} 超过上限 ${p.v("limit")}`,
      columns: () => `工作表用到了第 ${p.v("value")} 列，超过上限 ${p.v("limit")} 列`,
      cells: () => `工作表有内容的单元格过多（上限 ${p.v("limit")} 个）`,
      table: () => `表从表头到最后一行有内容的行共 ${p.v("value")} 个单元格，超过上限 ${p.v("limit")} 个（中间的空行也算在表内）`,
    } as Record<string, () => string>)[String(p.raw["what"])]?.() ?? `工作簿超过上限（${p.v("what")}）`,
    hint: () => "确认选对了文件；只保留要读的那张表，另存为新的 .xlsx，或另存为 CSV（UTF-8）",
  },
  E_XLSX_LEGACY: { message: () => "这是旧版 .xls 或设了密码的工作簿，无法读取", hint: () => "在 Excel 或 WPS 中打开，取消密码，另存为“Excel 工作簿（*.xlsx）”" },
  E_XLSX_DAMAGED: {
    message: (p) => ({
      zip: () => "不是有效的 .xlsx 工作簿（无法解压）",
      missing: () => `工作簿缺少 ${p.v("part")}，文件不完整`,
      dtd: () => `工作簿的 ${p.v("part")} 含有文档类型声明（DOCTYPE），拒绝读取`,
      entity: () => `工作簿的 ${p.v("part")} 含有未知的实体引用`,
      syntax: () => `工作簿的 ${p.v("part")} 不是完整的 XML`,
      "shared-string": () => `${p.v("cell")} 引用的共享文字${p.q("index")}在工作簿中不存在，读不出这一格的内容`,
    } as Record<string, () => string>)[String(p.raw["reason"])]?.() ?? `工作簿的 ${p.v("part")} 有误（${p.v("reason")}）`,
    hint: () => "文件可能已损坏或不是 Excel 保存的；在 Excel 或 WPS 中打开后重新另存为 .xlsx",
  },
  E_XLSX_MACRO: { message: () => "工作簿含有宏（.xlsm 或 VBA 工程），拒绝读取", hint: () => "另存为不含宏的“Excel 工作簿（*.xlsx）”后再用" },
  E_XLSX_EXTERNAL_LINK: { message: () => "工作簿链接了其他工作簿的数据（外部链接），拒绝读取", hint: () => "在 Excel 中“数据 → 编辑链接 → 断开链接”，把数据变为数值后另存" },
  E_XLSX_NO_SHEET: { message: () => "工作簿中没有可读的工作表", hint: (p) => (p.raw["role"] ? `把数据放在第一个工作表，或命名为“${p.v("role")}”的工作表中` : "把数据放在第一个工作表中") },
  E_XLSX_EMPTY_RUN: {
    message: (p) => `表格中间第 ${p.v("from")}–${p.v("to")} 行连着 ${p.v("count")} 行空行，其下的 ${p.v("cell")} 又有内容`,
    hint: () => "这么长的一段空行下面的内容多半不属于这张表（例如表格下方远处的一个备注）：删去它；若中间确是空白的票或测评表，删去多余的空行，每张空白票（表）留一行",
  },
  E_XLSX_SHEET_HIDDEN: { message: (p) => `与文件用途同名的工作表“${p.v("sheet")}”是隐藏的，不知道该读它还是读看得见的表`, hint: (p) => (p.has("veryHidden") ? "这张表是“深度隐藏”的，右击工作表标签无法取消隐藏，只能在 VBA 编辑器（Alt+F11）中把它的 Visible 属性改为可见；或者把要读的表复制到一个新工作簿，另存为原来的文件名" : "右击工作表标签 → 取消隐藏，核对它是不是要读的那张表；不是的话删去它（或改名），再重新运行") },
  E_XLSX_EMPTY_SHEET: { message: (p) => `工作表“${p.v("sheet")}”是空的，没有表头`, hint: () => "第一行应是表头；数据要放在工作簿的第一个工作表或与文件用途同名的工作表" },
  E_XLSX_FORMULA: {
    message: (p) => `${p.v("cell")} 是公式${p.raw["formula"] ? `（=${p.v("formula")}）` : ""}，${p.has("total") ? `第 ${p.v("line")} 行是合计行` : { ballot: "表决票的每一格只能直接填写符号", form: "测评票的每一格只能直接填写测评等次" }[String(p.raw["rowIs"])] ?? "这个文件的数只能直接填写"}`,
    hint: (p) => ((p.has("typed") ? {
      ballot: `第 ${p.v("line")} 行的其他格是直接填写的，像是一张票：把 ${p.v("cell")} 的公式换成直接填写的符号（没有表态的留空）；如果这一行是统计用的合计行，才删去它`,
      form: `第 ${p.v("line")} 行的其他格是直接填写的，像是一份测评表：把 ${p.v("cell")} 的公式换成直接填写的满意、基本满意、不满意或弃权；如果这一行是统计用的合计行，才删去它`,
    } : {
      ballot: `删去第 ${p.v("line")} 行：表决票文件每一行是收回的一张票，合计由 piaojue 计算（否则它会被算作多收回一张票）；如果它确是一张票，把公式换成直接填写的符号`,
      form: `删去第 ${p.v("line")} 行：测评票文件每一行是一份测评表，统计由 piaojue 计算（否则它会被算作多一份测评表）；如果它确是一份测评表，把公式换成直接填写的满意、基本满意、不满意或弃权`,
    })[String(p.raw["rowIs"])] ?? (p.has("total") ? `删去第 ${p.v("line")} 行：合计行不是计票数据，合计由 piaojue 计算` : "票数和计数必须手工录入：复制这些单元格，“选择性粘贴 → 数值”后保存")),
  },
  E_XLSX_FORMULA_NO_VALUE: { message: (p) => `${p.v("cell")} 是公式，但工作簿中没有它的计算结果`, hint: () => "在 Excel 或 WPS 中打开并保存一次（会算出结果），或把公式改为数值" },
  E_XLSX_SCALED_FORMAT: { message: (p) => `${p.v("cell")} 的数字格式 ${p.q("format")} 使显示的数与存的数大小不同：Excel 显示 ${p.v("shown")}，存的是 ${p.v("value")}`, hint: () => "把这一格的数字格式设为“常规”或“数值”，并按这一列的单位填写数值（如“万元”列填 200，不填 2000000）" },
  E_XLSX_CELL_ERROR: { message: (p) => `${p.v("cell")} 的值是错误 ${p.v("value")}`, hint: () => "改正这个单元格的公式或内容" },
  E_XLSX_MERGED: { message: (p) => `表内有合并单元格 ${p.v("range")}`, hint: () => "取消合并，并在每一行填上各自的内容（合并后只有第一格有值）" },
  E_XLSX_OUTSIDE_HEADER: { message: (p) => `${p.v("cell")} 在表头之外，却有内容${p.q("value")}`, hint: (p) => (p.has("header") ? `表头取的是第 ${p.v("header")} 行：若这一列属于表格，在这一行给它写上列名，或删去表外的内容；若列名不在第 ${p.v("header")} 行，删去列名上方的标题行` : "给这一列写上列名，或删去表外的内容") },
  W_XLSX_TITLE_ROWS: { message: (p) => `表头上方的第 ${p.list("rows")} 行（${p.q("title")}）当作标题，未读入；表头在第 ${p.v("header")} 行`, hint: () => "如果表头不对，删去表头上方的行" },
  W_XLSX_EMPTY_COLUMNS: { message: (p) => `${p.list("columns")} 列没有列名也没有内容，已忽略`, hint: () => "可以删去这些空列" },
  W_XLSX_TRAILING_ROWS: { message: (p) => `表末第 ${p.v("from")} 行起有 ${p.v("count")} 个空行（只有格式或空格${Array.isArray(p.raw["rows"]) && p.raw["rows"].length > 1 ? `；第 ${p.list("rows")} 行有只含空格的单元格` : ""}），已忽略`, hint: () => "核对这些单元格原来是否有内容；没有的话可以删去这些行" },
  E_XLSX_TABLE_SPLIT: {
    message: (p) => `工作表“${p.v("other")}”第 ${p.v("row")} 行的表头与读的工作表“${p.v("sheet")}”（第 ${p.v("header")} 行）相同：表格分在几个工作表中，只读“${p.v("sheet")}”会漏掉“${p.v("other")}”中的行`,
    hint: (p) => `把各工作表的行复制到同一个工作表中（表头只留一行），删去其余工作表后重新运行；“${p.v("other")}”若只是旧的副本，删去它`,
  },
  W_XLSX_OTHER_SHEETS: { message: (p) => `工作簿有多个工作表，读的是“${p.v("sheet")}”（另有：${p.list("others")}）`, hint: () => "要读别的表，把它移到第一个，或命名为与文件用途相同的名称" },
  W_XLSX_HIDDEN: { message: (p) => `工作表“${p.v("sheet")}”有隐藏的行或列（${p.list("cells")}），已照常读入`, hint: () => "取消隐藏，核对这些行列是否应当计入" },
  // Input limits and readings (hostile and mistaken inputs).
  E_TOO_LARGE: {
    message: (p) => `文件有 ${p.v("mb")} MB，超过 JSON 文件的上限 ${p.v("limitMb")} MB`,
    hint: () => "session.json、evaluation.json 等设置文件只有几 KB；确认选对了文件",
  },
  E_RECORD_TOO_LONG: {
    message: (p) => `这一行（或其中一个单元格）的文字超过 ${p.v("limitMb")}M 个字符，不是表决或测评数据`,
    hint: () => "确认选对了文件；若是引号没有成对，一个单元格会一直延续到文件末尾",
  },
  E_TOO_MANY_COLUMNS: {
    message: (p) => `表头有 ${p.v("columns")} 列，超过上限 ${p.v("limit")} 列`,
    hint: () => "确认选对了文件，并且表头是第一行",
  },
  E_ENCODING_CONTRADICTED: {
    message: (p) => (p.has("line")
      ? `指定了 --encoding gb18030，但第 ${p.v("line")} 行是 UTF-8 编码：文件混用了两种编码（按 GB18030 读，这一行会变成别的汉字）`
      : "指定了 --encoding gb18030，但这个文件是 UTF-8 编码（按 GB18030 读会变成别的汉字）"),
    hint: (p) => (p.has("line")
      ? "常见于把两个文件的内容拼在一起。用 Excel 或 WPS 打开后“另存为”CSV UTF-8（逗号分隔），再去掉 --encoding gb18030 运行"
      : "去掉 --encoding gb18030（默认会自动识别 UTF-8 和 GBK）"),
  },
  E_JSON_ENCODING: {
    message: () => "JSON 文件不是有效的 UTF-8 编码",
    hint: () => "JSON 文件必须是 UTF-8 编码（--encoding 只用于 CSV 表格）；用记事本或 WPS 另存为 UTF-8",
  },
  W_VOID_CELL_NEGATIVE: {
    message: (p) => `第 ${p.v("line")} 行的“作废”写的是${p.q("value")}，这张票按作废计（作废列不为空即作废）`,
    hint: () => "如果这张票并未作废，把作废列留空后重新计票",
  },
  E_TRAILING_EMPTY_ROWS: {
    message: (p) => `表末的 ${p.v("rows")} 行（第 ${p.v("first")}–${p.v("last")} 行）只有逗号或空格：按约定各算一张空白票，收回就成了 ${p.v("returned")} 张，多于发出的 ${p.v("issued")} 张，票决将无效`,
    hint: () => "这多半是 Excel 或 WPS 把表格下方带格式的空行（如录入模板预留的行）一并存进了 CSV：删去这些行后重新计票；其中确有空白票的，给它填上票号（或在各栏写“弃权”）",
  },
  W_EMPTY_ROW: {
    message: (p) => `第 ${p.v("line")} 行全部为空${p.has("workbook") ? "" : "（只有逗号或空格）"}，${p.has("as") ? `按 rules.marks，空单元格是${MARK_WORDS[p.v("as")]}，这一张各项目都按${MARK_WORDS[p.v("as")]}计` : "按空白票计"}`,
    hint: () => "这多半是在 Excel 或 WPS 中清除单元格后留下的行；若它不是一张票，删去这一行后重新计票",
  },
  W_EMPTY_FORMS: {
    message: (p) => `有 ${p.v("count")} 行全部为空（第 ${p.list("lines")} 行${p.n("count") > 10 ? "等" : ""}），每行按一份各项目都弃权的测评表计`,
    hint: () => "空白的测评表按弃权计入测评票数；这样的行也可能是在 Excel 或 WPS 中清除单元格后留下的：若不是测评表，删去这些行后重新测评",
  },
  W_EMPTY_ROW_OVER_APPROVAL: {
    message: (p) => `第 ${p.v("line")} 行全部为空${p.has("workbook") ? "" : "（只有逗号或空格）"}；按 rules.marks，空单元格是赞成，赞成超过限选数，该票无效`,
    hint: () => "这多半是在 Excel 或 WPS 中清除单元格后留下的行；若它不是一张票，删去这一行后重新计票",
  },
  // Reading tables and counting ballots (io/csv.ts, io/encoding.ts, io/files.ts, core/ballots.ts).
  E_CSV_SYNTAX: {
    message: (p) => ({ "text-after-quote": "引号结束后紧跟了其他字符", "quote-inside": "未加引号的单元格中间出现了双引号" })[String(p.raw["problem"])] ?? "引号没有结束：文件在引号内结束",
    hint: (p) => ({ "text-after-quote": "含逗号或引号的单元格要整个用双引号括起，单元格里的双引号写成两个（\"\"）", "quote-inside": "把整个单元格用双引号括起，单元格里的双引号写成两个（\"\"）" })[String(p.raw["problem"])]
      ?? "检查这个单元格的双引号是否成对，或文件是否被截断",
  },
  E_CSV_EMPTY: { message: () => "文件是空的，没有表头", hint: (p) => (p.raw["table"] === "forms" ? "第一行应是表头：组别和各项目的编号" : "第一行应是表头") },
  E_CSV_FIELD_COUNT: {
    message: (p) => `这一行有 ${p.v("cells")} 个单元格，表头有 ${p.v("expected")} 列`,
    hint: (p) => (p.n("expected") === 1 ? "表头只有一格：如果第一行是表格的标题，删除它，让列名在第一行；否则检查是否用了逗号以外的分隔符" : "检查是否多了或少了逗号；含逗号的单元格要用双引号括起"),
  },
  E_DUPLICATE_HEADER: { message: (p) => `列名${p.q("column")}与第 ${p.v("otherColumn")} 列重复`, hint: () => "每个列名只能出现一次" },
  E_NOT_TEXT: {
    message: (p) => {
      const kind = ({ workbook: "Excel 或 WPS 工作簿（.xlsx/.et，压缩格式）", "old-workbook": "旧版 Excel 或 WPS 工作簿（.xls）", pdf: "PDF 文件", png: "PNG 图片", jpeg: "JPEG 图片" } as Record<string, string>)[String(p.raw["kind"])];
      if (kind !== undefined) return `这是${/^[A-Za-z]/.test(kind) ? " " : ""}${kind}，不是 CSV 或文本文件`;
      if (p.has("utf16")) return "文件每隔一个字节是空字符（NUL），像是没有 BOM 标记的 UTF-16 文本，无法可靠地读取";
      if (p.has("inCell")) return `这一格含有控制字符（${p.v("char")}），屏幕上和纸上都看不见`;
      return p.has("char") ? `文件含有控制字符（${p.v("char")}），不是文本文件` : "文件含有空字符（NUL），不是文本文件";
    },
    hint: (p) => (p.has("utf16") ? `用记事本打开，“另存为”时编码选“UTF-8”${p.has("json") ? "" : "；或在 Excel 或 WPS 中打开，“另存为”CSV UTF-8（逗号分隔）"}`
      : p.has("json") ? "确认选对了文件；用记事本等文本编辑器打开，删去这个字符（或从备份恢复），按 UTF-8 保存"
      : p.has("inCell") ? "重新输入这一格（这个字符多半是从别处复制粘贴带来的），保存后再运行"
      : p.has("char") ? "确认选对了文件；用 Excel 或 WPS 重新另存为 CSV"
      : p.raw["kind"] === "workbook" ? "这是改了扩展名的工作簿：把文件名的 .csv 改回 .xlsx 即可，piaojue 直接读工作簿；或在 Excel 或 WPS 中打开它，“另存为”CSV UTF-8（逗号分隔）"
      : "在 Excel 或 WPS 中打开原表格，“另存为”CSV UTF-8（逗号分隔）后再放入会议文件夹"),
  },
  E_TRUNCATED: { message: () => "文件在一个字符的中间结束，可能没有保存完整或复制时被截断", hint: () => "重新从原表格另存为 CSV UTF-8（逗号分隔），或重新复制该文件" },
  E_MIXED_ENCODING: {
    message: (p) => `文件混用了两种编码：第 ${p.v("utf8Line")} 行是 UTF-8，第 ${p.v("badLine")} 行不是（可能是 GBK）`,
    hint: (p) => (p.has("bom")
      ? `常见于把两个文件的内容拼在一起。文件开头的 BOM 标记表明它是 UTF-8（--encoding 对它不起作用）：把第 ${p.v("badLine")} 行从原来的表格重新复制或输入，再另存为 CSV UTF-8（逗号分隔）`
      : "常见于把两个文件的内容拼在一起。用 Excel 或 WPS 打开后“另存为”CSV UTF-8（逗号分隔）；如确是 GBK 文件，用 --encoding gb18030"),
  },
  E_ENCODING: {
    message: (p) => ({ neither: "文件既不是 UTF-8 也不是 GB18030 编码，无法读取", gb18030: "文件不是有效的 GB18030 编码", utf8: p.has("bom") ? "文件开头的 BOM 标记表明它是 UTF-8，但内容不是有效的 UTF-8 编码" : "文件不是有效的 UTF-8 编码" } as Record<string, string>)[String(p.raw["encoding"])]
      ?? "文件不是有效的 UTF-16 编码（可能被截断）",
    hint: (p) => (p.has("bom")
      ? `文件开头的 BOM 标记决定了编码，--encoding 对它不起作用：${p.raw["encoding"] === "utf8" ? "这一处多半是从别的文件粘贴来的，从原来的表格重新复制或输入后，" : "重新"}用 Excel 或 WPS“另存为”CSV UTF-8（逗号分隔）`
      : `用 Excel 或 WPS“另存为”CSV UTF-8（逗号分隔）后再试，${({
        utf8: "或（它是 Excel 默认的 GBK/GB18030 编码时）用 --encoding gb18030，或去掉 --encoding 自动识别",
        gb18030: "或（它是 UTF-8 编码时）去掉 --encoding 自动识别",
      } as Record<string, string>)[String(p.raw["encoding"])] ?? "或用 --encoding 指定编码"}`),
  },
  W_CHANGED_SINCE_PRINTED: {
    message: (p) => (p.raw["what"] === "names"
      ? `第 ${p.v("round")} 轮的表决票印制之后，candidates.csv 中项目的名称变了（${renamedZh(p)}）：计票结果中这些编号的项目名称与纸质票上印的不同，纸质票上投给一个项目的票可能计在了另一个项目名下`
      : `第 1 轮的表决票印制之后，${p.list("changed")} 改过：纸质票上写的限选数或无效票规则与现在计票用的不同`),
    hint: (p) => (p.raw["what"] === "names"
      ? "核对 candidates.csv：名称改错了的，改回印票时的名称再计票；确实要改名的，由主席团按票决办法确认这些票计在哪个项目名下"
      : "按纸质票上写的规则计票：把 session.json 改回印票时的样子再计票；如果是印票时写错了，由主席团按票决办法决定"),
  },
  E_CHANGED_SINCE_PRINTED: {
    message: (p) => {
      if (p.raw["what"] === "seats") return `第 ${p.v("round")} 轮的表决票印制时剩余 ${p.v("printed")} 个名额（每票最多赞成 ${p.v("printed")} 个），现在是 ${p.v("now")} 个：按纸质票填的票会按现在的限选数判定`;
      if (p.raw["what"] === "names") return `第 ${p.v("round")} 轮的表决票印制之后，candidates.csv 中项目的名称变了（${renamedZh(p)}）：按纸质票录入，票会记到现在用这个编号的项目名下`;
      return `第 ${p.v("round")} 轮的表决票印制之后，表决票上的项目或其顺序变了（candidates.csv、排序规则，或计票改正后的决选项目）：按纸质票上的顺序录入，会录到别的项目上`;
    },
    hint: (p) => `先核对纸质票与现在的表决票：纸质票与现在的一致的，运行 ${p.v("command")} 记下现在的表决票（不必重印）再录入；否则把改过的文件（candidates.csv、session.json 或上一轮的票）改回印票时的样子，或按现在的表决票重新印票、投票`,
  },
  E_PRINTED_RUNOFF_DIFFERS: {
    message: (p) => `第 ${p.v("round")} 轮的表决票印制时是在 ${p.list("printed")} 中选 ${p.v("printedSeats")} 个，而按前几轮现在的票，这一轮应在 ${p.list("lines")} 中选 ${p.v("seats")} 个：${p.v("file")} 中的票是为另一次决选投的，不能计入这次决选`,
    hint: (p) => `先核对前几轮票的改正：改错了的，改回后再计票；改正无误的，这些票不能计数：把 ${p.v("file")} 移出会议文件夹，运行 ${p.has("again") ? p.v("again") : "piaojue runoff"} 重新印制第 ${p.v("round")} 轮表决票，重新投票`,
  },
  W_PRINTED_RUNOFF_DIFFERS: {
    message: (p) => `已印制的第 ${p.v("round")} 轮表决票是在 ${p.list("printed")} 中选 ${p.v("printedSeats")} 个，而按现在的票，第 ${p.v("round")} 轮应在 ${p.list("lines")} 中选 ${p.v("seats")} 个：已印制的这份表决票作废`,
    hint: (p) => `运行 ${p.v("again")} 重新印制第 ${p.v("round")} 轮表决票；已经按旧票投了票的，那些票不能计入这次决选，须重新投票`,
  },
  W_PRINTED_ROUND_NEEDLESS: {
    message: (p) => `按现在的票已经决出结果，不需要第 ${p.v("round")} 轮，但输出文件夹里还有为第 ${p.v("round")} 轮印制的表决票、录入模板和计票单`,
    hint: (p) => `运行 ${p.v("again")} 移除这些文件，以免误发（piaojue audit 在它们移除前也会报错）；如果第 ${p.v("round")} 轮已经投了票，先核对前几轮票的改正`,
  },
  W_ROUND_PAST_LIMIT: {
    message: (p) => `第 ${p.v("decided")} 轮已经决出结果，不需要第 ${p.v("round")} 轮，但文件夹里有 ${p.v("file")}；按 --round ${p.v("limit")} 只计到第 ${p.v("limit")} 轮，没有读取它`,
    hint: () => "确认文件放对了会议文件夹；不需要的轮次文件请移走（不加 --round 计票时，它会使计票报错）",
  },
  W_ROUND_FILE_NAME: {
    message: (p) => `${p.q("file")}像是第 ${p.v("round")} 轮的${/^counts/.test(String(p.raw["expected"])) ? "计票结果" : "表决票"}，但文件名不对，没有读取它`,
    hint: (p) => `如果它是第 ${p.v("round")} 轮的，${p.has("resave") ? `用 Excel 或 WPS 打开，另存为 Excel 工作簿 ${p.v("expected")}（旧版 .xls 不能读取）` : `把它改名为 ${p.v("expected")}（全部小写，不带空格）`}后再运行；如果不是，把它移出会议文件夹（留着也不会被读取）`,
  },
  E_TOTAL_ROW: {
    message: (p) => (p.has("counts") ? `第 ${p.v("line")} 行各项目栏写的是票数（${p.list("counts")}），是合计行，不是一张表决票` : `第 ${p.v("line")} 行写的是${p.q("value")}，是合计行，不是一张表决票`),
    hint: (p) => `删除这一行：表决票文件每一行是收回的一张票，合计由 piaojue 计算（否则它会被算作多收回一张票）${p.has("digitMarks") ? `；这次会议的符号本身是数字（${p.v("approveMark")} 赞成${p.has("againstMark") ? `、${p.v("againstMark")} 反对` : ""}），这一行的 ${p.list("counts")} 却是各项目的票数`
      : p.has("counts") ? `；如果它确是一张票，把数字改成表决票的符号${p.has("approveMark") ? `（如 ${p.v("approveMark")} 赞成${p.has("againstMark") ? `、${p.v("againstMark")} 反对` : ""}${p.has("blankAbstains") ? "，弃权留空" : ""}）` : ""}` : ""}`,
  },
  E_HEADER_REPEATED: {
    message: (p) => `第 ${p.v("line")} 行写的是${p.q("value")}，是又一行表头，不是一张表决票`,
    hint: (p) => `删除这一行：表头只有一行，其下每一行是收回的一张票（否则它会被算作多收回一张票）${p.has("reordered") ? "；这一行各项目的顺序与表头不同，它下面的票如果也是按这个顺序填的，先把这些票的各栏调整成表头的顺序" : ""}`,
  },
  E_NOTE_CELL: {
    message: (p) => `第 ${p.v("line")} 行没有票号，只有一格写了${p.q("value")}，像是表格下方的备注，不是表决票`,
    hint: (p) => `不是票就删去这一行（否则它会被算作多收回一张${p.has("abstain") ? "各项弃权的有效票" : "无效票"}）；如果确是一张票，补上它的票号，并请监票人对照纸质票核对这一格`,
  },
  E_BALLOTS_EMPTY_LINE: {
    message: (p) => `第 ${p.v("line")} 行是空行：表里只有一个项目栏，没有票号栏和作废栏，空行既可能是一张空白票，也可能是多余的空行，无法确定收回了几张票`,
    // No template named: out/ may have none, and piaojue ballot refuses to write one while this file is wrong.
    hint: () => "加一个“票号”栏，每张票一行，空白票只填票号；若不是票，删去空行后重新计票",
  },
  E_NOTE_ROW: {
    message: (p) => `第 ${p.v("line")} 行只有票号一格写了${p.q("value")}，像是签名或备注，不是表决票`,
    hint: (p) => `不是票就删去这一行（否则它会被算作多收回一张空白票）；如果确是一张空白票，把票号改成与其他票（如${p.q("serial")}）相同的写法`,
  },
  E_DUPLICATE_SERIAL: { message: (p) => `票号${p.q("serial")}与第 ${p.v("otherLine")} 行重复`, hint: () => "同一张票只能录入一次：删除重复的行或改正票号" },
  W_UNREADABLE_MARK: { message: (p) => `${rowZh(p)}${unreadableZh(p)}，该票无效${lookAlikeZh(p)}`, hint: unreadableHintZh },
  W_UNREADABLE_AS_ABSTAIN: { message: (p) => `${rowZh(p)}${unreadableZh(p)}，按弃权计${lookAlikeZh(p)}`, hint: unreadableHintZh },
  W_OVER_APPROVAL: { message: (p) => `${rowZh(p)}赞成 ${p.v("approvals")} 项，超过限选数 ${p.v("max")}，该票无效`, hint: (p) => `请监票人对照${paperZh(p)}核对这一行：如果是录入时多打了赞成，改正这一行后重新计票` },
  W_MORE_NOTES: { message: (p) => `另有 ${p.v("more")} 条同类提示（${p.v("kind")}）未列出` },
  E_COUNTED_MISSING: {
    message: (p) => `第 ${p.v("round")} 轮用手工计票结果（${p.v("file")}），但 session.json 的 counted ${p.has("empty") ? `第 ${p.v("round")} 项是空的（null）` : `没有第 ${p.v("round")} 项`}`,
    hint: (p) => `在 session.json 的 counted 中，第 ${p.v("round")} 项写这一轮的 {"returned": 收回票数, "void": 无效票数}，逐票计数的轮次写 null（例如 ${countedExample(p)}）；或运行 ${p.has("again") ? p.v("again") : "piaojue enter --counts"} 按计票单录入两遍，一致后写出计票结果和 counted`,
  },
  E_UNKNOWN_CANDIDATE: {
    message: (p) => namedInsteadZh(p, `编号${p.q("id")}`, "id") ?? `编号${p.q("id")}不是本轮的候选项目`,
    hint: (p) => `${p.has("subItems") ? "删去这一行，票数记在各子项的行里；" : p.has("parent") ? `删去这一行，票数记在项目 ${p.v("parent")} 的行里；` : ""}本轮的编号：${p.list("ids")}`,
  },
  E_COUNT_SUM: {
    message: (p) => `${p.q("id")}赞成 ${p.v("approve")} + 反对 ${p.v("against")} + 弃权 ${p.v("abstain")} = ${p.n("approve") + p.n("against") + p.n("abstain")}，不等于有效票 ${p.v("valid")}（收回 ${p.v("returned")} − 无效 ${p.v("void")}）`,
    hint: () => "核对计票单：每个项目的赞成、反对、弃权之和必须等于有效票数",
  },
  W_COUNT_AGAINST: { message: (p) => `只设赞成的表决票不应有反对票（${p.q("id")}反对 ${p.v("against")}）`, hint: () => "核对计票单：未画赞成的票应计入弃权" },
  E_MISSING_CANDIDATE: { message: (p) => `缺少${p.q("candidate")}的计票行`, hint: () => "每个候选项目都要有一行" },
  W_COUNT_IMPOSSIBLE: { message: (p) => `赞成票合计 ${p.v("approvals")} 超过有效票 ${p.v("valid")} × 限选数 ${p.v("limit")}`, hint: () => "每张有效票最多赞成限选数个项目，请核对计票单" },
  // verify: expected.json read strictly
  E_EXPECTED_BOTH_FORMS: {
    message: (p) => `顶层写了数据的键${p.q("key")}，又写了 data：data 和顶层的数据键不能同时写，不知以哪一处为准`,
    hint: (p) => `期望的数据只写在一处：把${p.q("key")}移进 data，或把 data 里的键都移到顶层并删去 data`,
  },
  E_EXPECTED_SCHEMA: { message: schemaMessage, hint: (p) => schemaHint(EXPECTED_EXAMPLES)(p) ?? "expected.json 的写法：exitCode（退出码，整数）、warnings（提醒代码的数组，如 [\"W_X\"]）、error、data（或把 tally --json 的数据键写在顶层）" },
  E_EXPECTED_WORD: {
    message: (p) => `${p.v("key")} 写的${p.q("value")}不是计票结果会有的值`,
    hint: (p) => `可写：${p.list("words")}（SPEC §6–7 的写法，区分大小写）`,
  },
  E_EXPECTED_NOT_TALLY: {
    message: (p) => `${p.q("key")}不是计票结果的键：verify 只比对计票（tally）的结果`,
    hint: () => "满意度测评（evaluate）和实施进度（progress）的结果不能用 verify 比对；expected.json 写 tally --json 的 data 的一部分，例如 {\"exitCode\": 0, \"selected\": [\"P01\", \"P02\"]}",
  },
  W_VERIFY_FOLDER_SKIPPED: { message: () => "这个文件夹下没有场景（含 expected.json 的文件夹），已跳过", hint: () => "用 scenarios/* 这样的通配符时，同一文件夹中不是场景的文件夹（如 docs/）会被跳过；只给出这样的文件夹时是错误" },
  W_VERIFY_PASSED_OVER: {
    message: (p) => (p.raw["why"] === "link"
      ? `${p.v("folder")} 是符号链接，其中有场景：verify 不跟随链接，这些场景没有运行`
      : `${p.v("folder")} 是一个场景，但 ${p.v("why")} 是${p.raw["why"] === "out" ? "写出结果的文件夹" : "安装的依赖包所在的文件夹"}的名字：verify 不在其中查找场景，它没有运行`),
    hint: (p) => (p.raw["why"] === "link"
      ? `要运行这些场景，把文件夹本身（而不是链接）放到这里，或把链接直接写在命令行上：piaojue verify ${p.v("folder")}`
      : `给这个场景文件夹改一个别的名字，或把它直接写在命令行上：piaojue verify ${p.v("folder")}`),
  },
  W_VERIFY_FILE_SKIPPED: { message: () => "这是一个文件，不是场景文件夹，已跳过", hint: () => "场景是文件夹（会议文件加 expected.json）；用 scenarios/* 这样的通配符时，同一文件夹中的 README.md 等文件会被跳过" },
  W_OUT_UNUSED: {
    message: (p) => (p.v("command") === "init" ? "init 把 session.json 和 candidates.csv 写在新的会议文件夹里，-o 指定的输出文件夹没有用到" : `${p.has("command") ? p.v("command") : "verify"} 不写出任何文件，-o 指定的输出文件夹没有用到`),
    hint: (p) => (p.v("command") === "init" ? "去掉 -o；会议文件夹写在 init 后面，例如 piaojue init 新桥镇2026" : p.v("command") === "check" ? "去掉 -o：check 只读会议文件夹；写出结果用 piaojue tally 会议文件夹 -o 输出文件夹" : "去掉 -o：verify 在内存中计票比对，只读场景文件夹；要写出某个场景的结果，用 piaojue tally 场景文件夹 -o 输出文件夹"),
  },
  W_FLAG_REPEATED: { message: (p) => `${p.v("flag")} 给了两次（${p.v("was")} 和 ${p.v("now")}），按后一个 ${p.v("now")}`, hint: (p) => `只写一次 ${p.v("flag")}；要的若是 ${p.v("was")}，改正命令后重新运行` },
  W_FLAG_UNUSED: { message: (p) => `${p.v("flag")} 对 ${p.v("command")} 没有作用`, hint: (p) => (p.raw["command"] === "batch"
    ? "没有一个会议文件夹有 plan.csv，--as-of 指定的是实施进度的通报月份；要通报进度，把 plan.csv 和 progress.csv 放进各乡镇的会议文件夹，否则去掉 --as-of"
    : "去掉 --encoding：audit 按 audit.json 中记下的编码重读输入文件，与当初计票时一样") },
  // tally, batch, evaluate: inputs refused by the commands themselves
  E_FORMAL_EXCEEDS: { message: (p) => `应选数 ${p.v("formal")} 多于候选${p.raw["items"] ? "子项" : "项目"}数 ${p.v("candidates")}`, hint: (p) => (p.has("init") ? "应选数不能超过候选数：改用本次会议的 --formal 重新运行 piaojue init，或增加候选项目" : "应选数不能超过候选数") },
  E_NO_BALLOTS: { message: (p) => `没有第 ${p.v("round")} 轮的表决票文件`, hint: (p) => `放入 ${p.v("ballots")} 或 ${p.v("ballots").replace(/\.csv$/, ".xlsx")}（逐票录入），或 ${p.v("counts")} 或 ${p.v("counts").replace(/\.csv$/, ".xlsx")}（手工计票结果）` },
  E_ISSUED_MISSING: {
    message: (p) => `session.json 的 issued 没有第 ${p.v("round")} 轮的发出票数`,
    hint: (p) => `在 issued 数组中按轮次写出发出票数，例如 [${p.v("example")}]；或运行 ${p.has("again") ? p.v("again") : `piaojue enter --issued N --round ${p.v("round")}`}（N 为第 ${p.v("round")} 轮发出的票数）`,
  },
  E_EVAL_TWICE: { message: (p) => `同时有 ${p.v("forms")} 和 ${p.v("counts")}`, hint: (p) => `测评结果只能用一种方式给出：逐份录入（${p.v("forms")}）或手工汇总（${p.v("counts")}），删去其中一个` },
  E_NO_EVALUATIONS: { message: () => "没有测评结果文件", hint: (p) => `放入 ${p.v("forms")}（每份测评表一行）或 ${p.v("counts")}（手工汇总：编号,组别,满意,基本满意,不满意,弃权）；也可以是同名的 .xlsx 工作簿` },
  E_NO_SESSIONS: { message: () => "这个文件夹下没有会议文件夹（含 session.json 的文件夹）", hint: () => "每个会议一个文件夹，内有 session.json、candidates.csv 和 ballots.csv；out 文件夹、以“.”开头的文件夹和符号链接不查找" },
  // audit: each problem of a numbered check; "check" set: the diagnostic, else the detail shown under the check
  E_AUDIT_INPUT_MISSING: { message: (p) => auditZh(p, `${p.v("who")} 读取过的文件现在不存在`), hint: (p) => `从备份或存档的副本把这个文件放回原处，再运行 ${againZh(p)}；如果是有意删去的，${p.has("planGone") ? PLAN_GONE_ZH(p) : p.has("cannotRun")
    ? `${rerunZh(p, "who")} 没有它已无法运行：把 ${outOf(p)} 移到别处（或删除），再依次重新运行仍需要的命令（如 piaojue tally），从头写出输出和审计记录`
    : `重新运行 ${rerunZh(p, "who")}，按现在的文件写出新的结果`}` },
  E_AUDIT_OUTPUT_MISSING: { message: (p) => auditZh(p, `${p.v("who")} 写出过的文件现在不存在`), hint: (p) => `重新运行 ${rerunZh(p, "who")} 写出这个文件，或从存档的副本把它放回 ${outOf(p)}，再运行 ${againZh(p)}` },
  E_AUDIT_OUT_ELSEWHERE: {
    message: (p) => auditZh(p, `记录中的输入文件（${p.list("files")}）与现在的全都不同：${p.v("out")} 很可能是另一个会议的输出文件夹（被调换或复制过来了），而不是这些文件被逐一改动`),
    hint: (p) => `找回本会议自己的 ${p.v("out")}（从存档的副本），放回后再运行 ${againZh(p)}；找不到时重新运行写出结果的命令（如 piaojue tally），按现在的输入写出新的结果`,
  },
  E_AUDIT_INPUT_CHANGED: {
    message: (p) => auditZh(p, p.has("now") ? `自 ${p.v("who")} 读取以来已被改动（SHA-256 ${p.v("was")}… → ${p.v("now")}…）` : `${p.v("who")} 读取过的文件现在不是普通文件`),
    hint: (p) => (p.has("now")
      ? `若不是有意改的，从备份或存档的副本恢复这个文件，再运行 ${againZh(p)}；若是核对后有意改正的，重新运行 ${rerunZh(p, "who")}，按改正后的文件写出新的结果`
      : `把同名的文件夹或特殊文件移走，从备份或存档的副本放回原来的文件，再运行 ${againZh(p)}`),
  },
  E_AUDIT_OUTPUT_CHANGED: {
    message: (p) => auditZh(p, p.has("now") ? `自 ${p.v("who")} 写出以来已被改动（SHA-256 ${p.v("was")}… → ${p.v("now")}…）` : `${p.v("who")} 写出过的文件现在不是普通文件`),
    hint: (p) => (p.has("now")
      ? `${outOf(p)} 中的结果不能手改：重新运行 ${rerunZh(p, "who")} 重新写出（会覆盖改动），或从存档的副本恢复它，再运行 ${againZh(p)}`
      : `把同名的文件夹或特殊文件移出 ${outOf(p)}，重新运行 ${rerunZh(p, "who")} 写出这个文件，再运行 ${againZh(p)}`),
  },
  E_AUDIT_INPUT_ADDED: {
    message: (p) => auditZh(p, `${p.v("name")} 运行时没有读取这个文件，现在重新计算会读取它`),
    hint: (p) => `若这个文件是后来误放的，把它移出会议文件夹；若是有意加入的${p.raw["name"] === "tally" ? "（例如下一轮的票）" : ""}，重新运行 ${rerunZh(p, "name")}；然后再运行 ${againZh(p)}`,
  },
  E_AUDIT_INPUT_UNREAD: {
    message: (p) => auditZh(p, `${p.v("name")} 记录读取过这个文件，但重新计算并不读取它`),
    hint: (p) => `会议文件夹与 ${p.v("name")} 运行时不同（有文件移走、改名，或规则改过）：恢复原样后再运行 ${againZh(p)}；如果改动是有意的，重新运行 ${rerunZh(p, "name")}`,
  },
  E_AUDIT_OUTPUT_UNLISTED: { message: (p) => auditZh(p, `${outOf(p)} 中有这个文件，但没有任何命令的记录写出过它`), hint: (p) => `${outOf(p)} 中只应有 piaojue 写出的文件：把这个文件移出 ${outOf(p)}（放到别处保存），再运行 ${againZh(p)}` },
  E_AUDIT_PENDING_WRITE: { message: (p) => auditZh(p, "上次写出没有完成（进程被中断）"), hint: (p) => `重新运行上次被中断的命令（如 piaojue tally），让它写完，再运行 ${againZh(p)}` },
  E_AUDIT_UNKNOWN_COMMAND: { message: (p) => auditZh(p, `记录了未知的命令${p.q("name")}：piaojue 没有这样写出文件的命令，它的输出无从证明`), hint: () => AUDIT_RESTORE },
  E_AUDIT_OPTIONS: {
    message: (p) => auditZh(p, p.has("missing")
      ? `${p.v("name")} 记录缺少 ${p.v("missing")}：这个命令总会写下它，缺少它的记录是改过的`
      : `${p.v("name")} 记录的选项不是这个命令会写下的：${p.v("options")}`),
    hint: () => AUDIT_RESTORE,
  },
  E_AUDIT_BATCH_UNWRITTEN: {
    message: (p) => auditZh(p, `${p.v("name")} 没有写完 ${p.v("town")} 的结果：${p.raw["of"] === "progress" ? "实施进度" : "计票结果"}已算出，但未能写入它的 out 文件夹，汇总中这一行标着未能写出${p.has("cause") ? `（${p.v("cause")}）` : ""}`),
    hint: (p) => `这不是文件被改动：解决上面所说的写入问题后，重新运行 ${rerunZh(p, "name")} 写出 ${p.v("town")} 的结果，再运行 ${againZh(p)}`,
  },
  E_AUDIT_RECOUNT_FAILED: {
    message: (p) => auditZh(p, `${p.v("name")} 现在无法重新计算：${p.has("cause") ? p.v("cause") : "它不再写出文件"}`),
    hint: (p) => (p.has("planGone") ? `从备份把这个文件放回原处，再运行 ${againZh(p)}；如果是有意删去的，${PLAN_GONE_ZH(p)}` : p.has("cause")
      ? `改正上一行末尾所列的输入错误（运行 ${rerunZh(p, "name")} 可看到全部），或从备份恢复 ${p.v("name")} 运行时的输入，再运行 ${againZh(p)}`
      : `重新运行 ${rerunZh(p, "name")}，再运行 ${againZh(p)}`),
  },
  E_AUDIT_RECOUNT_DIFFERS: {
    message: (p) => auditZh(p, ({
      "other-record": `记录名为 ${p.v("name")}，但按它读取的输入重新计算得出的是 ${p.v("planned")}`,
      "not-planned": `${p.v("name")} 记录写出过这个文件，但重新计算不写出它`,
      "not-in-out": `重新计算（${p.v("name")}）得出这个文件，但 ${outOf(p)} 中没有`,
      content: `文件内容与重新计算（${p.v("name")}）的结果不同`,
      option: `${p.v("name")} 记录的 ${p.v("option")}（印在纸质票上的${p.v("option") === "seats" ? "剩余名额" : "各项目编号和名称"}）与按现在的输入重新计算的不同`,
    } as Record<string, string>)[String(p.raw["kind"])] ?? `与重新计算（${p.v("name")}）的结果不同，从第 ${p.v("fromLine")} 行第 ${p.v("fromColumn")} 列起`) + icuZh(p),
    hint: (p) => {
      // The inputs now lead the same command to another record (a runoff round a corrected count made needless).
      if (p.raw["kind"] === "other-record") return `从存档的副本恢复 ${outOf(p)} 和输入文件，再运行 ${againZh(p)}；若输入是核对后有意改正的，重新运行 ${rerunZh(p, "planned")}，它会写出新的记录并去掉过时的那一份`;
      const fix = `从存档的副本恢复 ${outOf(p)} 和输入文件，再运行 ${againZh(p)}；若输入是核对后有意改正的，重新运行 ${rerunZh(p, "name")} 写出新的结果`;
      return p.has("icuThen") ? `先换用 ICU ${p.v("icuThen")} 的 Node（写出时的版本）再运行 ${againZh(p)}；仍不同时，${fix}` : fix;
    },
  },
  E_AUDIT_RULES_CHANGED: {
    message: (p) => auditZh(p, p.has("recordAltered")
      ? `audit.json 中 ${p.v("name")} 记录的规则被改动过：${p.v("file")} 与记录读取时一样（SHA-256 相同），按它得出的规则却与记录的不同`
      : `现在的规则与 ${p.v("name")} 记录的不同`),
    hint: (p) => p.has("recordAltered")
      ? `audit.json 由 piaojue 写出，不能手改；${p.v("file")} 不用改。从存档的副本恢复 ${outOf(p)} 再运行 ${againZh(p)}，或重新运行 ${rerunZh(p, "name")} 写出新的记录`
      : `把 ${p.v("file")} 的规则改回原样（从备份或存档的副本恢复），再运行 ${againZh(p)}；若规则是按票决办法有意改正的，重新运行 ${rerunZh(p, "name")}`,
  },
  E_AUDIT_SUMS_MISSING: { message: (p) => auditZh(p, "没有 SHA256SUMS 文件"), hint: (p) => `从存档的副本把 SHA256SUMS 放回 ${outOf(p)}，或${SUMS_REWRITE(p)}` },
  E_AUDIT_SUMS_FORMAT: { message: (p) => auditZh(p, "这一行不是“哈希  路径”的格式"), hint: (p) => `SHA256SUMS 由 piaojue 写出，不能手改：从存档的副本恢复它，或${SUMS_REWRITE(p)}` },
  E_AUDIT_SUMS_MISMATCH: {
    message: (p) => auditZh(p, ({
      extra: `列出了 audit.json 中没有的“${p.v("path")}”`,
      hash: `“${p.v("path")}”的哈希与 audit.json 记录的不同`,
      missing: `缺少 audit.json 中记录的“${p.v("path")}”`,
    } as Record<string, string>)[String(p.raw["kind"])] ?? "内容与 audit.json 推出的不同（顺序或空白）"),
    hint: (p) => `SHA256SUMS 由 piaojue 写出，不能手改：从存档的副本恢复它，或${SUMS_REWRITE(p)}`,
  },
  // Session day (issue 11): a round asked for that is not in yet; the 公告's count-only notes; forms.
  E_ROUND_NOT_YET: {
    message: (p) => (p.n("round") === p.n("next")
      ? `第 ${p.v("round")} 轮还没有票：会议文件夹里没有 ${p.v("ballots")} 或 ${p.v("counts")}`
      : `还没有第 ${p.v("round")} 轮：下一轮是第 ${p.v("next")} 轮，它的票还没有录入`),
    hint: (p) => `第 ${p.v("next")} 轮的票录入后（${p.has("again") ? p.v("again") : "piaojue enter"}，或放入 ${p.v("ballots")} / ${p.v("counts")}）再计票；不加 --round 时计到已有的各轮`,
  },
  W_EMPTY_ROW_COUNT: { message: (p) => `第 ${p.v("round")} 轮有 ${p.v("count")} 行${p.has("workbook") ? "全部为空" : "只有逗号或空格（全部为空）"}，${p.has("as") ? `空单元格按${MARK_WORDS[p.v("as")]}计，这些票各项目都按${MARK_WORDS[p.v("as")]}计` : "按空白票计"}` },
  W_VOID_CELL_NEGATIVE_COUNT: { message: (p) => `第 ${p.v("round")} 轮有 ${p.v("count")} 张票的“作废”栏写的是“否”“无”之类的字，按作废计（作废栏不为空即作废）` },
  W_UNREADABLE_MARK_COUNT: { message: (p) => `第 ${p.v("round")} 轮有 ${p.v("count")} 张票有无法辨认的符号，按无效票计` },
  W_UNREADABLE_AS_ABSTAIN_COUNT: { message: (p) => `第 ${p.v("round")} 轮有 ${p.v("count")} 处无法辨认的符号，按弃权计` },
  W_EMPTY_ROW_OVER_APPROVAL_COUNT: { message: (p) => `第 ${p.v("round")} 轮有 ${p.v("count")} 行${p.has("workbook") ? "全部为空" : "只有逗号或空格（全部为空）"}，空单元格按赞成计，赞成超过限选数，按无效票计` },
  E_FORMS_GROUP: { message: (p) => `evaluation.json 的 groups 中没有组别${p.q("group")}`, hint: (p) => `可用的组别：${p.list("groups")}；不加 --group 时每个组别各印一份` },
  // Excel and Word files (issue 13).
  E_TABLE_TWO_FORMS: { message: (p) => `${p.list("files")} 同时存在，不知道读哪一个`, hint: (p) => `一张表只能有一个文件：CSV 或 Excel 工作簿（.xlsx），删去或移走其中一个${p.raw["table"] === "candidates.csv" ? "；candidates.csv 只有表头的，是 piaojue init 写出的模板，用工作簿时删去它" : ""}` },
  // batch, progress --plan: folders that cannot be searched, a plan asked for before the vote has its result.
  E_FOLDER_UNREADABLE: {
    message: (p) => `无法读取这个文件夹（${({ EACCES: "没有读取权限", EPERM: "没有读取权限", ENOENT: "文件夹已不存在", ENOTDIR: "这不是文件夹", ELOOP: "符号链接循环" } as Record<string, string>)[p.v("errno")] ?? `系统错误 ${p.v("errno") || "未知"}`}），其中的会议没有计票`,
    hint: () => "检查这个文件夹的读取权限后重新运行 piaojue batch；它里面可能有会议文件夹",
  },
  E_PLAN_NO_TALLY: {
    message: (p) => `还没有计票结果 ${p.v("file")}`,
    hint: (p) => `先运行 piaojue tally ${planFolder(p)} 计票，再运行 piaojue progress ${planFolder(p)} --plan${p.has("out") ? "" : "；计票结果写在别的文件夹（tally 用了 -o）时，两条命令都加同样的 -o 指定那个文件夹"}`,
  },
  E_PLAN_NO_SUMMARY: {
    message: (p) => `${p.v("results")} 旁边没有 ${p.v("file")}，无从知道计票结果是不是最终结果（过半数不足时，需再次票决只写在 summary.csv 中）`,
    hint: (p) => `重新运行 piaojue tally ${planFolder(p)}，它会一并写出 results.csv 和 summary.csv，再运行 piaojue progress ${planFolder(p)} --plan`,
  },
  E_PLAN_NOT_FINAL: {
    message: (p) => (p.has("tied")
      ? `计票结果还不是最终结果：${p.list("tied")} 得票相等，待再次票决`
      : `计票结果还不是最终结果：还需要第 ${p.v("round")} 轮票决`),
    hint: (p) => `正式项目全部确定后才能生成任务分解表：再次票决并用 piaojue tally ${planFolder(p)} 计票后，再运行 piaojue progress ${planFolder(p)} --plan`,
  },
};

/** 命令失败时的一行说明（Outcome.error）。 */
export const ZH_FAILURES: Failures = {
  "input-invalid": () => "输入有误，未写出任何文件",
  "check-failed": () => "检查未通过",
  "write-failed": () => "无法写出结果",
  interrupted: (p) => (p.has("nothing") ? "已中断：这个命令不写出任何文件" : p.has("asking") ? "已中断：还没有写出任何文件" : p.has("enter") ? "已中断：已确认的录入都保存在 entry/ 的录入记录中，会议文件夹中的文件要么已完整写出、要么没有改动；重新运行同一命令即可接着做"
    : p.has("init") ? "已中断：session.json 要么已完整写出、要么还没有写出；运行 piaojue check 看看它是否已在"
    : p.has("batch")
    ? `已中断：${p.n("sessions") > 0 ? `已写出 ${p.v("sessions")} 个会议的结果（在各自的 out/ 中）` : "还没有写出任何会议的结果"}，根目录的汇总没有写出；再运行一次 batch 即可全部写出`
    : p.n("written") > 0 ? "已中断：新的结果已完整写出" : "已中断：out/ 中原有的结果没有改动"),
  "competition-unmet": () => "不符合差额规则，未印制表决票",
  "session-exists": () => "会议文件夹已有 session.json",
  "init-check-failed": (p) => `已有的 ${p.v("file")} 与这些回答按 check 的规则检查未通过，没有写出 session.json（候选项目还没填完的，可加 --force 照样写出）`,
  "journal-damaged": () => "录入记录损坏",
  "journal-mismatch": () => "录入记录无法接续",
  "entry-busy": () => "这次录入正在别处进行",
  "entry-needs-terminal": () => "piaojue enter 需要键盘输入（在终端里运行）",
  "round-after-void": (p) => `--round ${p.v("round")}：没有第 ${p.v("round")} 轮，票决在第 ${p.v("last")} 轮已经无效，不进行再次票决；去掉 --round 计票（${p.v("again")}）查看无效的原因`,
  "round-past-last": (p) => `--round ${p.v("round")}：没有第 ${p.v("round")} 轮，${p.n("last") === 1 ? "第 1 轮" : `前 ${p.v("last")} 轮`}已经决出全部结果（最后一轮是第 ${p.v("last")} 轮）；去掉 --round 计票（${p.v("again")}），或写 --round ${p.v("last")}`,
  "entries-differ": (p) => `两次录入有 ${p.v("differences")} 处不一致，未写出 ${p.v("target")}`,
  "entries-agree-counts-exist": (p) => `两次录入一致，但未写出 ${p.v("target")}`,
  "entries-agree-target-exists": (p) => `两次录入一致，但 ${p.v("target")} 已存在`,
  "audit-failed": (p) => `核查未通过：${[failedChecksText(p.raw["checks"] as readonly string[], "zh"), ...(p.has("towns") ? [`${(p.raw["towns"] as string[]).join("、")} 自己的 out/`] : [])].filter(Boolean).join("；")}`,
  "batch-incomplete": (p) => [
    ...(p.n("invalid") > 0 ? [`有 ${p.v("invalid")} 个会议输入有误，已跳过${p.n("counted") > 0 ? `；其余 ${p.v("counted")} 个已计票${p.n("unwritten") === 0 ? "并写出结果" : ""}` : ""}`] : []),
    ...(p.n("unwritten") > 0 ? [`有 ${p.v("unwritten")} 个会议已计票，但结果未能写入其 out 文件夹`] : []),
    ...(p.n("progressInvalid") > 0 ? [`有 ${p.v("progressInvalid")} 个会议的实施进度输入有误，未写出其进度${p.n("progressOthers") > 0 ? `；其余 ${p.v("progressOthers")} 个会议的实施进度已${p.n("progressUnwritten") === 0 ? "写出" : "算出"}` : ""}`] : []),
    ...(p.n("progressUnwritten") > 0 ? [`有 ${p.v("progressUnwritten")} 个会议的实施进度未能写入其 out 文件夹`] : []),
  ].join("；"),
  "audit-not-run": () => "核查未能进行",
  "audit-unreadable": () => "核查未能进行：audit.json 无法读取",
  "audit-malformed": () => "核查未能进行：audit.json 格式不对",
  "scenarios-invalid": () => "场景有误，没有运行",
  "scenarios-differ": (p) => `${p.v("count")} 个场景与 expected.json 不符`,
  "expected-invalid": (p) => `${p.v("count")} 个场景的 expected.json 缺少或有误，没有比对${p.n("differ") > 0 ? `；${p.v("differ")} 个场景与 expected.json 不符` : ""}`,
  "plan-exists": (p) => `已有 ${p.v("file")}，没有改写`,
  "plan-not-ready": () => "还没有最终的计票结果，没有写出 plan.csv",
  // Said by bin/piaojue.js on its own, with its hint on the next line as a diagnostic's is.
  "stdout-failed": (p) => `piaojue：无法写到标准输出${STDOUT_WHY_ZH[p.v("errno")] ?? ""}（${p.v("errno")}）\n    提示：${p.v("errno") === "ENOSPC" ? "腾出磁盘空间，或" : ""}查看标准输出转到了哪里（> 后面的文件、| 后面的程序）${p.has("out") ? "；写进 out/ 的结果可用 piaojue audit 核对" : ""}`,
};
