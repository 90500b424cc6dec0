// 中文消息表：每个诊断代码的消息和提示，由诊断的 params 组成。中文是默认语言，也是 --json 的 message。
import type { Catalogue, Failures } from "./catalogue.js";

export const ZH: Catalogue = {
  E_AMBIGUOUS_NAME: {
    message: (p) => `项目名称${p.q("name")}与第 ${p.v("otherLine")} 行的编号相同`,
    hint: (p) => `改一个名称，否则${p.raw["sheet"] === "forms" ? "测评表" : "表决票"}的列名无法区分`,
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
  W_ISSUED_EXCEEDS_PRESENT: {
    message: (p) => `第 ${p.v("round")} 轮发出 ${p.v("issued")} 张票，多于出席代表 ${p.v("present")} 人`,
    // The first round is where a miscount of ballots handed out is caught.
    hint: (p) => (p.n("round") === 1 ? "核对发票数：每位出席代表只应领到一张票" : undefined),
  },
  W_SEATS_UNFILLED: { message: (p) => `第 ${p.v("round")} 轮决选有 ${p.v("unfilled")} 个名额无项目达到所需 ${p.v("needed")} 票，名额空缺，正式项目少于应选数` },
  W_SHORTFALL_ACCEPTED: { message: (p) => `过半数的项目只有 ${p.v("qualified")} 个，少于应选数 ${p.v("formal")}；按票决办法（accept-fewer）确定 ${p.v("qualified")} 个正式项目` },
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
};
