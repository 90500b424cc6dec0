// piaojue check: session.json and candidates.csv against their schemas, the 差额 rule, completeness and
// sub-items (SPEC §3–§4). Writes nothing.
import { competitionParams } from "../core/candidates.js";
import { meetingFactWarnings } from "../core/decide.js";
import { error } from "../core/diagnostics.js";
import { competitionText } from "../messages/zh.js";
import { execute, type Plan } from "./execute.js";
import { readFolder, resolveDir, resolveOut, sessionAt } from "./load.js";
import { EXIT, failed, type CommandEnv, type Outcome } from "./outcome.js";
import { withNextCommands } from "./tally.js";

const ORDER_LABELS = { stroke: "按笔画", pinyin: "按拼音", "as-listed": "按清单顺序", random: "随机" } as const;
const ORDER_LABELS_EN = { stroke: "by stroke count", pinyin: "by pinyin", "as-listed": "as listed", random: "random" } as const;

export interface CheckData {
  candidates: number;
  lines: number;
  formal: number;
  /** `messageEn` beside the Chinese `message` under --lang en, as every message of the --json document has. */
  competition: { ok: boolean; required: number; message: string; messageEn?: string };
  incomplete: string[];
  order: string[];
}

export async function runCheck(opts: { dir?: string; out?: string | undefined }, env: CommandEnv): Promise<Outcome<CheckData>> {
  const dir = resolveDir(env, opts.dir);
  // Nothing is written, but a set a killed run left in out/ is finished first, as by every command.
  return execute(planCheck, {}, { dir, outDir: resolveOut(env, dir, opts.out), readsNothingThere: true }, env);
}

const planCheck: Plan<Record<string, never>, CheckData> = async (reader, _opts, { env, commandLine }) => {
  const loaded = await readFolder(reader);
  // The warnings found so far come with the errors: a short quorum is news even while a candidate is wrong.
  if (!loaded.value) return failed("check", withNextCommands([...loaded.diagnostics, ...(loaded.warnings ?? [])], commandLine), { why: "check-failed" });
  const f = loaded.value;
  const en = env.lang === "en";
  const competitionEn = `Competition rule (差额): ${f.competition.ok ? "met" : "not met"} (${f.competition.candidates} candidates for ${f.competition.formal} seats; at least ${f.competition.required} required)`;
  const data: CheckData = {
    candidates: f.candidates.all.filter((c) => c.parent === "").length,
    lines: f.lines.length,
    formal: f.rules.formal,
    competition: { ok: f.competition.ok, required: f.competition.required, message: competitionText(f.competition), ...(en ? { messageEn: competitionEn } : {}) },
    // The warning carries the candidate's id: no search of every candidate for each warning (quadratic).
    incomplete: f.warnings.filter((w) => w.code === "W_INCOMPLETE_CANDIDATE").map((w) => String(w.params["id"] ?? "")),
    order: f.lines.map((c) => c.id),
  };
  const report = en ? [
    `${f.session.title} (${f.session.date})`,
    `${data.candidates} ${data.candidates === 1 ? "candidate" : "candidates"}${f.rules.voteOn === "items" ? ` (voting on items: ${data.lines} lines on the ballot)` : ""}, ${data.formal} to select`,
    competitionEn,
    `Ballot order (${ORDER_LABELS_EN[f.rules.order]}${f.rules.order === "random" ? `, seed ${f.rules.seed}` : ""}): ${f.lines.map((c) => `${c.id} ${c.name}`).join("; ")}`,
  ] : [
    `${f.session.title}（${f.session.date}）`,
    `候选项目 ${data.candidates} 个${f.rules.voteOn === "items" ? `（按子项表决，表决票上 ${data.lines} 项）` : ""}，应选 ${data.formal} 个`,
    data.competition.message,
    `表决票顺序（${ORDER_LABELS[f.rules.order]}${f.rules.order === "random" ? `，种子 ${f.rules.seed}` : ""}）：${f.lines.map((c) => `${c.id} ${c.name}`).join("、")}`,
  ];
  // A warning's next command names this folder (and -o), as the clerk would type it from where check ran.
  const warnings = withNextCommands([...f.warnings, ...meetingFactWarnings(f.session, f.rules, (key) => sessionAt(f.source.positions, key))], commandLine);
  if (!f.competition.ok) {
    const d = error("E_COMPETITION", sessionAt(f.source.positions, "rules.formal"), { ...competitionParams(f.competition), printing: 0 });
    return { ...failed("check", [...warnings, d], { why: "check-failed" }), data, report };
  }
  // The reader's own notes on a workbook (other sheets, title rows) are among the warnings shown.
  const warned = warnings.length + reader.workbookWarnings.length;
  if (en) report.push(warned > 0 ? `Check passed, with ${warned} ${warned === 1 ? "warning" : "warnings"}` : "Check passed");
  else report.push(warned > 0 ? `检查通过，有 ${warned} 条提醒` : "检查通过");
  return { command: "check", exitCode: EXIT.ok, data, warnings, report };
};
