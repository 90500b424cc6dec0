// piaojue init: a new session folder. Every question of session.json (SPEC §3) is asked on a terminal,
// or taken from its flag; `--yes` takes each default without asking. What is written is checked against
// the same schema every other command reads it with.
import { existsSync, promises as fs } from "node:fs";
import * as path from "node:path";
import { CANDIDATE_COLUMNS, competitionParams } from "../core/candidates.js";
import { meetingFactWarnings } from "../core/decide.js";
import { error, type Diagnostic } from "../core/diagnostics.js";
import { parseFraction } from "../core/fraction.js";
import { isIsoDate, parseSession, type SessionInput } from "../core/session.js";
import { foldFullWidth, isControl } from "../core/characters.js";
import { renderDiagnostic } from "../messages/render.js";
import { formatCsv } from "../io/csv.js";
import { SessionReader } from "../io/files.js";
import { makeFolder, writeFailure, writeSynced } from "../io/journal.js";
import { PromptCancelled, type Ask, type PromptChoice } from "../io/prompts.js";
import { CANDIDATES_FILE, commandArg, displayPath, readFolder, resolveDir, SESSION_FILE, sessionAt } from "./load.js";
import { EXIT, failed, type CommandEnv, type Lang, type Outcome } from "./outcome.js";

export type InitKey =
  | "title" | "date" | "total" | "present" | "issued" | "formal"
  | "allowEqual" | "minExtra" | "minRatio" | "ballot" | "maxApprovals" | "blankBallot" | "unreadableMark"
  | "quorum" | "threshold" | "shortfall" | "runoffThreshold" | "voteOn" | "order" | "seed";

type Answers = Partial<Record<InitKey, string>>;

type WrongParams = { min?: number; total?: string; choices?: string[] } | undefined;

/** What is wrong with an answer, as a key into INIT_PROBLEMS, so a flag's problem is said in the --lang asked for. */
interface Wrong {
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

function wrongText(wrong: Wrong, lang: Lang): string {
  return INIT_PROBLEMS[wrong.problem][lang](wrong.params);
}

interface InitQuestion {
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

const intAtLeast = (min: number) => (raw: string): Wrong | null =>
  /^\d+$/.test(raw) && Number.isSafeInteger(Number(raw)) && Number(raw) >= min ? null : { problem: "int-at-least", params: { min } };

const ratioCheck = (raw: string): Wrong | null => (parseFraction(raw) !== null ? null : { problem: "ratio" });

const BOOL_TRUE = ["true", "yes", "y", "1", "是"];
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
const CHOICE_NAMES_EN: Record<string, string> = {
  false: "no", true: "yes", "approve-against-abstain": "for / against / abstain", "approve-only": "for only",
  formal: "N", none: "no limit", valid: "valid", void: "void", "void-ballot": "whole ballot void",
  "abstain-item": "that project abstained", total: "all deputies", present: "deputies present",
  runoff: "another round", "accept-fewer": "accept the fewer projects", plurality: "most votes",
  same: "round 1's majority", "one-third": "a third of the round's ballots", candidates: "projects",
  items: "sub-items", stroke: "by stroke count", pinyin: "by pinyin", "as-listed": "as listed", random: "random",
};

/** What is wrong with an answer, or null. Where there are choices, it is one of them (but a number of approvals). */
function problem(q: InitQuestion, raw: string, a: Answers): Wrong | null {
  if (q.choices && q.key !== "maxApprovals" && q.key !== "allowEqual" && !q.choices.some((c) => c.value === raw)) {
    return { problem: "choices", params: { choices: q.choices.map((c) => c.value) } };
  }
  return q.check?.(raw, a) ?? null;
}

interface InitOptions {
  dir?: string;
  /** Answers given as flags, keyed like the questions. */
  answers: Answers;
  yes?: boolean;
  force?: boolean;
}

/** A usage error in both languages, each a heading and its lines: `message` Chinese, `messageEn` English. */
function usage(zh: string[], en: string[]): Outcome<never> {
  const error = { code: "E_USAGE", message: zh.join("\n"), messageEn: en.join("\n"), diagnostics: [] };
  return { command: "init", exitCode: EXIT.usage, warnings: [], error, report: [] };
}

/** The session.json object from checked answers; keys in the order of SPEC §3, every rule written out. */
function sessionFromAnswers(a: Answers): SessionInput {
  const present = Number(a.present);
  return {
    title: a.title!.trim(),
    date: a.date!,
    deputies: { total: Number(a.total), present },
    issued: [Number(a.issued ?? present)],
    counted: null,
    rules: {
      formal: Number(a.formal),
      competition: {
        minExtra: Number(a.minExtra ?? "1"), minRatio: a.minRatio ?? "1.2", allowEqual: a.allowEqual === "true",
      },
      ballot: a.ballot,
      maxApprovals: a.maxApprovals === "formal" || a.maxApprovals === "none" ? a.maxApprovals : Number(a.maxApprovals),
      blankBallot: a.blankBallot,
      unreadableMark: a.unreadableMark,
      quorum: a.quorum!,
      threshold: a.threshold,
      shortfall: a.shortfall,
      runoffThreshold: a.runoffThreshold,
      voteOn: a.voteOn,
      order: a.order,
      seed: a.order === "random" ? Number(a.seed) : null,
      marks: null,
    } as SessionInput["rules"],
  };
}

/** JSON with two-space indents, short lists of numbers kept on one line. */
function formatSessionJson(value: unknown): string {
  const json = JSON.stringify(value, null, 2);
  return json.replace(/\[\s+([-\d.,\s]*?)\s+\]/g, (_m, items: string) => `[${items.split(/,\s*/).join(", ")}]`) + "\n";
}

export async function runInit(opts: InitOptions, env: CommandEnv, ask: Ask | null): Promise<Outcome<unknown>> {
  const dir = resolveDir(env, opts.dir);
  const sessionPath = path.join(dir, SESSION_FILE);
  if (existsSync(sessionPath) && !opts.force) {
    const params = { command: "init", path: displayPath(env, sessionPath) };
    return failed("init", [error("E_EXISTS", { file: SESSION_FILE }, params)], { why: "session-exists" });
  }
  const flagProblem = (q: InitQuestion, raw: string, wrong: Wrong) => ({
    zh: `${q.flag} ${raw}（${q.label}）：${wrongText(wrong, "zh")}`,
    en: `${q.flag} ${raw} (${INIT_QUESTIONS_EN[q.key].label}): ${wrongText(wrong, "en")}`,
  });
  const wrongFlags = (list: { zh: string; en: string }[]) =>
    usage(["选项的取值有误：", ...list.map((p) => p.zh)], ["Wrong option values:", ...list.map((p) => p.en)]);
  const flagged: Answers = {};
  const problems: { zh: string; en: string }[] = [];
  const refused = new Set<InitKey>();
  // Read as the answers typed at the prompts are: ５８ and ２／３ as 58 and 2/3, the title as given.
  const given: Answers = Object.fromEntries(Object.entries(opts.answers).map(([k, v]) => [k, k === "title" ? v : halfWidth(v)]));
  for (const q of INIT_QUESTIONS) {
    const raw = given[q.key];
    if (raw === undefined) continue;
    const value = q.key === "allowEqual" && problem(q, raw, flagged) === null ? String(BOOL_TRUE.includes(raw.toLowerCase())) : raw.trim();
    // Checked against the other answers, except those already found wrong (no "more than 1.5 in total").
    const others = Object.fromEntries(Object.entries(given).filter(([k]) => !refused.has(k as InitKey)));
    const wrong = problem(q, value, { ...flagged, ...others });
    if (wrong) {
      problems.push(flagProblem(q, raw, wrong));
      refused.add(q.key);
    } else flagged[q.key] = value;
  }
  // A flag for a question the other answers skip would be dropped without a word: it is refused instead.
  // The others count as flagged, or as their defaults when nothing is asked; one still to be asked is
  // taken as allowing it (the clerk may yet choose a random order).
  const unasked = opts.yes || !ask ? { order: "stroke", allowEqual: "false" } : { order: "random", allowEqual: "false" };
  const settled = { ...unasked, ...flagged };
  for (const q of INIT_QUESTIONS) {
    if (q.unused && flagged[q.key] !== undefined && q.when && !q.when(settled)) problems.push(flagProblem(q, given[q.key]!, { problem: q.unused }));
  }
  if (problems.length > 0) return wrongFlags(problems);

  const answers: Answers = {};
  const missing: InitQuestion[] = [];
  try {
    for (const q of INIT_QUESTIONS) {
      if (q.when && !q.when(answers)) continue;
      const given = flagged[q.key];
      if (given !== undefined) {
        // A flag checked alone may still clash with an answer given later on the terminal (实到 > 应到).
        const wrong = problem(q, given, answers);
        if (wrong) return wrongFlags([flagProblem(q, given, wrong)]);
        answers[q.key] = given;
        continue;
      }
      const fallback = q.default?.(answers, env);
      if (fallback !== undefined && (opts.yes || !ask)) answers[q.key] = fallback;
      else if (ask) answers[q.key] = await askOne(ask, q, answers, fallback);
      // A question with a default that waits on another answer (发出 = 实到) is not itself missing.
      else if (!q.default) missing.push(q);
    }
  } catch (e) {
    if (e instanceof PromptCancelled) return usage(["已取消，未写任何文件。"], ["Cancelled; nothing written."]);
    throw e;
  }
  if (missing.length > 0) {
    const example = `piaojue init ${opts.dir ?? "."} ${missing.map((q) => `${q.flag} …`).join(" ")}`;
    return usage([
      "没有终端可以提问，以下各项须用选项给出：",
      ...missing.map((q) => `  ${q.flag} <值>　${q.label}（${q.help}）`),
      `例如：${example}（其余各项取默认值，也可用选项指定，见 piaojue init --help）`,
    ], [
      "There is no terminal to ask on; give these as options:",
      ...missing.map((q) => `  ${q.flag} <value>  ${INIT_QUESTIONS_EN[q.key].label} (${INIT_QUESTIONS_EN[q.key].help})`),
      `e.g. ${example} (the others take their defaults, or give them as options: see piaojue init --help)`,
    ]);
  }

  const session = sessionFromAnswers(answers);
  const checked = parseSession(JSON.stringify(session));
  if (!checked.value) {
    const lines = (lang: Lang) => checked.diagnostics.map((d) => `  ${renderDiagnostic(d, lang).message}`);
    return usage(["这些回答组合起来不是有效的 session.json：", ...lines("zh")], ["These answers together do not make a valid session.json:", ...lines("en")]);
  }
  const text = formatSessionJson(session);
  // Read back exactly as every other command will: a file init writes must pass check's schema.
  const reread = parseSession(text, SESSION_FILE);
  if (!reread.value) {
    const messages = reread.diagnostics.map((d) => renderDiagnostic(d).message);
    throw new Error(`init 生成的 session.json 未通过校验：${messages.join("；")}`);
  }

  // A list the clerk already has, as a CSV or a workbook, is kept: a template beside a workbook would be
  // a second candidates table (E_TABLE_TWO_FORMS at the next check). It is checked with the new session
  // as check would check the folder: what check would refuse, init refuses too, unless --force.
  const workbook = CANDIDATES_FILE.replace(/\.csv$/, ".xlsx");
  let kept = [workbook, CANDIDATES_FILE].find((f) => existsSync(path.join(dir, f))) ?? null;
  const withList = kept ? await checkKept(dir, text, kept, env) : [];
  const failsCheck = withList.some((d) => d.severity === "error");
  if (failsCheck && !opts.force) {
    return failed("init", withList, { why: "init-check-failed", params: { file: kept! } });
  }
  // Written anyway with --force: what check will refuse is said, as warnings of this run; so is what the
  // meeting facts alone make of the vote (present below the quorum), as check will say it.
  const { session: written, rules: writtenRules, source } = reread.value;
  const warnings = [
    ...withList.map((d): Diagnostic => ({ ...d, severity: "warning" as const })),
    ...meetingFactWarnings(written, writtenRules, (key) => sessionAt(source.positions, key)),
  ];

  await makeFolder(dir).catch((e: unknown) => { throw writeFailure(dir, e); });
  const tmp = `${sessionPath}.tmp-${process.pid}`;
  try {
    await writeSynced(tmp, text);
    await fs.rename(tmp, sessionPath);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => { /* a folder in the way is not ours to remove */ });
    throw writeFailure(sessionPath, e);
  }
  const header = Object.values(CANDIDATE_COLUMNS).map((names) => names[0]);
  if (kept === null) {
    try {
      await fs.writeFile(path.join(dir, CANDIDATES_FILE), formatCsv(header, []), { flag: "wx" });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw writeFailure(path.join(dir, CANDIDATES_FILE), e);
      kept = CANDIDATES_FILE;
    }
  }
  const label = displayPath(env, dir);
  const arg = commandArg(env, dir);
  const r = session.rules;
  const facts = ["title", "date", "total", "present", "issued", "formal"];
  const ruleQuestions = INIT_QUESTIONS.filter((q) => !facts.includes(q.key) && answers[q.key] !== undefined);
  const rules = ruleQuestions.map((q) => `${q.label} ${q.choices?.find((c) => c.value === answers[q.key])?.name ?? answers[q.key]}`);
  const { total, present } = session.deputies;
  const rulesEn = ruleQuestions.map((q) => {
    const value = answers[q.key]!;
    const named = q.choices?.some((c) => c.value === value) ? CHOICE_NAMES_EN[value] ?? value : value;
    // "valid" is a blank ballot's choice and a majority base's: both read the same in English.
    return `${INIT_QUESTIONS_EN[q.key].label}: ${q.key === "threshold" && value === "valid" ? "valid ballots" : named}`;
  });
  const report = env.lang === "en" ? [
    `Written: ${label}/${SESSION_FILE}: ${session.title} (${session.date}), `
      + `${total} deputies, ${present} present, ${session.issued[0]} ballots issued, ${r.formal} to select`,
    kept ? `${label}/${kept} already exists, left as it is${failsCheck ? "; with these answers it does not pass check (written anyway with --force): see the warnings below" : ""}`
      : `Written: ${label}/${CANDIDATES_FILE}: the candidates template (header only, one project a row; open with Excel or WPS)`,
    `Rules: ${rulesEn.join("; ")}`,
    `Next: fill in the candidates, then run piaojue check ${arg}, then piaojue ballot ${arg} to print the ballots.`,
  ] : [
    `已写出 ${label}/${SESSION_FILE}：${session.title}（${session.date}），`
      + `应到 ${total}、实到 ${present}、发出 ${session.issued[0]}，应选 ${r.formal} 个`,
    kept ? `${label}/${kept} 已经存在，保留原样${failsCheck ? "；它与这些回答按 check 的规则检查未通过（加了 --force，照样写出），问题见下面的提醒" : ""}`
      : `已写出 ${label}/${CANDIDATES_FILE}：候选项目模板（只有表头，每个项目填一行；用 Excel 或 WPS 打开）`,
    `票决办法：${rules.join("；")}`,
    `下一步：填好候选项目后运行 piaojue check ${arg}，再运行 piaojue ballot ${arg} 印制表决票。`,
  ];
  const files = kept ? [SESSION_FILE] : [SESSION_FILE, CANDIDATES_FILE];
  const data = { dir, files, kept: kept ? [kept] : [], session };
  return { command: "init", exitCode: EXIT.ok, data, warnings, report };
}

/**
 * The candidates list kept (`file`) checked with the session init would write (`session`), by check's
 * rules: the list's own errors, more to select than candidates, the 差额 rule, and check's warnings. A
 * list with no candidate yet (init's own template) is not checked. A problem of the new session's N
 * against the list is placed at the list: session.json is not written yet.
 */
async function checkKept(dir: string, session: string, file: string, env: CommandEnv): Promise<Diagnostic[]> {
  const reader = new SessionReader(dir, env.encoding);
  const loaded = await readFolder(reader, session);
  if (loaded.diagnostics.some((d) => d.code === "E_NO_CANDIDATES")) return [];
  const f = loaded.value;
  const found = !f ? loaded.diagnostics
    : f.competition.ok ? f.warnings
    : [...f.warnings, error("E_COMPETITION", { file }, { ...competitionParams(f.competition), init: 1 })];
  const placed = found.map((d) => (d.at.file === SESSION_FILE ? error(d.code, { file }, { ...d.params, init: 1 }) : d));
  return [...reader.workbookWarnings, ...reader.located(placed)];
}

async function askOne(ask: Ask, q: InitQuestion, answers: Answers, fallback: string | undefined): Promise<string> {
  const defaults = fallback !== undefined ? { default: fallback } : {};
  if (q.key === "maxApprovals") {
    // A number of approvals is asked for apart, after "指定一个数".
    const choice = /^\d+$/.test(fallback ?? "") ? {} : defaults;
    const kind = await ask({ message: q.label, help: q.help, choices: q.choices!, ...choice });
    if (kind !== "number") return kind;
    return halfWidth(await ask({ message: "每票最多赞成的个数", validate: (raw) => asked(intAtLeast(1)(halfWidth(raw))) }));
  }
  if (q.choices) return ask({ message: q.label, help: q.help, choices: q.choices, ...defaults });
  // The title is kept as typed; the other answers are numbers, dates and fractions.
  const read = q.key === "title" ? (raw: string) => raw : halfWidth;
  const validate = (raw: string) => asked(problem(q, read(raw).trim(), answers));
  return read(await ask({ message: q.label, help: q.help, ...defaults, validate }));
}

/** An answer typed with a Chinese input method on: full-width ５８, ２／３ and ２０２６－０１－１５ read as 58, 2/3 and 2026-01-15. */
function halfWidth(raw: string): string {
  return foldFullWidth(raw).trim();
}

/** The terminal's questions are Chinese (README), so an answer's problem is said in Chinese there. */
function asked(wrong: Wrong | null): string | true {
  return wrong ? wrongText(wrong, "zh") : true;
}
