// The questions of piaojue init (SPEC §3), each with its flag, default and check: apart from the command, so
// that building the command line (cli/commands.ts) reads them without loading init itself.
import { parseFraction } from "../core/fraction.js";
import { isControl } from "../core/characters.js";
import { isIsoDate } from "../core/session.js";
import type { PromptChoice } from "../io/prompts.js";
import type { CommandEnv, Lang } from "./outcome.js";

export type InitKey =
  | "title" | "date" | "total" | "present" | "issued" | "formal"
  | "allowEqual" | "minExtra" | "minRatio" | "ballot" | "maxApprovals" | "blankBallot" | "unreadableMark"
  | "quorum" | "threshold" | "shortfall" | "runoffThreshold" | "voteOn" | "order" | "seed";

export type Answers = Partial<Record<InitKey, string>>;

type WrongParams = { min?: number; total?: string; choices?: string[] } | undefined;

/** What is wrong with an answer, as a key into INIT_PROBLEMS, so a flag's problem is said in the --lang asked for. */
export interface Wrong {
  problem: keyof typeof INIT_PROBLEMS;
  params?: WrongParams;
}

/** Each answer problem in both languages. */
const INIT_PROBLEMS = {
  "int-at-least": { zh: (p) => `应为不小于 ${p?.min} 的整数`, en: (p) => `must be a whole number of at least ${p?.min}` },
  ratio: { zh: () => "应是小数或分数，如 1.2 或 2/3", en: () => "must be a decimal or a fraction, e.g. 1.2 or 2/3" },
  empty: { zh: () => "不能为空", en: () => "must not be empty" },
  control: { zh: () => "不能含换行、制表符等控制字符", en: () => "must not hold line breaks, tabs or other control characters" },
  date: { zh: () => "应是实际存在的日期，格式 YYYY-MM-DD", en: () => "must be a real date, written YYYY-MM-DD" },
  "present-over-total": { zh: (p) => `实到不能多于应到 ${p?.total} 人`, en: (p) => `cannot be more than the ${p?.total} deputies in total` },
  bool: { zh: () => "应为 是/否（true/false）", en: () => "must be yes or no (true/false)" },
  "max-approvals": {
    zh: () => "应为 formal（等于应选数）、none（不限）或正整数",
    en: () => "must be formal (= N), none (no limit) or a whole number of at least 1",
  },
  "quorum-range": { zh: () => "应大于 0 且不超过 1", en: () => "must be more than 0 and at most 1" },
  integer: { zh: () => "应为整数", en: () => "must be a whole number" },
  "seed-without-random": {
    zh: () => "只在随机顺序时使用：要随机排列，再加 --order random",
    en: () => "is used only with a random order: add --order random for one",
  },
  "competition-when-equal": {
    zh: () => "只在差额票决时使用：--allow-equal 为是（允许等额）时不看差额数和差额比例",
    en: () => "is used only in a competitive vote: with --allow-equal yes, the extra number and ratio do not apply",
  },
  choices: { zh: (p) => `可选：${p?.choices?.join("、")}`, en: (p) => `one of: ${p?.choices?.join(", ")}` },
} satisfies Record<string, Record<Lang, (p: WrongParams) => string>>;

export function wrongText(wrong: Wrong, lang: Lang): string {
  return INIT_PROBLEMS[wrong.problem][lang](wrong.params);
}

export interface InitQuestion {
  key: InitKey;
  /** The command-line flag that answers it. */
  flag: string;
  label: string;
  /** One line: what it means, and what the default does. */
  help: string;
  choices?: PromptChoice[];
  /** The default, given the answers so far (undefined: must be answered). */
  default?: (a: Answers, env: CommandEnv) => string | undefined;
  when?: (a: Answers) => boolean;
  /** With `when`: why the flag is refused when the other answers make the question one never asked. */
  unused?: Wrong["problem"];
  /** What is wrong with an answer, or null (beyond being one of the choices). */
  check?: (raw: string, a: Answers) => Wrong | null;
}

export const intAtLeast = (min: number) => (raw: string): Wrong | null =>
  /^\d+$/.test(raw) && Number.isSafeInteger(Number(raw)) && Number(raw) >= min ? null : { problem: "int-at-least", params: { min } };

const ratioCheck = (raw: string): Wrong | null => (parseFraction(raw) !== null ? null : { problem: "ratio" });

export const BOOL_TRUE = ["true", "yes", "y", "1", "是"];
const BOOL_FALSE = ["false", "no", "n", "0", "否"];

function choices(...list: [string, string, string?][]): PromptChoice[] {
  return list.map(([value, name, description]) => ({ value, name, ...(description ? { description } : {}) }));
}

function today(env: CommandEnv): string {
  const d = env.now();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

const competes = (a: Answers) => a.allowEqual !== "true";

export const INIT_QUESTIONS: InitQuestion[] = [
  {
    key: "title", flag: "--title", label: "会议名称", help: "例如 ××镇第十八届人民代表大会第五次会议",
    check: (raw) => (raw.trim() === "" ? { problem: "empty" } : [...raw].some(isControl) ? { problem: "control" } : null),
  },
  {
    key: "date", flag: "--date", label: "会议日期", help: "YYYY-MM-DD，默认今天", default: (_a, env) => today(env),
    check: (raw) => (isIsoDate(raw) ? null : { problem: "date" }),
  },
  { key: "total", flag: "--total", label: "应到代表人数", help: "全体代表人数", check: intAtLeast(1) },
  {
    key: "present", flag: "--present", label: "实到代表人数", help: "出席本次会议的代表人数；会前可先填预计人数，开会当天改正",
    check: (raw, a) => intAtLeast(0)(raw)
      ?? (a.total !== undefined && Number(raw) > Number(a.total) ? { problem: "present-over-total", params: { total: a.total } } : null),
  },
  {
    key: "issued", flag: "--issued", label: "第 1 轮发出票数", help: "默认等于实到人数", default: (a) => a.present,
    check: intAtLeast(0),
  },
  { key: "formal", flag: "--formal", label: "应选项目数 N", help: "要票决产生的正式项目个数", check: intAtLeast(1) },
  {
    key: "allowEqual", flag: "--allow-equal", label: "是否允许等额", help: "默认否：候选项目必须多于应选数，即差额票决",
    choices: choices(["false", "否"], ["true", "是"]), default: () => "false",
    check: (raw) => ([...BOOL_TRUE, ...BOOL_FALSE].includes(raw.toLowerCase()) ? null : { problem: "bool" }),
  },
  {
    key: "minExtra", flag: "--min-extra", label: "差额数", help: "默认 1：候选数至少比应选数多 1 个", default: () => "1",
    when: competes, unused: "competition-when-equal", check: intAtLeast(0),
  },
  {
    key: "minRatio", flag: "--min-ratio", label: "差额比例", help: "默认 1.2：候选数至少是应选数的 1.2 倍，向上取整",
    default: () => "1.2", when: competes, unused: "competition-when-equal", check: ratioCheck,
  },
  {
    key: "ballot", flag: "--ballot", label: "表决票形式", help: "默认三栏：每个项目可赞成、反对或弃权",
    choices: choices(
      ["approve-against-abstain", "赞成／反对／弃权三栏", "每个项目在三栏中选一栏划符号"],
      ["approve-only", "只设赞成栏", "只对赞成的项目划符号，不划即不赞成"],
    ),
    default: () => "approve-against-abstain",
  },
  {
    key: "maxApprovals", flag: "--max-approvals", label: "每票最多赞成几个", help: "默认等于应选数 N：赞成多于 N 个的票无效",
    choices: choices(["formal", "等于应选数 N"], ["none", "不限"], ["number", "指定一个数"]), default: () => "formal",
    check: (raw) => (raw === "formal" || raw === "none" || intAtLeast(1)(raw) === null ? null
      : { problem: "max-approvals" }),
  },
  {
    key: "blankBallot", flag: "--blank-ballot", label: "空白票", help: "默认有效：一项也未划的票有效，各项按弃权计",
    choices: choices(["valid", "有效，各项按弃权计"], ["void", "无效"]), default: () => "valid",
  },
  {
    key: "unreadableMark", flag: "--unreadable-mark", label: "无法辨认的符号", help: "默认整张票无效",
    choices: choices(["void-ballot", "整张票无效"], ["abstain-item", "只这一项按弃权计"]), default: () => "void-ballot",
  },
  {
    key: "quorum", flag: "--quorum", label: "法定人数比例", help: "默认 2/3：出席代表须达到全体代表的三分之二", default: () => "2/3",
    check: (raw) => {
      const f = parseFraction(raw);
      return f === null ? ratioCheck(raw) : f.num === 0n || f.num > f.den ? { problem: "quorum-range" } : null;
    },
  },
  {
    key: "threshold", flag: "--threshold", label: "过半数的基数", help: "默认全体代表：赞成票须超过全体代表人数的一半",
    choices: choices(["total", "全体代表（应到）"], ["present", "出席代表（实到）"], ["valid", "有效票"], ["none", "不设过半数"]),
    default: () => "total",
  },
  {
    key: "shortfall", flag: "--shortfall", label: "过半数的项目不足应选数时", help: "默认再次票决：就未过半数的项目进行下一轮",
    choices: choices(["runoff", "再次票决"], ["accept-fewer", "按实际过半数的项目确定，不再票决"]), default: () => "runoff",
  },
  {
    key: "runoffThreshold", flag: "--runoff-threshold", label: "再次票决的当选条件", help: "默认得票多者当选，不再要求过半数",
    choices: choices(["plurality", "得票多者当选"], ["same", "仍须达到第 1 轮的过半数票"], ["one-third", "须达到该轮收回票的三分之一"]),
    default: () => "plurality",
  },
  {
    key: "voteOn", flag: "--vote-on", label: "表决单位", help: "默认按项目：子项随所属项目一起表决",
    choices: choices(["candidates", "按项目（子项随项目）"], ["items", "按子项逐项表决"]), default: () => "candidates",
  },
  {
    key: "order", flag: "--order", label: "表决票上的项目顺序", help: "默认按名称笔画排序，避免顺序影响投票",
    choices: choices(
      ["stroke", "按名称笔画"], ["pinyin", "按名称拼音"], ["as-listed", "按候选项目清单的顺序"], ["random", "随机（种子印在票上，可复核）"],
    ),
    default: () => "stroke",
  },
  {
    key: "seed", flag: "--seed", label: "随机种子", help: "印在表决票上，同一种子排出同一顺序；默认随机生成",
    default: () => String(process.getBuiltinModule("node:crypto").randomInt(1, 1_000_000)),
    when: (a) => a.order === "random", unused: "seed-without-random",
    check: (raw) => (/^-?\d+$/.test(raw) && Number.isSafeInteger(Number(raw)) ? null : { problem: "integer" }),
  },
];

/** Each question's label and help in English (--help and the closing report with --lang en). */
export const INIT_QUESTIONS_EN: Record<InitKey, { label: string; help: string }> = {
  title: { label: "Meeting title", help: "e.g. the 5th session of the 18th people's congress of a township" },
  date: { label: "Meeting date", help: "YYYY-MM-DD, default today" },
  total: { label: "Deputies in total", help: "all deputies of the congress" },
  present: { label: "Deputies present", help: "attending this meeting; an estimate may be corrected on the day" },
  issued: { label: "Ballots issued in round 1", help: "default: the deputies present" },
  formal: { label: "Projects to select (N)", help: "how many projects the vote selects" },
  allowEqual: { label: "Allow as many candidates as seats", help: "default no: more candidates than seats (competitive vote)" },
  minExtra: { label: "Extra candidates", help: "default 1: at least one candidate more than seats" },
  minRatio: { label: "Candidate ratio", help: "default 1.2: at least 1.2 times as many candidates as seats, rounded up" },
  ballot: { label: "Ballot form", help: "default three columns: for, against or abstain on each project" },
  maxApprovals: { label: "Most approvals per ballot", help: "default N: a ballot approving more than N is void" },
  blankBallot: { label: "Blank ballot", help: "default valid: a ballot with no mark is valid, every project abstained" },
  unreadableMark: { label: "Unreadable mark", help: "default: the whole ballot is void" },
  quorum: { label: "Quorum", help: "default 2/3: present deputies must reach two thirds of all deputies" },
  threshold: { label: "Majority base", help: "default all deputies: more than half of all deputies must approve" },
  shortfall: { label: "When fewer projects than N have a majority", help: "default runoff: another round on the others" },
  runoffThreshold: { label: "Runoff winning rule", help: "default plurality: most votes win, no majority needed" },
  voteOn: { label: "Unit voted on", help: "default projects: sub-items go with their project" },
  order: { label: "Project order on the ballot", help: "default by stroke count of the name, so order does not sway the vote" },
  seed: { label: "Random seed", help: "printed on the ballot; the same seed gives the same order; default random" },
};

/** The choices' names in English, by value. */
export const CHOICE_NAMES_EN: Record<string, string> = {
  false: "no", true: "yes", "approve-against-abstain": "for / against / abstain", "approve-only": "for only",
  formal: "N", none: "no limit", valid: "valid", void: "void", "void-ballot": "whole ballot void",
  "abstain-item": "that project abstained", total: "all deputies", present: "deputies present",
  runoff: "another round", "accept-fewer": "accept the fewer projects", plurality: "most votes",
  same: "round 1's majority", "one-third": "a third of the round's ballots", candidates: "projects",
  items: "sub-items", stroke: "by stroke count", pinyin: "by pinyin", "as-listed": "as listed", random: "random",
};

/** What is wrong with an answer, or null. Where there are choices, it is one of them (but a number of approvals). */
export function problem(q: InitQuestion, raw: string, a: Answers): Wrong | null {
  if (q.choices && q.key !== "maxApprovals" && q.key !== "allowEqual" && !q.choices.some((c) => c.value === raw)) {
    return { problem: "choices", params: { choices: q.choices.map((c) => c.value) } };
  }
  return q.check?.(raw, a) ?? null;
}
