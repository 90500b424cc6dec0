// Every command of the CLI, registered in one place in the order a clerk meets them: init, check, ballot,
// enter, tally, runoff, evaluate, progress; then batch, verify, audit and demo. A command's module is
// imported when it runs, so starting one command does not load (and set up) all the others.
import { Command, CommanderError } from "commander";
import { EXIT, type CommandEnv, type Outcome } from "../commands/outcome.js";
import { foldFullWidth } from "../core/characters.js";
import { warning } from "../core/diagnostics.js";
import { parseAsOf } from "../core/month.js";
import { displayWidth } from "../io/text-width.js";
import { INIT_QUESTIONS, INIT_QUESTIONS_EN, type InitKey } from "../commands/init-questions.js";
import { terminalAsk } from "../io/prompts.js";
import type { Writer } from "./output.js";

export interface CliIO {
  stdout: Writer;
  stderr: Writer;
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  cwd?: string;
  env?: Record<string, string | undefined>;
  now?: () => Date;
}

export interface Registration {
  t: (zh: string, en: string) => string;
  env: () => CommandEnv;
  out: () => string | undefined;
  io: CliIO;
  /** Whether the terminal gets colour (no --no-color, NO_COLOR, FORCE_COLOR=0, TERM=dumb or --json). */
  color: boolean;
  setOutcome: (o: Outcome) => void;
}

/**
 * A usage error in piaojue's own words, in both languages: run.ts shows them as they are (not as
 * commander's), and `--json --lang en` gives the Chinese `message` with `messageEn` beside it, as for
 * every other error.
 */
export class UsageProblem extends CommanderError {
  constructor(readonly zh: string, readonly en: string) {
    super(EXIT.usage, "piaojue.invalidArgument", zh);
  }
}

/**
 * A folder argument given empty ("$TOWN" with TOWN unset) is a usage error, as -o '' is: left out, it is
 * the current folder, but given empty it would silently count (or init) wherever the script stands.
 */
function folderArgument(value: string): string {
  if (value === "") throw new UsageProblem("给出的文件夹是空的（变量没有值？）：写出文件夹的名字；要用当前文件夹，写 . 或不写", "The folder given is empty (an unset variable?): name the folder; for the current folder, write . or leave it out");
  return value;
}

function countArgument(what: string, whatEn: string, tooLarge: [zh: string, en: string]): (value: string) => number {
  return (value: string) => {
    // Typed with a Chinese input method on, ５８ is 58, as at init's prompts.
    const digits = foldFullWidth(value).trim();
    if (/^0*[1-9]\d{6,}$/.test(digits)) throw new UsageProblem(`${what} ${value} ${tooLarge[0]}`, `${whatEn} ${value} ${tooLarge[1]}`);
    // Six digits at most: a round or a count beyond that is a typo, not a number to read as 1e20.
    if (!/^0*\d{1,6}$/.test(digits) || Number(digits) < 1) {
      throw new UsageProblem(`${what}应为正整数，而不是“${value}”`, `${whatEn} must be a positive whole number, not "${value}"`);
    }
    return Number(digits);
  };
}

export function registerCommands(program: Command, r: Registration): void {
  const { t, io } = r;
  const ROUND = countArgument("轮次", "The round", ["太大：没有这一轮", "is too large: there is no such round"]);
  const TOO_MANY: [string, string] = ["太大：不会有这么多", "is too large to be a count"];
  // Placeholders of arguments and option values, in the help's language.
  const DIR = t("[目录]", "[dir]");
  const SESSION = t("会议文件夹", "session folder");
  const json = () => Boolean(program.opts<{ json?: boolean }>().json);
  // Prompts and the entry screen go to stderr under --json, so stdout stays one JSON document; and where
  // stdout goes to a file (enter > log.txt) but stderr is the terminal, so the clerk does not type blind.
  const screen = () => (json() || (!io.stdout.isTTY && io.stderr.isTTY) ? io.stderr : io.stdout);
  // A flag the command takes (a global one) but does nothing with in this run is told as a 提醒, as
  // verify tells -o: the clerk would otherwise think it had its effect.
  const noted = (o: Outcome, note: ReturnType<typeof warning> | null): Outcome => (note ? { ...o, warnings: [...o.warnings, note] } : o);
  const outUnused = (command: string) => { const out = r.out(); return out === undefined ? null : warning("W_OUT_UNUSED", { file: out }, { command }); };

  const init = program.command("init").argument(DIR, t("新的会议文件夹", "new session folder"), folderArgument, ".")
    .description(t("新建会议文件夹：逐项询问会议信息和票决办法，写出 session.json 和 candidates.csv 模板", "create a session folder: asks for the meeting facts and rules, writes session.json and a candidates.csv template"));
  for (const q of INIT_QUESTIONS) {
    const values = q.choices ? q.choices.filter((c) => c.value !== "number").map((c) => c.value).join(" | ") : "";
    const en = INIT_QUESTIONS_EN[q.key];
    init.option(`${q.flag} ${t("<值>", "<value>")}`, t(
      `${q.label}：${q.help}${values ? `（${values}${q.key === "maxApprovals" ? " | 正整数" : ""}）` : ""}`,
      `${en.label}: ${en.help}${values ? ` (${values}${q.key === "maxApprovals" ? " | a positive whole number" : ""})` : ""}`,
    ));
  }
  init.option("-y, --yes", t("有默认值的问题一律取默认值，不再询问", "take every default without asking"))
    .option("--force", t("覆盖已有的 session.json；已有的候选项目表按 check 的规则不通过时也照样写出", "overwrite an existing session.json; write it even when the candidates already there fail check with it"))
    .action(async (dir: string, o: Record<string, string | boolean | undefined>) => {
      const answers: Partial<Record<InitKey, string>> = {};
      for (const q of INIT_QUESTIONS) if (typeof o[q.key] === "string") answers[q.key] = o[q.key] as string;
      const ask = io.stdin && io.stdin.isTTY ? terminalAsk(io.stdin, screen(), r.color) : null;
      const { runInit } = await import("../commands/init.js");
      r.setOutcome(noted(await runInit({ dir, answers, yes: Boolean(o.yes), force: Boolean(o.force) }, r.env(), ask), outUnused("init")));
    });

  program.command("check").argument(DIR, SESSION, folderArgument, ".")
    .description(t("检查 session.json 与 candidates.csv：格式、差额规则、项目要素是否完整、子项", "validate session.json and candidates.csv"))
    .action(async (dir: string) => { const { runCheck } = await import("../commands/check.js"); r.setOutcome(noted(await runCheck({ dir, out: r.out() }, r.env()), outUnused("check"))); });

  program.command("ballot").argument(DIR, SESSION, folderArgument, ".")
    .description(t("印制表决票：写出 ballot.html（A4）、录入模板和手工计票用的计票单", "write the printable ballot (A4), the entry template and a count sheet"))
    .option("--round <K>", t("第 K 轮（再次票决）的表决票；不加时印制待票决的一轮", "the ballot of round K (a runoff); without it, the round pending"), ROUND)
    .action(async (dir: string, o: { round?: number }) => {
      const { runBallot } = await import("../commands/ballot.js");
      r.setOutcome(await runBallot({ dir, out: r.out(), ...o }, r.env()));
    });

  program.command("enter").argument(DIR, SESSION, folderArgument, ".")
    .description(t("唱票时用键盘逐张录入纸质表决票，随录随存；--second 为独立的第二次录入，两次一致才写出 ballots.csv", "keyboard entry of paper ballots, journaled; --second is the independent second entry"))
    .option("--round <K>", t("录入第 K 轮的票", "enter round K"), ROUND)
    .option("--second", t("第二次录入（另一人独立再录一遍，与第一次比对）", "the independent second entry"))
    .option(`--returned ${t("<张数>", "<count>")}`, t("逐张录入时的收回票数（不给则开始时输入；--counts 的收回票数在计票单上输入）", "ballots returned, for ballot-by-ballot entry (asked at the start otherwise; --counts asks it on the count sheet)"), countArgument("收回票数", "The ballots returned", TOO_MANY))
    .option("--force", t("两次录入一致时，覆盖已有的 ballots.csv", "overwrite an existing ballots file when both entries agree"))
    .option("--counts", t("录入手工计票的计票单（各项赞成、反对、弃权和收回、无效票数），两次一致才写出 counts.csv 并把收回、无效票数写入 session.json", "enter a hand count's count sheet; both entries agreeing write counts.csv and session.json's counted"))
    .option(`--present ${t("<人数>", "<count>")}`, t("改正 session.json 中的实到人数（不录入）", "correct the deputies present in session.json (no entry)"), countArgument("实到人数", "The deputies present", TOO_MANY))
    .option(`--issued ${t("<张数>", "<count>")}`, t("改正 session.json 中这一轮的发出票数（不录入）", "correct this round's ballots issued in session.json (no entry)"), countArgument("发出票数", "The ballots issued", TOO_MANY))
    .action(async (dir: string, o: { round?: number; second?: boolean; returned?: number; force?: boolean; counts?: boolean; present?: number; issued?: number }) => {
      if (o.present !== undefined || o.issued !== undefined) {
        // A correction of session.json enters no ballots: the entry's flags would do nothing (--round only picks the round of --issued).
        const idle = [o.second && "--second", o.returned !== undefined && "--returned", o.counts && "--counts", o.force && "--force", o.issued === undefined && o.round !== undefined && "--round"].filter(Boolean);
        const fix = o.issued === undefined ? "--present" : o.present === undefined ? "--issued" : "--present --issued";
        if (idle.length > 0) throw new UsageProblem(`${fix} 只改正 session.json，不录入，${idle.join("、")} 不起作用：分开运行`, `${fix} only corrects session.json and enters no ballots, so ${idle.join(", ")} would do nothing: run them separately`);
      }
      // The count sheet's form asks 收回 with 无效 on its own screen: a --returned there would do nothing.
      if (o.counts && o.returned !== undefined) throw new UsageProblem("--counts 录入计票单时，收回票数在计票单上与无效票数一起输入，--returned 不起作用：去掉 --returned", "--counts enters the ballots returned on the count sheet's form, with the void ones, so --returned would do nothing: leave it out");
      const term = io.stdin ? { input: io.stdin, screen: screen() } : null;
      const { runEnter } = await import("../commands/enter.js");
      r.setOutcome(await runEnter({ dir, out: r.out(), ...o }, r.env(), term));
    });
  program.command("tally").argument(DIR, SESSION, folderArgument, ".")
    .description(t("计票、确定正式项目并写出结果（results.csv、summary.csv、公告）", "count, decide and write the results"))
    .option("--round <K>", t("只计到第 K 轮（第 K 轮的票须已录入）", "stop after round K (its ballots must be in)"), ROUND)
    .option(`--doc-number ${t("<文号>", "<number>")}`, t("公告的文号，印在标题下，例如 新桥人大〔2026〕1号", "the announcement's document number, printed under its title"), (value: string) => {
      // Printed on the 公告 as every input's words are: no control characters (as no input file holds one).
      if (!/[\u0000-\u001f\u007f-\u009f]/.test(value)) return value;
      throw new UsageProblem("--doc-number 里有控制字符（如换行、ESC），公告上印不出来", "--doc-number holds a control character (such as a line break or ESC), which the announcement cannot print");
    })
    .action(async (dir: string, o: { round?: number; docNumber?: string }) => {
      const { runTally } = await import("../commands/tally.js");
      r.setOutcome(await runTally({ dir, out: r.out(), ...o }, r.env()));
    });

  program.command("runoff").argument(DIR, SESSION, folderArgument, ".")
    .description(t("需要再次票决时，写出下一轮（第 K 轮）的表决票 ballot-rK.html、计票单 count-sheet-rK.html 和录入模板，并说明剩余名额", "when a runoff is required, write round K's ballot ballot-rK.html, count sheet count-sheet-rK.html and entry templates, and tell the seats left"))
    .action(async (dir: string) => { const { runRunoff } = await import("../commands/runoff.js"); r.setOutcome(await runRunoff({ dir, out: r.out() }, r.env())); });

  program.command("evaluate").argument(DIR, t("测评文件夹（含 evaluation.json）", "evaluation folder (with evaluation.json)"), folderArgument, ".")
    .description(t("满意度测评：按组别（双评价）统计满意率、得分与等次，加权综合，并列出量化指标完成率", "satisfaction evaluation: rates, scores and grades per group, weighted combined row, indicator completion"))
    .option("--forms", t("不统计，只印制空白满意度测评表（evaluation-forms.html，A4，每页印有标题、组别和页码），不需要测评结果文件", "print the blank evaluation forms instead (evaluation-forms.html, A4, every page with its title, group and page number); no results needed"))
    .option(`--group ${t("<组别>", "<group>")}`, t("与 --forms 一起用：只印这一个组别的测评表", "with --forms: only this group's form"))
    .action(async (dir: string, o: { forms?: boolean; group?: string }) => {
      const { runEvaluate, runEvaluationForms } = await import("../commands/evaluate.js");
      if (o.group !== undefined && !o.forms) throw new UsageProblem("--group 只能与 --forms 一起用", "--group goes with --forms only");
      r.setOutcome(o.forms ? await runEvaluationForms({ dir, out: r.out(), group: o.group }, r.env()) : await runEvaluate({ dir, out: r.out() }, r.env()));
    });
  const asOfMonth = (value: string): number => {
    const month = parseAsOf(foldFullWidth(value).trim());
    if (month === null) throw new UsageProblem(`--as-of 应写成 YYYY-MM，例如 2026-06，而不是“${value}”`, `--as-of must be YYYY-MM, such as 2026-06, not "${value}"`);
    return month;
  };
  program.command("progress").argument(DIR, t("含 plan.csv 和 progress.csv 的文件夹（一般是会议文件夹）", "folder with plan.csv and progress.csv (usually the session folder)"), folderArgument, ".")
    .description(t("实施进度监督：按任务分解表（plan.csv）和各月报送的进度（progress.csv）算出序时进度、差距和状态，写出 progress.csv、progress-summary.csv 和通报 progress.html", "supervision through the year: planned against reported progress, gap and status per project; writes progress.csv, progress-summary.csv and the bulletin progress.html"))
    .option("--as-of <YYYY-MM>", t("通报的月份（默认 progress.csv 中最近的“截至”月份）", "the month reported (default: the latest month in progress.csv)"), asOfMonth)
    .option("--plan", t("按计票结果（-o 文件夹中的 results.csv 的“当选”项目）写出 plan.csv 草稿，不覆盖已有的 plan.csv", "draft plan.csv from the vote (the selected projects of results.csv in the -o folder); never overwrites"))
    .action(async (dir: string, o: { asOf?: number; plan?: boolean }) => {
      if (o.plan && o.asOf !== undefined) throw new UsageProblem("--as-of 不能与 --plan 一起用：--plan 只起草 plan.csv，不计算进度", "--as-of does not go with --plan: --plan only drafts plan.csv and reports no progress");
      const { runProgress, runProgressPlan } = await import("../commands/progress.js");
      r.setOutcome(o.plan ? await runProgressPlan({ dir, out: r.out() }, r.env()) : await runProgress({ dir, out: r.out(), asOf: o.asOf }, r.env()));
    });
  program.command("batch").argument(t("<根目录>", "<root>"), t("存放各会议文件夹的上级文件夹", "folder holding the session folders"), folderArgument)
    .description(t("批量计票：对根目录下每个会议文件夹计票并各自写出结果，再在 根目录/out（或 -o）写出 batch-summary.csv 和 batch-results.csv；有 plan.csv 的会议文件夹同时算出实施进度，汇总为 batch-progress.csv", "tally every session folder under ROOT; write a summary over all; folders with plan.csv also get their progress, summed up in batch-progress.csv"))
    .option("--as-of <YYYY-MM>", t("实施进度通报的月份（默认各自 progress.csv 中最近的“截至”月份）", "the month progress is reported at (default: each folder's latest month)"), asOfMonth)
    .action(async (root: string, o: { asOf?: number }) => {
      const bar = io.stderr.isTTY && !json() ? progressBar(io.stderr, r.color) : null;
      const { runBatch } = await import("../commands/batch.js");
      const outcome = await runBatch({ root, out: r.out(), asOf: o.asOf, onProgress: bar?.update }, r.env());
      bar?.clear();
      r.setOutcome(outcome);
    });
  program.command("verify").argument(t("<场景...>", "<scenario...>"), t("场景文件夹（会议文件加 expected.json），或存放多个场景的文件夹", "scenario folders (a session plus expected.json), or folders of scenarios"), (value: string, earlier: string[] = []) => [...earlier, folderArgument(value)])
    .description(t("供持续集成使用：逐个场景计票，与 expected.json 比对，有任何不符即以退出码 1 结束", "for CI: tally each scenario and compare with its expected.json; exit 1 on any difference"))
    .action(async (scenarios: string[]) => { const { runVerify } = await import("../commands/verify.js"); r.setOutcome(await runVerify({ scenarios, out: r.out() }, r.env())); });
  program.command("audit").argument(DIR, SESSION, folderArgument, ".")
    .description(t("核查 out/：输入是否改动、输出是否改动、重新计票是否一致、SHA256SUMS 是否一致（不改动输入和结果；只会补完上次被中断的写出）", "prove out/: inputs unchanged, outputs unchanged, recount equal, SHA256SUMS consistent (changes nothing, but completes a write a killed run left)"))
    .action(async (dir: string) => {
      const { runAudit } = await import("../commands/audit.js");
      // The recount reads the inputs as the run that wrote them did, in the encoding audit.json records.
      const encoding = program.getOptionValueSource("encoding") === "cli" ? warning("W_FLAG_UNUSED", { file: dir }, { command: "audit", flag: "--encoding" }) : null;
      r.setOutcome(noted(await runAudit({ dir, out: r.out() }, r.env()), encoding));
    });
  program.command("demo")
    .description(t("在 seeds/ 自带的示例会议上运行全流程并显示结果", "run the whole flow on the sample session in seeds/"))
    .action(async () => {
      // The sample is UTF-8: read as GB18030 it fails check after its copy is written.
      if (r.env().encoding === "gb18030") throw new UsageProblem("demo 读的是它自己复制的 seeds/ 示例会议（UTF-8 编码），不能用 --encoding gb18030 读：去掉 --encoding", "demo reads its own copy of the sample session in seeds/, which is UTF-8, and cannot read it as --encoding gb18030: leave out --encoding");
      const { runDemo } = await import("../commands/demo.js");
      r.setOutcome(await runDemo({ out: r.out() }, r.env()));
    });
}

/**
 * One line on a terminal, redrawn in place: [██████░░░░] 123/770 县01/镇003. Without colour (--no-color,
 * NO_COLOR, TERM=dumb) no escape code either: the rest of the last line is blanked with spaces.
 */
function progressBar(stream: { write(s: string): unknown; columns?: number }, escapes: boolean): { update: (done: number, total: number, label: string) => void; clear: () => void } {
  let last = 0;
  let shown = 0; // columns of the line last drawn
  const draw = (text: string) => {
    const width = displayWidth(text);
    stream.write(escapes ? `\r\x1b[K${text}` : `\r${text}${" ".repeat(Math.max(0, shown - width))}`);
    shown = width;
  };
  return {
    update(done, total, label) {
      const now = Date.now();
      if (done < total && now - last < 50) return;
      last = now;
      const width = 24;
      const filled = Math.round((done / total) * width);
      let text = `[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${done}/${total} ${label}`;
      // Cut to the terminal's width (CJK characters take two columns), or the line would wrap.
      // A terminal may report 0 columns (a pty made by script or docker exec -t): taken as 80.
      const max = (stream.columns || 80) - 1;
      while (text !== "" && displayWidth(text) > max) text = [...text].slice(0, -1).join("");
      draw(text);
    },
    clear() { stream.write(escapes ? "\r\x1b[K" : `\r${" ".repeat(shown)}\r`); },
  };
}
