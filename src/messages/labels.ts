// Chinese labels and notes that output files and screens print, by key: words rather than rules, so they
// live beside the message catalogues and not in the core (the 结果 values 当选/未当选 stay in the core: a
// results.csv is read back by them).
import type { VoidReason } from "../core/ballots.js";
import type { Params } from "../core/diagnostics.js";
import type { EntryMark } from "../core/entry.js";
import type { Quoted } from "./catalogue.js";

/** Why a ballot is void, as summary.csv's rows, the 公告 and the entry screen name it. */
export const VOID_REASON_LABELS: Record<VoidReason, string> = {
  "marked-void": "宣布作废",
  unreadable: "符号无法辨认",
  "over-approval": "赞成超过限选数",
  blank: "空白票",
};

/** The same reasons in English (the screen and the demo under --lang en). */
export const VOID_REASON_LABELS_EN: Record<VoidReason, string> = {
  "marked-void": "marked void",
  unreadable: "unreadable mark",
  "over-approval": "too many approvals",
  blank: "blank",
};

/** A round's void ballots by reason (only those with any), as the 公告 and the tally screen list them. */
export function voidReasonParts(byReason: Partial<Record<VoidReason, number>>, lang: "zh" | "en" = "zh"): string[] {
  const labels = lang === "en" ? VOID_REASON_LABELS_EN : VOID_REASON_LABELS;
  return (Object.keys(labels) as VoidReason[]).filter((k) => (byReason[k] ?? 0) > 0).map((k) => `${labels[k]} ${byReason[k]}`);
}

/** The note under figures resting on fewer than `minimum` forms (the core's ANONYMITY_MINIMUM). */
export const fewFormsText = (minimum: number) => `测评票少于 ${minimum} 份，难以保证无记名，结果仅供参考`;

/** A mark as the entry screen names it. */
export const ENTRY_MARK_LABELS: Record<EntryMark, string> = {
  approve: "赞成",
  against: "反对",
  abstain: "弃权",
  blank: "未划",
  unreadable: "无法辨认",
};

/** One difference between two entries (the params of E_ENTRY_MISMATCH), in full: the screen lists it unclipped. */
export function entryDifferenceText(p: Params): string {
  const list = (key: string) => (p[key] ?? []) as readonly string[];
  const label = (m: string | undefined) => ENTRY_MARK_LABELS[m as EntryMark] ?? String(m);
  switch (p["kind"]) {
    case "returned": return `收回票数不同：第一次录入 ${p["first"]} 张，第二次录入 ${p["second"]} 张`;
    case "count": return `录入张数不同：第一次 ${p["first"]} 张，第二次 ${p["second"]} 张`;
    case "void": return `第 ${p["seq"]} 张：第一次${p["first"] ? "作废" : "未作废"}，第二次${p["second"] ? "作废" : "未作废"}`;
    case "marks": {
      const lines = list("lines").map((l, i) => `${l}：第一次${label(list("firsts")[i])}，第二次${label(list("seconds")[i])}`);
      return `第 ${p["seq"]} 张：${lines.join("；")}`;
    }
    default: {
      const ballot = p["void"] ? "整张作废" : list("ids").map((id, i) => `${id}=${label(list("marks")[i])}`).join(" ");
      return `第 ${p["seq"]} 张只在${p["pass"] === "first" ? "第一次" : "第二次"}录入中：${ballot}`;
    }
  }
}

/** A project's progress status (core/progress.ts) as the English screen names it. */
export const PROGRESS_STATUS_EN: Record<string, string> = {
  已完成: "done", 按序时推进: "on schedule", 滞后: "behind", 严重滞后: "severely behind",
  逾期未完成: "overdue", 未报送: "not reported",
};

/** An evaluation grade (满意/基本满意/不满意) and the 达标 column as the English screen names them. */
export const EVALUATION_WORDS_EN: Record<string, string> = {
  满意: "satisfied", 基本满意: "fairly satisfied", 不满意: "unsatisfied", 达标: "met", 未达标: "not met", 综合: "combined",
};

/** audit's four numbered checks, by name, in their order (check 1 first), as the screen and the failure line name them. */
export const AUDIT_CHECKS: Record<string, { zh: string; en: string }> = {
  "inputs-unchanged": { zh: "输入文件自读取后未改变", en: "Input files unchanged since they were read" },
  "outputs-unchanged": { zh: "输出文件自写出后未被改动", en: "Output files unchanged since they were written" },
  "recount-equal": { zh: "由输入重新计算，结果与输出文件夹中的文件逐字节相同", en: "Recomputed from the inputs, the results equal the files in the output folder byte for byte" },
  "sums-consistent": { zh: "SHA256SUMS 与 audit.json 一致", en: "SHA256SUMS consistent with audit.json" },
};

/** The failed checks of an audit, numbered and titled ("第 1 项（…）"), joined as the language joins them. */
export function failedChecksText(names: readonly string[], lang: "zh" | "en"): string {
  const order = Object.keys(AUDIT_CHECKS);
  return names.map((name) => {
    const number = order.indexOf(name) + 1;
    return lang === "en" ? `check ${number} (${AUDIT_CHECKS[name]!.en})` : `第 ${number} 项（${AUDIT_CHECKS[name]!.zh}）`;
  }).join(lang === "en" ? "; " : "；");
}

/** E_JOURNAL problems piaojue's own writes never make (a record that cannot follow those before it): the journal was edited or damaged. */
export const JOURNAL_DAMAGED: ReadonlySet<string> = new Set(["start-twice", "returned", "seq", "marks", "undo", "done"]);

/** A column number as Excel letters it (12 → L, 28 → AB). */
export function excelLetters(n: number): string {
  let letters = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) letters = String.fromCharCode(65 + ((k - 1) % 26)) + letters;
  return letters;
}

/** The Excel letters of a diagnostic's column, or of its run of columns (L–M). */
export function excelColumns(p: Quoted): string {
  const from = excelLetters(p.n("columnNumber"));
  return p.has("lastColumnNumber") ? `${from}–${excelLetters(p.n("lastColumnNumber"))}` : from;
}
