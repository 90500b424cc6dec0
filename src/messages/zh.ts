// 中文消息表：每个诊断代码的消息和提示，由诊断的 params 组成。中文是默认语言，也是 --json 的 message。
import type { Catalogue, Failures, Quoted } from "./catalogue.js";

/** 差额规则的计算：check 的报告和 --json 也用它。 */
export function competitionText(c: { candidates: number; formal: number; allowEqual: boolean; minExtra: number; minRatio: string; byRatio: number }): string {
  const n = c.formal;
  const how = c.allowEqual
    ? `允许等额，候选数不少于应选数 ${n}`
    : `候选数须不少于应选数 + ${c.minExtra} = ${n + c.minExtra}，且不少于 ⌈${n} × ${c.minRatio}⌉ = ${c.byRatio}`;
  return `候选 ${c.candidates} 个、应选 ${n} 个：${how}`;
}

const competition = (p: Quoted) => competitionText({
  candidates: p.n("candidates"), formal: p.n("formal"), allowEqual: p.n("allowEqual") === 1, minExtra: p.n("minExtra"), minRatio: p.v("minRatio"), byRatio: p.n("byRatio"),
});

/** 候选项目字段的问题（candidates.ts 的 candidateSchema 给出的键）。 */
const FIELD_PROBLEMS: Record<string, string> = {
  "id-empty": "编号为空",
  "id-pattern": "编号只能用字母、数字、- 和 _，且以字母或数字开头",
  "name-empty": "项目名称为空",
  "budget-number": "投入资金应是非负的普通小数（单位万元），例如 120 或 35.5，不要写单位或科学计数法",
  "deadline-date": "完成时限不是实际存在的日期，应写成 YYYY-MM-DD、YYYY-MM 或文字",
};

const fieldProblem = (p: Quoted) => {
  const reason = FIELD_PROBLEMS[String(p.raw["problem"])] ?? String(p.raw["problem"]);
  return p.raw["value"] === "" ? reason : `${p.v("field")}${p.q("value")}：${reason}`;
};

/** 中文输入法打出的全角标点和数字（JSON 须用半角）。 */
const fullWidthNote = (p: Quoted) => {
  const c = p.list("found");
  return c !== "" && /[\u3000-\u303f\uff01-\uff5e“”‘’]/.test(c) ? `（${p.q("found")}是全角字符，JSON 的标点和数字须用半角，即英文输入法）` : "";
};

const JSON_SYNTAX: Record<string, { message: (p: Quoted) => string; hint: (p: Quoted) => string }> = {
  more: { message: () => "文件意外结束，JSON 不完整", hint: () => "文件可能没有保存完整或复制时被截断；检查括号和引号是否成对" },
  quote: { message: () => "字符串没有结束的引号", hint: () => "检查这一行的引号是否成对" },
  escape: { message: () => "字符串里有无效的转义符", hint: () => "反斜杠后只能是 \" \\ / b f n r t u" },
  "no-control": { message: () => "字符串里有控制字符", hint: () => "删除该字符" },
  depth: { message: (p) => `嵌套超过 ${p.v("limit")} 层`, hint: () => "检查括号是否成对" },
  key: { message: (p) => `这里应是用双引号括起的键名${fullWidthNote(p)}`, hint: () => "JSON 的键名必须用英文双引号" },
  colon: { message: (p) => `键名后应是冒号${fullWidthNote(p)}`, hint: () => "写成 \"键\": 值" },
  "comma-brace": { message: (p) => `这里应是逗号或 }${fullWidthNote(p)}`, hint: () => "检查上一项后面是否缺少逗号，或多了一个逗号" },
  "comma-bracket": { message: (p) => `这里应是逗号或 ]${fullWidthNote(p)}`, hint: () => "检查数组元素之间的逗号" },
  value: { message: (p) => `无法识别的内容${p.q("found")}${fullWidthNote(p)}`, hint: (p) => `${p.v("file")} 必须是合法的 JSON` },
  number: { message: (p) => `数值${p.q("found")}超出范围`, hint: () => "写一个普通大小的数" },
  end: { message: () => "JSON 结束后还有多余内容", hint: () => "删除多余的内容" },
};

const TYPE_NAMES: Record<string, string> = {
  string: "文字", number: "数字", boolean: "true 或 false", array: "数组", object: "对象", record: "对象", null: "null",
};
const typeName = (t: string) => TYPE_NAMES[t] ?? t;

/** 各 schema 自己的规则（refine、superRefine 的键）。其余的键（如 audit.json 的 schema）原文就是中文。 */
const SCHEMA_RULES: Record<string, (p: Quoted) => string> = {
  ratio: () => "应是小数或分数，如 \"1.2\" 或 \"2/3\"",
  share: () => "应是小数或分数，如 \"0.6\" 或 \"2/3\"",
  date: () => "应是实际存在的日期，格式 YYYY-MM-DD",
  "present-exceeds-total": (p) => `实到 ${p.v("present")} 人多于应到 ${p.v("total")} 人`,
  "seed-required": () => "order 为 \"random\" 时必须给出整数 seed（随机种子），以便排序可以复现",
  "void-exceeds-returned": (p) => `无效票 ${p.v("void")} 多于收回票 ${p.v("returned")}`,
  "mark-ambiguous": (p) => `符号${p.q("mark")}同时出现在 ${p.v("other")} 和 ${p.v("kind")} 中，含义不明`,
  "quorum-range": () => "法定人数比例应大于 0 且不超过 1",
  positive: () => "应大于 0",
  "unit-share": () => "应在 0 到 1 之间，如 \"0.8\"",
  "level-score": () => "应是 0–100 之间的普通小数",
  "path-control": () => "路径中有控制字符",
  "path-absolute": () => "不能写绝对路径（审计记录和 SHA256SUMS 中的路径都相对于测评文件夹，文件夹整体搬动后仍要能核对）：写相对于测评文件夹的路径，如 \"candidates.csv\"、\"out/results.csv\" 或 \"../township-2026/out/results.csv\"",
  "groups-empty": () => "至少要有一个测评组别",
  "group-name-blank": (p) => `组别名称${p.q("name")}不能为空，也不能以空格开头或结尾`,
  "group-name-combined": (p) => `组别不能叫${p.q("name")}：这是加权综合行的名称`,
  "group-members-required": (p) => `rateBase 为 "members" 时，组别${p.q("name")}必须写 members（应参加人数）`,
  "levels-order": (p) => `各等次分值应满足 满意 ≥ 基本满意 ≥ 不满意（现为 ${p.v("satisfied")}、${p.v("basic")}、${p.v("unsatisfied")}）`,
  malformed: () => "格式不对",
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
    case "choices": return `取值无效，可选：${p.list("choices")}`;
    case "invalid": return "取值无效";
    case "key": return `键名无效：${(p.raw["rules"] as readonly string[]).map((r) => rule(p, r)).join("；")}`;
    default: return rule(p, String(p.raw["rule"] ?? ""));
  }
}

const schemaMessage = (p: Quoted) => `${p.list("path") || "(根)"}：${schemaReason(p)}`;

function schemaHint(p: Quoted): string | undefined {
  const k = p.list("path");
  if (k.startsWith("rules.competition")) return "差额规则：{\"minExtra\": 1, \"minRatio\": \"1.2\", \"allowEqual\": false}";
  if (k === "date") return "例如 \"2026-01-15\"";
  if (k.startsWith("issued")) return "每轮发出的票数，第一轮在前，例如 [55]";
  if (k.startsWith("rules.maxApprovals")) return "\"formal\"（等于应选数）、正整数，或 \"none\"";
  return undefined;
}

const RESULTS_COLUMNS = "计票结果文件的列为：名次,编号,项目名称,赞成,反对,弃权,赞成率,结果,轮次（由 piaojue tally 写出；可以删去不用的列，但不能改名或加列）";
const COUNTS_COLUMNS = "手工汇总文件的列为：编号,组别,满意,基本满意,不满意,弃权（组别只有一组时可省略，可加一列项目名称）";

/** An audit problem: its detail, after “check N failed” when it is the diagnostic itself. */
const auditZh = (p: Quoted, detail: string) => (p.has("check") ? `第 ${p.v("check")} 项未通过：${detail}` : detail);
const icuZh = (p: Quoted) => (p.has("icuThen") ? `；写出时 Node 的 ICU 是 ${p.v("icuThen")}，现在是 ${p.v("icuNow")}，笔画或拼音排序可能因此不同` : "");

export const ZH: Catalogue = {
  E_AUDIT_SCHEMA: { message: schemaMessage, hint: schemaHint },
  E_EVALUATION_SCHEMA: { message: schemaMessage, hint: (p) => schemaHint(p) ?? "evaluation.json 的写法见说明：title、projects、groups（各组 weight、members）、levels、rateBase、grade、passRate" },
  E_SESSION_SCHEMA: { message: schemaMessage, hint: schemaHint },
  E_UNKNOWN_KEY: { message: (p) => `未知的键${p.q("key")}`, hint: () => "检查拼写：未知的键会被拒绝，以免写错的规则悄悄失效" },
  E_JOURNAL: {
    message: (p) => ({
      line: () => `第 ${p.v("line")} 行不是完整的记录`,
      "start-missing": () => "第一行不是录入的开头记录",
      version: () => `录入记录的格式版本 ${p.v("version")} 不认识`,
      "other-pass": () => "录入记录属于另一轮或另一次录入",
      order: () => `录入记录中的项目顺序（${p.list("recorded")}）与现在的表决票（${p.list("now")}）不同`,
      "layout-changed": () => "录入开始后表决票的形式或限选数改变了",
      "start-twice": () => "开头记录重复出现",
      returned: () => `收回票数 ${p.v("value")} 不是正整数`,
      seq: () => `票的序号 ${p.v("seq")} 不连续（已有 ${p.v("count")} 张）`,
      marks: () => `第 ${p.v("seq")} 张票的项目数与表决票不符`,
      undo: () => `撤销的是第 ${p.v("seq")} 张，但最后一张是第 ${p.v("last")} 张`,
      done: () => `完成记录写的是 ${p.v("count")} 张，实际 ${p.v("actual")} 张`,
    } as Record<string, () => string>)[String(p.raw["problem"])]?.() ?? String(p.raw["problem"]),
    hint: (p) => (p.raw["problem"] === "line"
      ? "录入记录中间有损坏，无法安全接着录；请把这个文件交给技术人员，或改名后重新录入这一次"
      : "录入记录与现在的会议文件对不上（候选项目或规则改过？）；如确需重录，把这个文件改名后重新开始"),
  },
  E_MARKS: {
    message: (p) => `rules.marks.${p.v("list")} 的每个符号都以 = + - @ 开头，写进 CSV 会被当成公式`,
    hint: () => "在 rules.marks 的每个列表里放一个普通符号，例如 ○、×、弃权",
  },
  E_JSON_SYNTAX: { message: (p) => JSON_SYNTAX[String(p.raw["expected"])]!.message(p), hint: (p) => JSON_SYNTAX[String(p.raw["expected"])]!.hint(p) },
  E_BUDGET: { message: fieldProblem },
  E_CANDIDATE: { message: fieldProblem },
  E_CANDIDATE_ID: { message: fieldProblem },
  E_CANDIDATE_NAME: { message: fieldProblem },
  E_DEADLINE: { message: fieldProblem },
  E_DUPLICATE_COLUMN: {
    message: (p) => {
      if (p.has("project")) return `列${p.q("column")}与第 ${p.v("otherColumn")} 列是同一个项目${p.q("project")}`;
      return p.has("otherColumn") ? `列${p.q("column")}与第 ${p.v("otherColumn")} 列重复` : `列${p.q("column")}重复`;
    },
    hint: (p) => (p.has("project") ? "每个项目只能有一列" : p.has("otherColumn") ? "每一列只能出现一次" : "删去多余的一列"),
  },
  E_MISSING_COLUMN: {
    message: (p) => (p.has("project") ? `缺少项目${p.q("project")}的列` : `缺少必需的列${p.q("column")}`),
    hint: (p) => (p.has("project") ? "项目清单中的每个项目都要有一列，列名用编号或完整的项目名称" : `表头须有${p.q("column")}（或${p.q("english")}）`),
  },
  E_UNKNOWN_COLUMN: {
    message: (p) => (p.raw["sheet"] === "forms" ? `列${p.q("column")}不是项目清单中的项目，也不是“组别”；这一列可能暴露填表人身份` : `未知的列${p.q("column")}`),
    hint: (p) => ({
      forms: "删除这一列：测评表文件只能有“组别”和各项目的列（列名用编号或完整的项目名称）",
      counts: COUNTS_COLUMNS,
    })[String(p.raw["sheet"])] ?? `可用的列：${p.list("columns")}（也可用英文列名）`,
  },
  E_PROJECT_ID: {
    message: (p) => (p.has("line") ? `第 ${p.v("line")} 行的编号为空` : "编号为空"),
    hint: (p) => (p.has("line") ? "填写项目编号" : "每个项目都要有编号，例如 P01"),
  },
  E_PROJECT_NAME: { message: () => "项目名称为空", hint: () => "填写项目名称" },
  E_RESULT_VALUE: { message: (p) => `第 ${p.v("line")} 行的结果${p.q("value")}不是计票结果`, hint: (p) => `结果只能是：${p.list("values")}` },
  E_COUNT_NUMBER: {
    message: (p) => `第 ${p.v("line")} 行${p.q("column")}的${p.q("value")}不是非负整数`,
    hint: (p) => (p.raw["sheet"] === "results" ? RESULTS_COLUMNS : "填写份数，例如 42；没有就填 0"),
  },
  E_NO_PROJECTS: { message: () => "计票结果中没有“当选”的项目", hint: () => "确认 evaluation.json 的 projects 指向最终的计票结果（所有轮次计完后的 results.csv）" },
  E_IDENTIFYING_COLUMN: {
    message: (p) => `列${p.q("column")}可能暴露填表人身份，满意度测评是无记名的`,
    hint: (p) => (p.raw["sheet"] === "counts" ? COUNTS_COLUMNS : "删除这一列：测评表文件只能有“组别”和各项目的列"),
  },
  E_EMPTY_HEADER: { message: () => "表头有空列名", hint: () => "删除空列，或写上项目的编号" },
  E_EVAL_GROUP_EMPTY: { message: (p) => `第 ${p.v("line")} 行的组别为空`, hint: (p) => `填写组别：${p.list("groups")}` },
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
  E_INDICATOR_NUMBER: { message: (p) => `第 ${p.v("line")} 行的${p.v("column")}${p.q("value")}不是非负数`, hint: () => "只写数字，如 100、0.95、95% 或 2/3，不要写单位" },
  E_INDICATOR_TARGET_ZERO: { message: (p) => `第 ${p.v("line")} 行的目标值为 0，无法计算完成比例`, hint: () => "目标值应大于 0" },
  E_INDICATOR_WEIGHT: {
    message: (p) => (p.has("total") ? `项目${p.q("id")}的指标权重合计为 0` : `第 ${p.v("line")} 行的权重${p.q("value")}不是非负数`),
    hint: (p) => (p.has("total") ? "至少一个指标的权重应大于 0" : "写小数或分数，如 0.3 或 1/3；留空按 1 计"),
  },
  W_INDICATOR_PROJECT_NOT_LISTED: { message: (p) => `指标的编号${p.q("id")}不是项目清单中的项目，未计入`, hint: () => "核对编号，或确认 evaluation.json 的 projects 指向正确的项目清单" },
  W_EVAL_GROUP_NO_FORMS: {
    message: (p) => `组别${p.q("group")}没有测评表，综合结果按其余组别的权重重新折算`,
    hint: (p) => (p.raw["source"] === "forms" ? `若该组已测评，在 ${p.v("file")} 中加“组别”列并逐行填写组别` : `若该组已测评，在 ${p.v("file")} 中加上该组各项目的行`),
  },
  W_EVAL_FEW_FORMS: {
    message: (p) => `组别${p.q("group")}只有 ${p.v("forms")} 份测评表，少于 ${p.v("minimum")} 份，难以保证无记名`,
    hint: () => "satisfaction.html 和 --json（fewForms）已标明“结果仅供参考”；人数太少时，可与其他组别合并测评，或不单独公布该组结果",
  },
  W_EVAL_PROJECT_NO_FORMS: { message: (p) => `项目${p.q("project")}没有任何组别的测评结果`, hint: (p) => `在 ${p.v("file")} 中加上该项目的行，或从项目清单中去掉它` },
  W_EVAL_PROJECT_NOT_LISTED: {
    message: (p) => `${p.q("what")}不是项目清单中的项目，${p.n("hasForms") === 1 ? "其测评结果" : "这一列"}未计入`,
    hint: () => "确认 evaluation.json 的 projects 指向正确的项目清单；若是清单中项目的别名，请把列名改为编号或完整的项目名称",
  },
  W_EVAL_TOTALS_DIFFER: {
    message: (p) => {
      const who = `“${p.v("id")} ${p.v("name")}”在组别${p.q("group")}`;
      if (p.raw["row"] === "missing") return `${who}没有汇总行（测评票数按 0 计），与该组多数项目的 ${p.v("usual")} 不同；该组对这个项目按没有测评计，不进入它的综合`;
      if (p.raw["row"] === "zero") return `${who}的测评票数 0（这一行各项都是 0）与该组多数项目的 ${p.v("usual")} 不同；该组对这个项目按没有测评计，不进入它的综合`;
      return `${who}的测评票数 ${p.v("forms")}（满意 ${p.v("satisfied")} + 基本满意 ${p.v("basic")} + 不满意 ${p.v("unsatisfied")} + 弃权 ${p.v("abstain")}）与该组多数项目的 ${p.v("usual")} 不同`;
    },
    hint: (p) => (p.raw["row"] === "missing"
      ? `补上${p.q("id")}在组别${p.q("group")}的一行（编号,组别,满意,基本满意,不满意,弃权）：同一组别每张测评表对每个项目都有一个结果（未填的计弃权），各项目合计应相同`
      : "核对汇总表：同一组别每张测评表对每个项目都有一个结果（未填的计弃权），各项目合计应相同"),
  },
  W_INCOMPLETE_CANDIDATE: {
    message: (p) => `候选项目“${p.v("id")} ${p.v("name")}”缺少：${p.list("missing")}`,
    hint: () => "候选项目应写明背景、内容、区域、主体、资金、来源、时限和绩效目标，避免打包式票决",
  },
  E_AUDIT_MISSING: { message: () => "没有审计记录 audit.json，无从核查", hint: () => "先运行 piaojue tally（或其他写出结果的命令），它会写出 out/audit.json 和 out/SHA256SUMS" },
  E_ENTRY_BUSY: { message: (p) => `另一个 piaojue 进程（pid ${p.v("pid")}）正在录入这一次`, hint: () => "同一次录入只能在一个终端进行；第二位工作人员请用 --second" },
  E_EXISTS: {
    message: (p) => (p.raw["command"] === "enter" ? `${p.v("path")} 已经存在，未覆盖` : `${p.v("path")} 已经存在，未改动`),
    hint: (p) => (p.raw["command"] === "enter"
      ? `核对后如要以这次录入为准，加 --force 重新运行：piaojue enter ${p.v("folder")}${p.n("round") > 1 ? ` --round ${p.v("round")}` : ""} --force`
      : "要重新生成，请加 --force（原文件会被覆盖）；或换一个文件夹"),
  },
  E_EXPECTED: { message: () => "expected.json 应是一个对象", hint: () => "例如 {\"exitCode\": 4, \"runoff\": {\"reason\": \"tie\"}}" },
  E_FILE: {
    message: (p) => ({ "scenario-missing": "找不到这个场景文件夹", "scenario-not-folder": "场景应是文件夹（内有 session.json 和 expected.json）", "expected-missing": "场景缺少 expected.json" })[String(p.raw["problem"])] ?? "文件无法读取",
    hint: (p) => (p.raw["problem"] === "expected-missing"
      ? "写出期望的结果，例如 {\"exitCode\": 0, \"selected\": [\"P01\", \"P02\"]}（tally --json 的 data 的一部分）"
      : "给出场景文件夹，或存放多个场景的上级文件夹"),
  },
  E_NO_SCENARIOS: { message: () => "这个文件夹下没有场景（含 expected.json 的文件夹）", hint: () => "每个场景一个文件夹：会议文件（session.json、candidates.csv、ballots.csv）加上 expected.json" },
  E_ROUND_TWICE: {
    message: (p) => `会议文件夹里已有手工计票结果 ${p.v("counts")}`,
    hint: (p) => `一轮只能用一种方式计票；若以录入为准，移走 ${p.v("counts")} 后再运行本命令`,
  },
  E_UNEXPECTED_ROUND: {
    message: (p) => (p.has("file")
      ? `第 ${p.v("decided")} 轮已经决出结果，不需要第 ${p.v("round")} 轮，但文件夹里有 ${p.v("file")}`
      : `有第 ${p.v("round")} 轮的票，但${p.has("next") ? `下一轮应是第 ${p.v("next")} 轮` : `第 ${p.v("decided")} 轮已经决出结果`}`),
    hint: (p) => (p.has("file") ? "确认文件放对了会议文件夹；不需要的轮次文件请移走" : "轮次文件须连续：ballots-r2.csv、ballots-r3.csv……"),
  },
  W_AUDIT_VERSION: {
    message: (p) => `${p.v("name")} 由 piaojue ${p.v("written")} 写出，现在是 ${p.v("running")}；重算结果若不同，可能是版本差异所致`,
    hint: () => "用写出时的版本核查",
  },
  W_JOURNAL_TORN: { message: () => "上次中断时最后一条记录没有写完整，已丢弃（那张票当时还没有确认保存）", hint: () => "核对屏幕上的“已录入”张数，从下一张接着录" },
  E_AMBIGUOUS_NAME: {
    message: (p) => `项目名称${p.q("name")}与第 ${p.v("otherLine")} 行的编号相同`,
    hint: (p) => `改一个名称，否则${p.raw["sheet"] === "forms" ? "测评表" : "表决票"}的列名无法区分`,
  },
  E_COMPETITION: {
    message: (p) => `不符合差额规则：${competition(p)}`,
    hint: (p) => `增加候选项目到至少 ${p.v("required")} 个，或按本次会议的票决办法调整 rules.competition${p.n("printing") === 1 ? "；规则满足后再印票" : ""}`,
  },
  E_DUPLICATE_ID: { message: (p) => `编号${p.q("id")}与第 ${p.v("otherLine")} 行重复`, hint: () => "编号必须唯一" },
  E_DUPLICATE_NAME: { message: (p) => `项目名称${p.q("name")}与第 ${p.v("otherLine")} 行重复`, hint: () => "项目名称必须唯一" },
  E_JSON_DUPLICATE_KEY: { message: (p) => `键${p.q("key")}重复出现`, hint: () => "每个键只能写一次，删除多余的一处" },
  E_JSON_FORBIDDEN_KEY: { message: (p) => `不允许的键名${p.q("key")}`, hint: () => "删除这个键" },
  E_NO_CANDIDATES: { message: () => "没有候选项目", hint: () => "每行填写一个候选项目" },
  E_NO_RUNOFF: { message: (p) => `前 ${p.v("decided")} 轮已经决出全部结果，不需要第 ${p.v("round")} 轮`, hint: () => "运行 piaojue tally 查看结果" },
  E_PARENT_NESTED: { message: (p) => `${p.q("parent")}本身是子项，子项下不能再有子项`, hint: () => "子项只能挂在顶层项目下" },
  E_PARENT_SELF: { message: () => "项目不能是自己的子项", hint: () => "留空或填写父项目的编号" },
  E_PARENT_UNKNOWN: { message: (p) => `所属项目${p.q("parent")}不是任何候选项目的编号`, hint: () => "填写本表中父项目的编号，或留空" },
  E_ROUND_NOT_NEXT: { message: (p) => `下一轮是第 ${p.v("next")} 轮，不是第 ${p.v("round")} 轮`, hint: (p) => `运行 piaojue ballot --round ${p.v("next")}` },
  E_VOTE_VOID: { message: () => "票决无效，不进行再次票决", hint: () => "运行 piaojue tally 查看无效的原因" },
  W_COMPETITION: { message: (p) => `不符合差额规则：${competition(p)}`, hint: () => "差额规则未满足，票决结果可能不被认可；请对照本次会议的票决办法" },
  W_ISSUED_EXCEEDS_PRESENT: {
    message: (p) => `第 ${p.v("round")} 轮发出 ${p.v("issued")} 张票，多于出席代表 ${p.v("present")} 人`,
    // The first round is where a miscount of ballots handed out is caught.
    hint: (p) => (p.n("round") === 1 ? "核对发票数：每位出席代表只应领到一张票" : undefined),
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
  E_PROGRESS_ID: { message: (p) => `编号${p.q("value")}格式不对`, hint: () => "编号只能用字母、数字、- 和 _，且以字母或数字开头，与候选项目表一致，例如 P01" },
  E_PLAN_DUPLICATE_ID: { message: (p) => `编号${p.q("id")}与第 ${p.v("otherLine")} 行重复`, hint: () => "每个项目在 plan.csv 中只写一行" },
  E_PLAN_MONTH: { message: (p) => `${p.v("column")}${p.q("value")}不是月份`, hint: () => "写成 YYYY-MM，例如 2026-06（写 YYYY-MM-DD 时按所在月份计）" },
  E_PLAN_DEADLINE_BEFORE_START: { message: (p) => `完成时限 ${p.v("deadline")} 早于开始月份 ${p.v("start")}`, hint: () => "改正完成时限或开始月份；不写开始时，从完成时限所在年份的 1 月算起" },
  E_PLAN_BUDGET: { message: (p) => `投入资金${p.q("value")}不是非负的普通小数`, hint: () => "单位万元，只写数字，例如 120 或 35.5，不要写单位" },
  E_PLAN_MILESTONE_FORMAT: { message: (p) => `计划节点${p.q("item")}格式不对`, hint: () => "每个节点写成“月份:百分比”，节点之间用分号隔开，例如 2026-04:20;2026-08:60" },
  E_PLAN_MILESTONE_PERCENT: { message: (p) => `计划节点${p.q("item")}的百分比应在 0 到 100 之间`, hint: () => "例如 2026-04:20 表示 2026 年 4 月底完成 20%" },
  E_PLAN_MILESTONE_RANGE: { message: (p) => `计划节点${p.q("item")}的月份不在 ${p.v("from")} 至 ${p.v("to")} 之间`, hint: () => "节点月份应从开始月份起，到完成时限的前一个月止（完成时限当月按 100% 计）" },
  E_PLAN_MILESTONE_ORDER: { message: (p) => `计划节点${p.q("item")}的月份不晚于前一个节点 ${p.v("previous")}`, hint: () => "节点按月份从早到晚排列，同一月份只写一次" },
  E_PLAN_MILESTONE_DECREASING: { message: (p) => `计划节点${p.q("item")}的百分比小于前一个节点的 ${p.v("previous")}%`, hint: () => "计划进度不能倒退：后面的节点百分比应不小于前面的" },
  E_PLAN_EMPTY: { message: () => "plan.csv 没有项目", hint: () => "每行写一个要跟踪的项目；可运行 piaojue progress --plan 按计票结果生成草稿" },
  E_REPORT_UNKNOWN_ID: { message: (p) => `编号${p.q("id")}不在 plan.csv 中`, hint: () => "核对编号，或先在 plan.csv 中加上这个项目" },
  E_REPORT_DUPLICATE: { message: (p) => `项目 ${p.v("id")} 在 ${p.v("month")} 已有一行（第 ${p.v("otherLine")} 行）`, hint: () => "每个项目每月只报送一行：删去重复的一行，或改正月份" },
  E_REPORT_MONTH: { message: (p) => `截至${p.q("value")}不是月份`, hint: () => "写成 YYYY-MM，例如 2026-06（写 YYYY-MM-DD 时按所在月份计）" },
  E_REPORT_PROGRESS: { message: (p) => `形象进度${p.q("value")}应是 0 到 100 之间的数`, hint: () => "只写数字，例如 35、35.5 或 35%" },
  E_REPORT_DISBURSED: { message: (p) => `已拨付资金${p.q("value")}不是非负的普通小数`, hint: () => "填写累计拨付金额，单位万元，例如 120 或 35.5；没有就留空" },
  E_REPORT_EMPTY: { message: () => "progress.csv 没有任何报送的进度", hint: () => "每个项目每月填一行：编号,截至,形象进度,已拨付资金（万元）,说明；或用 --as-of 指定通报月份" },
  E_PROGRESS_UNKNOWN_KEY: { message: (p) => `未知的键${p.q("key")}`, hint: () => "progress.json 只能有 title 和 lag（behind、severe）；检查拼写，未知的键会被拒绝" },
  E_PROGRESS_SCHEMA: {
    message: (p) => ({ "": "progress.json 应是一个对象", title: "title：应是非空文字", lag: "lag：应是对象，如 {\"behind\": \"10\", \"severe\": \"30\"}" } as Record<string, string>)[String(p.raw["path"])] ?? `${p.v("path")}：应是百分点数的文字，小数或分数，如 "10" 或 "25/2"`,
    hint: () => "写法：{\"title\": \"……\", \"lag\": {\"behind\": \"10\", \"severe\": \"30\"}}",
  },
  E_PROGRESS_LAG_ORDER: { message: (p) => `滞后界限 behind ${p.v("behind")} 大于严重滞后界限 severe ${p.v("severe")}`, hint: () => "应满足 0 ≤ behind ≤ severe；只写一个键时，另一个取默认值（behind 10，severe 30）" },
  E_PLAN_EXISTS: { message: (p) => `${p.v("file")} 已存在，未改写`, hint: () => "要重新生成，先把原文件改名或移走" },
  E_PLAN_RESULTS: { message: () => "这不是计票结果文件（没有“结果”列）", hint: () => "先运行 piaojue tally 写出 out/results.csv；结果在别处时用 -o 指定它所在的文件夹" },
  E_PLAN_NO_SELECTED: { message: () => "计票结果中没有“当选”的项目", hint: () => "确认这是所有轮次计完后的计票结果；没有正式项目就没有要跟踪的进度" },
  E_PLAN_WRITE: { message: (p) => `无法写出 plan.csv（${p.v("errno")}）`, hint: () => "检查文件夹的写入权限" },
  W_PROGRESS_DECREASED: {
    message: (p) => `项目 ${p.v("id")} ${p.v("month")} 的${p.raw["field"] === "progress" ? "形象进度" : "已拨付资金"} ${p.v("value")} 低于 ${p.v("highestMonth")} 报送的 ${p.v("highest")}`,
    hint: () => "按报送的数计算；如是填错，请改正 progress.csv",
  },
  // verify: expected.json read strictly
  E_EXPECTED_SCHEMA: { message: schemaMessage, hint: (p) => schemaHint(p) ?? "expected.json 的写法：exitCode（退出码，整数）、warnings（提醒代码的数组，如 [\"W_X\"]）、error、data（或把 tally --json 的数据键写在顶层）" },
  // tally, batch, evaluate: inputs refused by the commands themselves
  E_FORMAL_EXCEEDS: { message: (p) => `应选数 ${p.v("formal")} 多于候选${p.raw["items"] ? "子项" : "项目"}数 ${p.v("candidates")}`, hint: () => "应选数不能超过候选数" },
  E_NO_BALLOTS: { message: (p) => `没有第 ${p.v("round")} 轮的表决票文件`, hint: (p) => `放入 ${p.v("ballots")}（逐票录入）或 ${p.v("counts")}（手工计票结果）` },
  E_ISSUED_MISSING: { message: (p) => `session.json 的 issued 没有第 ${p.v("round")} 轮的发出票数`, hint: (p) => `在 issued 数组中按轮次写出发出票数，例如 [${p.v("example")}]` },
  E_EVAL_TWICE: { message: (p) => `同时有 ${p.v("forms")} 和 ${p.v("counts")}`, hint: (p) => `测评结果只能用一种方式给出：逐份录入（${p.v("forms")}）或手工汇总（${p.v("counts")}），删去其中一个` },
  E_NO_EVALUATIONS: { message: () => "没有测评结果文件", hint: (p) => `放入 ${p.v("forms")}（每份测评表一行）或 ${p.v("counts")}（手工汇总：编号,组别,满意,基本满意,不满意,弃权）` },
  E_NO_SESSIONS: { message: () => "这个文件夹下没有会议文件夹（含 session.json 的文件夹）", hint: () => "每个会议一个文件夹，内有 session.json、candidates.csv 和 ballots.csv；out 文件夹和以“.”开头的文件夹不查找" },
  // audit: each problem of a numbered check; "check" set: the diagnostic, else the detail shown under the check
  E_AUDIT_INPUT_MISSING: { message: (p) => auditZh(p, `${p.v("who")} 读取过的文件现在不存在`) },
  E_AUDIT_OUTPUT_MISSING: { message: (p) => auditZh(p, `${p.v("who")} 写出过的文件现在不存在`) },
  E_AUDIT_INPUT_CHANGED: { message: (p) => auditZh(p, p.has("now") ? `自 ${p.v("who")} 读取以来已被改动（SHA-256 ${p.v("was")}… → ${p.v("now")}…）` : `${p.v("who")} 读取过的文件现在不是普通文件`) },
  E_AUDIT_OUTPUT_CHANGED: { message: (p) => auditZh(p, p.has("now") ? `自 ${p.v("who")} 写出以来已被改动（SHA-256 ${p.v("was")}… → ${p.v("now")}…）` : `${p.v("who")} 写出过的文件现在不是普通文件`) },
  E_AUDIT_INPUT_ADDED: { message: (p) => auditZh(p, "计票时没有这个文件，现在计票会读取它") },
  E_AUDIT_INPUT_UNREAD: { message: (p) => auditZh(p, `${p.v("name")} 记录读取过这个文件，但重新计算并不读取它`) },
  E_AUDIT_OUTPUT_UNLISTED: { message: (p) => auditZh(p, "out/ 中有这个文件，但没有任何命令的记录写出过它") },
  E_AUDIT_PENDING_WRITE: { message: (p) => auditZh(p, "上次写出没有完成（进程被中断）") },
  E_AUDIT_UNKNOWN_COMMAND: { message: (p) => auditZh(p, `记录了未知的命令${p.q("name")}：piaojue 没有这样写出文件的命令，它的输出无从证明`) },
  E_AUDIT_OPTIONS: { message: (p) => auditZh(p, `${p.v("name")} 记录的选项不是这个命令会写下的：${p.v("options")}`) },
  E_AUDIT_RECOUNT_FAILED: { message: (p) => auditZh(p, `${p.v("name")} 现在无法重新计算：${p.has("cause") ? p.v("cause") : "它不再写出文件"}`) },
  E_AUDIT_RECOUNT_DIFFERS: {
    message: (p) => auditZh(p, ({
      "other-record": `记录名为 ${p.v("name")}，但按它读取的输入重新计算得出的是 ${p.v("planned")}`,
      "not-planned": `${p.v("name")} 记录写出过这个文件，但重新计算不写出它`,
      "not-in-out": `重新计算（${p.v("name")}）得出这个文件，但 out/ 中没有`,
    } as Record<string, string>)[String(p.raw["kind"])] ?? `与重新计算（${p.v("name")}）的结果不同，从第 ${p.v("fromLine")} 行第 ${p.v("fromColumn")} 列起`) + icuZh(p),
  },
  E_AUDIT_RULES_CHANGED: { message: (p) => auditZh(p, `现在的规则与 ${p.v("name")} 记录的不同`) },
  E_AUDIT_SUMS_MISSING: { message: (p) => auditZh(p, "没有 SHA256SUMS 文件") },
  E_AUDIT_SUMS_FORMAT: { message: (p) => auditZh(p, "这一行不是“哈希  路径”的格式") },
  E_AUDIT_SUMS_MISMATCH: {
    message: (p) => auditZh(p, ({
      extra: `列出了 audit.json 中没有的“${p.v("path")}”`,
      hash: `“${p.v("path")}”的哈希与 audit.json 记录的不同`,
      missing: `缺少 audit.json 中记录的“${p.v("path")}”`,
    } as Record<string, string>)[String(p.raw["kind"])] ?? "内容与 audit.json 推出的不同（顺序或空白）"),
  },
};

/** 命令失败时的一行说明（Outcome.error）。 */
export const ZH_FAILURES: Failures = {
  "input-invalid": () => "输入有误，未写出任何文件",
  "check-failed": () => "检查未通过",
  "write-failed": () => "无法写出结果",
  "competition-unmet": () => "不符合差额规则，未印制表决票",
  "session-exists": () => "会议文件夹已有 session.json",
  "journal-damaged": () => "录入记录损坏",
  "journal-mismatch": () => "录入记录无法接续",
  "entry-busy": () => "这次录入正在别处进行",
  "entry-needs-terminal": () => "piaojue enter 需要键盘输入（在终端里运行）",
  "entries-differ": (p) => `两次录入有 ${p.v("differences")} 处不一致，未写出 ${p.v("target")}`,
  "entries-agree-counts-exist": (p) => `两次录入一致，但未写出 ${p.v("target")}`,
  "entries-agree-target-exists": (p) => `两次录入一致，但 ${p.v("target")} 已存在`,
  "audit-not-run": () => "核查未能进行",
  "audit-unreadable": () => "核查未能进行：audit.json 无法读取",
  "audit-malformed": () => "核查未能进行：audit.json 格式不对",
  "scenarios-invalid": () => "场景有误，没有运行",
  "scenarios-differ": (p) => `${p.v("count")} 个场景与 expected.json 不符`,
  "plan-exists": () => "已有 plan.csv，没有改写",
};
