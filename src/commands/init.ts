// piaojue init: a new session folder. Every question of session.json (SPEC §3) is asked on a terminal,
// or taken from its flag; `--yes` takes each default without asking. What is written is checked against
// the same schema every other command reads it with.
import { existsSync, promises as fs } from "node:fs";
import * as path from "node:path";
import { CANDIDATE_COLUMNS, competitionParams } from "../core/candidates.js";
import { meetingFactWarnings } from "../core/decide.js";
import { error, type Diagnostic } from "../core/diagnostics.js";
import { parseSession, type SessionInput } from "../core/session.js";
import { foldFullWidth } from "../core/characters.js";
import { loadLanguage, renderDiagnostic } from "../messages/render.js";
import { formatCsv } from "../io/csv.js";
import { SessionReader } from "../io/files.js";
import { makeFolder, writeFailure, writeSynced } from "../io/journal.js";
import { PromptCancelled, type Ask } from "../io/prompts.js";
import { CANDIDATES_FILE, commandArg, displayPath, readFolder, resolveDir, SESSION_FILE, sessionAt } from "./load.js";
import {
  BOOL_TRUE, CHOICE_NAMES_EN, INIT_QUESTIONS, INIT_QUESTIONS_EN, intAtLeast, problem, wrongText,
  type Answers, type InitKey, type InitQuestion, type Wrong,
} from "./init-questions.js";
import { EXIT, failed, type CommandEnv, type Lang, type Outcome } from "./outcome.js";

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
    // Ctrl+C at a question (the prompt reads it as a key, so no SIGINT comes): ended as a Ctrl+C ends any
    // run, 130, with nothing written yet.
    if (e instanceof PromptCancelled) {
      return { command: "init", exitCode: EXIT.interrupted, warnings: [], report: [], error: { code: "E_INTERRUPTED", failure: { why: "interrupted", params: { asking: 1 } }, diagnostics: [] } };
    }
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
    // The refusal carries both languages (messageEn is shown under --lang en).
    await loadLanguage("en");
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
