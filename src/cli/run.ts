// The whole command line: run(argv, io) parses, runs one command and returns the exit code of SPEC §9.
// Nothing here exits the process; bin/ sets the exit code.
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { Command, CommanderError, Help, Option } from "commander";
import { EXIT, failed, type CommandEnv, type Lang, type Outcome } from "../commands/outcome.js";
import { InputError, warning, type Diagnostic } from "../core/diagnostics.js";
import type { EncodingChoice } from "../io/encoding.js";
import { settingInPlace, writtenSets } from "../io/files.js";
import { displayWidth } from "../io/text-width.js";
import { registerCommands, UsageProblem, type CliIO } from "./commands.js";
import { loadLanguage, readyLanguage, renderFailure } from "../messages/render.js";
import { usageScreen, writeOutcome } from "./output.js";

const VERSION: string = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

const TITLES: Record<string, string> = { "Usage:": "用法：", "Arguments:": "参数：", "Options:": "选项：", "Commands:": "命令：", "Global Options:": "全局选项：" };
/** The words commander puts in usage lines (`piaojue tally [options] [目录]`), in Chinese. */
const USAGE_WORDS: Record<string, string> = { "[options]": "[选项]", "[command]": "[命令]" };

function zhUsage(line: string): string {
  return line.split(" ").map((word) => USAGE_WORDS[word] ?? word).join(" ");
}

/** Punctuation a line does not start with, and punctuation it does not end with. */
const CLOSING = new Set("，。、；：！？）》」』】,.;:!?)]}\"'");
const OPENING = new Set("（《「『【([{");

/**
 * Commander's wrapping of help text (at spaces, lines kept), by terminal columns, and between two Chinese
 * characters too: a Chinese description has few spaces to break at.
 */
function wrapByColumns(text: string, width: number): string {
  return text.split(/\r\n|\n/).map((line) => {
    const chunks: string[] = []; // each with the spaces before it
    let space = "";
    let joinNext = false;
    for (const ch of line) {
      if (/\s/.test(ch)) { space += ch; joinNext = false; continue; }
      const last = chunks.length - 1;
      const wide = displayWidth(ch) === 2;
      const sameWord = last >= 0 && space === "" && (joinNext || CLOSING.has(ch) || (!wide && displayWidth([...chunks[last]!].at(-1)!) === 1));
      if (sameWord) chunks[last] += ch;
      else chunks.push(space + ch);
      space = "";
      joinNext = OPENING.has(ch);
    }
    const lines: string[] = [];
    let current = "";
    for (const chunk of chunks) {
      if (current !== "" && displayWidth(current + chunk) > width) {
        lines.push(current);
        current = chunk.trimStart();
      } else current += chunk;
    }
    return [...lines, current].join("\n");
  }).join("\n");
}

function translateCommanderError(message: string): string {
  const rules: [RegExp, (m: RegExpExecArray) => string][] = [
    [/unknown option '([^']+)'/, (m) => `未知的选项 ${m[1]}`],
    [/unknown command '([^']+)'/, (m) => `未知的命令 ${m[1]}`],
    [/missing required argument '([^']+)'/, (m) => `缺少参数 ${m[1]}`],
    [/option '([^']+)' argument missing/, (m) => `选项 ${m[1]} 缺少取值`],
    [/too many arguments(?: for '([^']+)')?/, () => "参数过多"],
    [/option '([^']+)' argument '([^']+)' is invalid\. Allowed choices are (.+)\./, (m) => `选项 ${m[1]} 的取值 ${m[2]} 无效，可选：${m[3]}`],
    [/option '([^']+)' argument '([^']+)' is invalid\.(.*)/, (m) => `选项 ${m[1]} 的取值 ${m[2]} 无效。${m[3]?.trim() ?? ""}`],
  ];
  // commander's "(Did you mean tally?)" follows its message; the translation keeps the suggestion.
  const suggestion = /\(Did you mean (.+)\?\)/.exec(message);
  const said = suggestion ? `\n你是不是要用 ${suggestion[1]}？` : "";
  for (const [re, f] of rules) {
    const m = re.exec(message);
    if (m) return f(m) + said;
  }
  return message.replace(/^error: /, "");
}

/** A message in both languages. */
interface Words {
  zh: string;
  en: string;
}

/** The --json document of a run that failed before (or outside) any command's own outcome. */
function failureDocument(command: string, code: string, message: string, messageEn?: string): string {
  const error = { code, message, ...(messageEn !== undefined ? { messageEn } : {}), diagnostics: [] };
  const doc = { ok: false, command, schemaVersion: 1, error, warnings: [] };
  return JSON.stringify(doc, null, 2) + "\n";
}

/** Commander's "(choices: …, default: …)" after a description, in Chinese. */
function zhHelpExtras(description: string): string {
  return description.replace(/ \(((?:choices|default): [^]*)\)$/, (_, extra: string) =>
    `（${extra.replace("choices: ", "可选 ").replace(/, default: |^default: /, (m) => (m.startsWith(",") ? "；默认 " : "默认 ")).replace(/", "/g, "\"、\"")}）`);
}

/** What the program's callbacks report to run(). */
interface ProgramWiring {
  lang: Lang;
  json: boolean;
  color: boolean;
  io: CliIO;
  /** Help text (stdout, or kept for the JSON document under --json). */
  writeHelp: (s: string) => void;
  usageError: (message: Words) => void;
  setOutcome: (o: Outcome) => void;
  /** The command about to run. */
  started: (name: string) => void;
  /** An option given again with another value (the last is taken). */
  repeated: (flag: string, was: string, now: string) => void;
}

/** The whole program, its texts in one language. */
function buildProgram(w: ProgramWiring): Command {
  const { lang, json, io } = w;
  const t = (zh: string, en: string) => (lang === "en" ? en : zh);
  const program = new Command("piaojue");
  /** What -o is to each command, told in that command's help (the option is the program's, shared by all). */
  const outHelp = (command: string): string => {
    switch (command) {
      case "init": return t("不使用：init 写在新的会议文件夹里", "not used: init writes in the new session folder");
      case "check": return t("不使用：check 不写出文件", "not used: check writes no files");
      case "verify": return t("不使用：verify 不写出文件", "not used: verify writes no files");
      case "batch": return t("输出目录（默认 <根目录>/out）", "output folder (default <root>/out)");
      case "demo": return t("示例会议的副本 township-2026 放在这个文件夹里（默认新建一个临时文件夹）", "the folder the sample's copy township-2026 goes in (default: a new temporary folder)");
      case "audit": return t("要核查的输出目录（默认 <会议文件夹>/out）", "the output folder to audit (default <session>/out)");
      case "evaluate": return t("输出目录（默认 <测评文件夹>/out）", "output folder (default <evaluation folder>/out)");
      case "piaojue": return t("输出目录（默认 <会议文件夹>/out；各命令的用法见其帮助）", "output folder (default <session>/out; see each command's help)");
      default: return t("输出目录（默认 <会议文件夹>/out）", "output folder (default <session>/out)");
    }
  };
  let helping = "piaojue";
  program
    .description(t("民生实事项目人大代表票决：检查、计票、决选、公告与满意度测评", "People's-congress deputies' ballot on livelihood projects: check, tally, runoff, announce, evaluate"))
    .version(VERSION, "-V, --version", t("显示版本号", "show the version"))
    .helpOption("-h, --help", t("显示帮助", "show help"))
    .helpCommand(t("help [命令]", "help [command]"), t("显示某个命令的帮助", "show help for a command"))
    .option("--json", t("在标准输出打印一个 JSON 文档（提醒和错误都在文档里）", "print one JSON document on stdout (warnings and errors inside it)"))
    .option("--no-color", t("不使用颜色", "no colour"))
    .addOption(new Option(t("--encoding <编码>", "--encoding <encoding>"), t("输入文件编码", "input encoding")).choices(["auto", "utf8", "gb18030"]).default("auto"))
    .addOption(new Option(t("-o, --out <目录>", "-o, --out <dir>"), outHelp("piaojue")).argParser((value: string) => {
      // An unquoted empty variable (-o $OUT --json) must not make a folder named --json, nor -o=out a folder =out.
      if (value !== "" && !value.startsWith("-") && !value.startsWith("=")) return value;
      // -o=X (and --out==X) hands commander "=X": the folder meant is X.
      const folder = value.replace(/^=+/, "");
      if (folder === "") throw new UsageProblem("-o 后面的输出文件夹是空的（变量没有值？）：写出文件夹的名字，例如 -o out", "-o is given an empty output folder (an unset variable?): name the folder, such as -o out");
      if (value.startsWith("=")) throw new UsageProblem(`-o 后面应是输出文件夹，而不是“${value}”：写成 -o ${folder} 或 --out=${folder}`, `-o must be followed by the output folder, not "${value}": write -o ${folder} or --out=${folder}`);
      throw new UsageProblem(
        `-o 后面应是输出文件夹，而不是“${value}”（名字以 - 开头的文件夹请写成 ./${value}）`,
        `-o must be followed by the output folder, not "${value}" (write a folder whose name starts with - as ./${value})`);
    }))
    .addOption(new Option(t("--lang <语言>", "--lang <language>"), t("界面语言", "interface language")).choices(["zh", "en"]).default("zh"))
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureHelp({
      styleTitle: (s) => (lang === "en" ? s : (TITLES[s] ?? s)),
      styleUsage: (s) => (lang === "en" ? s : zhUsage(s)),
      styleSubcommandTerm: (s) => (lang === "en" ? s : zhUsage(s)),
      // Columns as a terminal shows them: a Chinese character takes two (commander counts one).
      displayWidth: (s) => displayWidth(stripVTControlCharacters(s)),
      boxWrap(this: Help, s: string, width: number) {
        return lang === "en" || width < this.minWidthToWrap ? Help.prototype.boxWrap.call(this, s, width) : wrapByColumns(s, width);
      },
      styleOptionDescription: (s) => (lang === "en" ? s : zhHelpExtras(s)),
      styleArgumentDescription: (s) => (lang === "en" ? s : zhHelpExtras(s)),
      showGlobalOptions: true,
      formatHelp(this: Help, cmd: Command, helper: Help) {
        helping = cmd.name();
        return Help.prototype.formatHelp.call(this, cmd, helper);
      },
      optionDescription(this: Help, option: Option) {
        return option.long === "--out" ? outHelp(helping) : Help.prototype.optionDescription.call(this, option);
      },
    })
    .configureOutput({
      writeOut: w.writeHelp,
      writeErr: (s) => { if (!json) io.stderr.write(s); },
      outputError: (s) => { w.usageError({ zh: translateCommanderError(s.trim()), en: s.replace(/^error: /, "").trim() }); },
    });

  const env = (): CommandEnv => {
    const g = program.opts<{ encoding: EncodingChoice }>();
    return { cwd: io.cwd ?? process.cwd(), encoding: g.encoding, version: VERSION, now: io.now ?? (() => new Date()), lang };
  };
  const out = () => program.opts<{ out?: string }>().out;
  registerCommands(program, { t, env, out, io, color: w.color, setOutcome: w.setOutcome });
  program.hook("preAction", (_program, action) => { w.started(action.name()); });
  // An option given twice takes the last value, as on most command lines (a script's own -o after an
  // alias's), but two different values are said: `--round 1 … --round 2` is more often a slip than a choice.
  // A value that is another of the command's options (`--allow-equal --title T`) is a value left out, said
  // so, not taken as the value with the next word left over as "too many arguments". (-o says it its own way.)
  for (const command of [program, ...program.commands]) {
    const known = new Set([...program.options, ...command.options].flatMap((o) => [o.long, o.short]).filter((f) => f !== undefined).concat(["-h", "--help"]));
    for (const option of command.options.filter((o) => o.required || o.optional)) {
      const parse = option.parseArg;
      let given: string | undefined;
      option.argParser((value: string, previous: unknown) => {
        const flag = option.long ?? option.flags;
        if (flag !== "--out" && known.has(value.split("=")[0]!)) {
          throw new UsageProblem(`${flag} 后面缺少值：${value} 是另一个选项`, `${flag} is missing its value: ${value} is another option`);
        }
        if (given !== undefined && given !== value) w.repeated(flag, given, value);
        given = value;
        return parse ? parse(value, previous) : value;
      });
    }
  }
  return program;
}

/**
 * What the command line names, read as commander reads it but before it parses (a usage error's document
 * names the command, and the texts need their language before the program is built). Commander first
 * reads the program's own options wherever they stand, their values with them; the operands before any
 * other option start with the command. So: the command (undefined when none of piaojue's is named), the
 * operands, and the language of the last --lang (a later value replaces an earlier one).
 */
function readCommandLine(argv: readonly string[]): { command: string | undefined; operands: string[]; operandAt: number[]; unknownOption: string | undefined; lang: Lang; flags: Set<string> } {
  // A program built only to know its options and commands: it prints nothing and runs nothing.
  const quiet = () => {};
  const io: CliIO = { stdout: { write: quiet }, stderr: { write: quiet } };
  const program = buildProgram({ lang: "zh", json: false, color: false, io, writeHelp: quiet, usageError: quiet, setOutcome: quiet, started: quiet, repeated: quiet });
  const operands: string[] = [];
  const operandAt: number[] = [];
  let unknownOption: string | undefined;
  let unknownSeen = false;
  let lang: Lang = "zh";
  // The flags given (as their long names): before `--` only, where an option is read as one.
  const flags = new Set<string>();
  const looksLikeOption = (a: string) => a.length > 1 && a.startsWith("-");
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") { if (!unknownSeen) for (let j = i + 1; j < argv.length; j++) { operands.push(argv[j]!); operandAt.push(j); } break; }
    if (!looksLikeOption(a)) { if (!unknownSeen) { operands.push(a); operandAt.push(i); } continue; }
    const [flag, attached] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const option = program.options.find((o) => o.long === flag || o.short === flag)
      ?? (a.startsWith("--") ? undefined : program.options.find((o) => o.short === a.slice(0, 2) && o.required));
    if (!option) { unknownSeen = true; unknownOption ??= flag; continue; }
    let value: string | undefined;
    if (!option.required && !option.optional) flags.add(option.long ?? flag); // a flag
    else if (attached !== undefined) value = attached; // --lang=en
    else if (!a.startsWith("--") && a.length > 2) value = a.slice(2); // -ox
    // A flag where a value belongs (-o --json, an unset $OUT) is refused as the value, and still said as the flag.
    else if (i + 1 < argv.length && !looksLikeOption(argv[i + 1]!)) value = argv[++i];
    if (option.long === "--lang" && value !== undefined) lang = value === "en" ? "en" : "zh";
  }
  const first = operands[0];
  const named = first === undefined ? undefined : program.commands.find((c) => c.name() === first || c.aliases().includes(first));
  return { command: named?.name() ?? (first === "help" ? "help" : undefined), operands, operandAt, unknownOption, lang, flags };
}

/** The commands that write results into out/ (with audit.json, for piaojue audit to check). */
const WRITES_OUT = new Set(["tally", "runoff", "ballot", "evaluate", "progress", "batch", "demo"]);

/**
 * The line bin/piaojue.js says when stdout cannot be written (a full disk), in the language of the command
 * line, from the failure catalogue.
 */
export function stdoutFailure(argv: readonly string[], errno: string): string {
  const { command, lang } = readCommandLine(argv);
  // audit is pointed at out/ only after a command that writes there, not after help, -V, check or verify.
  const out = WRITES_OUT.has(command ?? "") && !argv.some((a) => a === "--help" || a === "-h");
  return `${renderFailure({ code: "E_INTERNAL", failure: { why: "stdout-failed", params: out ? { errno, out: 1 } : { errno } } }, readyLanguage(lang))}\n`;
}

/**
 * The line a run stopped by Ctrl+C or SIGTERM says of what out/ holds, in the language of the command line;
 * null while a committed set is being put in place (the signal is held, and raised again once it is).
 */
export function stoppedLine(argv: readonly string[]): string | null {
  if (settingInPlace()) return null;
  const { command, lang } = readCommandLine(argv);
  // A signal in a run's first milliseconds, before the English it asked for is loaded: no line rather than
  // a Chinese one (the exit code still says the run was stopped).
  if (readyLanguage(lang) !== lang) return "";
  // batch writes each session's out/ first and its own summary last.
  const sessions = new Set(writtenSets.filter((s) => s.record !== "batch").map((s) => s.outDir)).size;
  // enter and init write in the session folder, not out/: each file there is put in place whole, or not at all.
  const params: Record<string, number> = command === "enter" || command === "init" ? { [command]: 1 }
    : command === "check" || command === "verify" ? { nothing: 1 }
    : command === "batch" && !writtenSets.some((s) => s.record === "batch") ? { batch: 1, sessions } : { written: writtenSets.length };
  return `${renderFailure({ code: "E_INTERNAL", failure: { why: "interrupted", params } }, lang)}\n`;
}

export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const { command: named, operands, operandAt, unknownOption, lang, flags } = readCommandLine(argv);
  await loadLanguage(lang);
  // `piaojue tally -- --json` tallies the folder --json: after `--` it is an operand, not the flag.
  const json = flags.has("--json");
  const envVars = io.env ?? {};
  // As chalk reads them: FORCE_COLOR=0 (or false) turns colour off; TERM=dumb too, unless FORCE_COLOR asks for it.
  // NO_COLOR as no-color.org has it: set to anything but the empty string.
  const force = envVars["FORCE_COLOR"];
  const forced = force === undefined ? undefined : force !== "0" && force !== "false";
  const color = !flags.has("--no-color") && !json && Boolean(io.stderr.isTTY) && !envVars["NO_COLOR"]
    && forced !== false && (forced === true || envVars["TERM"] !== "dumb");
  const t = (zh: string, en: string) => (lang === "en" ? en : zh);
  let outcome: Outcome | undefined;
  let usageError: Words | undefined;
  // With --json, help goes into the one JSON document instead of stdout.
  let helpText = "";
  let running: string | undefined;
  const repeated: Diagnostic[] = [];

  const program = buildProgram({
    lang, json, color, io,
    writeHelp: (s) => { if (!json) io.stdout.write(s); else helpText += s; },
    usageError: (message) => { usageError = message; },
    setOutcome: (o) => { outcome = o; },
    started: (name) => { running = name; },
    repeated: (flag, was, now) => { repeated.push(warning("W_FLAG_REPEATED", { file: "" }, { flag, was, now })); },
  });
  /**
   * A usage error: the JSON document with --json (its message Chinese, with messageEn under --lang en, as
   * every error's), otherwise a line on stderr (and where the usage is told, unless `help` is null).
   */
  const usage = (command: string, message: Words, help: string | null = null): number => {
    if (json) io.stdout.write(failureDocument(command, "E_USAGE", message.zh, lang === "en" ? message.en : undefined));
    else io.stderr.write(usageScreen(t(message.zh, message.en), lang, help));
    return EXIT.usage;
  };

  // `help` takes the name of one command or none, as its line in the help says: `help help` is the
  // program's help, a name piaojue does not know is left to commander (which suggests the nearest one),
  // and anything more is a usage error, as it is for every command.
  let args = [...argv];
  if (named === "help") {
    if (unknownOption !== undefined && unknownOption !== "-h" && unknownOption !== "--help") {
      // `help enter --second`: an option of the command asked about, not of help; its help lists it.
      const about = program.commands.find((c) => c.name() === operands[1]);
      if (about?.options.some((o) => o.long === unknownOption || o.short === unknownOption)) {
        return usage("help", {
          zh: `help 后面只写命令名，${unknownOption} 是 ${about.name()} 的选项`,
          en: `help takes only a command's name; ${unknownOption} is an option of ${about.name()}`,
        }, `piaojue help ${about.name()}`);
      }
      return usage("help", { zh: `未知的选项 ${unknownOption}`, en: `unknown option '${unknownOption}'` }, "piaojue --help");
    }
    if (operands.length > 2) return usage("help", { zh: "参数过多", en: "too many arguments for 'help'" }, "piaojue --help");
    const asked = operands[1];
    if (asked === "help") args = args.filter((_, i) => i !== operandAt[1]);
    else if (asked !== undefined && !program.commands.some((c) => c.name() === asked)) args = args.filter((_, i) => i !== operandAt[0]);
  }

  try {
    await program.parseAsync(args, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.version") {
        if (json) io.stdout.write(JSON.stringify({ ok: true, command: "version", schemaVersion: 1, data: { version: VERSION }, warnings: [] }, null, 2) + "\n");
        return EXIT.ok;
      }
      if (e.code === "commander.help" && e.exitCode !== 0) {
        // Help shown because no command was given (commander has already printed it to stderr): a usage error.
        return usage("piaojue", { zh: "缺少命令", en: "missing command" });
      }
      if (e.code === "commander.helpDisplayed" || e.code === "commander.help") {
        if (json) io.stdout.write(JSON.stringify({ ok: true, command: "help", schemaVersion: 1, data: { text: helpText || program.helpInformation() }, warnings: [] }, null, 2) + "\n");
        return EXIT.ok;
      }
      const said = usageError ?? (e instanceof UsageProblem ? { zh: e.zh, en: e.en } : { zh: translateCommanderError(e.message), en: e.message.replace(/^error: /, "") });
      // `tally -x` where a folder -x is there: the folder was meant, and is named so that it is no option.
      const meant = e.code === "commander.unknownOption" && unknownOption !== undefined
        && existsSync(path.resolve(io.cwd ?? process.cwd(), unknownOption)) ? unknownOption : undefined;
      const message = meant === undefined ? said : {
        zh: `${said.zh}（名字以 - 开头的文件夹请写成 ./${meant}）`,
        en: `${said.en} (write a folder whose name starts with - as ./${meant})`,
      };
      // A known command's option refused (--round ０, --as-of 2026-6): its own help tells its options.
      const known = named !== undefined && program.commands.some((c) => c.name() === named);
      return usage(named ?? "piaojue", message, known ? `piaojue ${named} --help` : "piaojue --help");
    }
    if (e instanceof InputError) {
      // A reader's refusal that a command did not collect is still the clerk's input, not a bug.
      const refused = failed(running ?? "piaojue", e.diagnostics, e.diagnostics.some((d) => d.code === "E_WRITE" || d.code === "E_WRITE_FILE" || d.code === "E_OUT_BUSY") ? { why: "write-failed" } : undefined);
      writeOutcome(refused, json, io.stdout, io.stderr, color, lang);
      return refused.exitCode;
    }
    const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
    const command = running ?? named ?? "piaojue";
    if (json) io.stdout.write(failureDocument(command, "E_INTERNAL", "内部错误", lang === "en" ? "internal error" : undefined));
    io.stderr.write(`${t("piaojue 内部错误，请把以下信息报告给维护者：", "piaojue internal error; please report the following to the maintainers:")}\n${message}\n`);
    return EXIT.internal;
  }
  if (!outcome) {
    if (json) io.stdout.write(failureDocument("piaojue", "E_USAGE", "缺少命令", lang === "en" ? "missing command" : undefined));
    else io.stderr.write(program.helpInformation());
    return EXIT.usage;
  }
  if (repeated.length > 0) outcome = { ...outcome, warnings: [...repeated, ...outcome.warnings] };
  writeOutcome(outcome, json, io.stdout, io.stderr, color, lang);
  return outcome.exitCode;
}
