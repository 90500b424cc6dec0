// The result table a clerk reads on screen. With --lang en it is in English; the files in out/ stay
// Chinese whatever the language, since they are the session's official documents.
import { STATUS_LABELS, type Runoff, type TallyResult, type VoteVoidReason } from "../core/decide.js";
import { describeRunoffRounds, describeThreshold, overIssuedRound, voteVoidLabels } from "../io/render/tally.js";
import type { PlanContext } from "./execute.js";
import type { LoadedFolder } from "./load.js";
import type { Lang } from "./outcome.js";
import { displayWidth, pad } from "../io/text-width.js";
import { voidReasonParts } from "../messages/labels.js";

const EN = {
  status: { selected: "selected", "not-selected": "not selected", "below-threshold": "below threshold",
    tied: "tied — runoff pending" },
  void: { "quorum-not-met": "fewer deputies present than the quorum",
    "more-returned-than-issued": "more ballots returned than issued" },
  base: { total: "all deputies", present: "deputies present", valid: "valid ballots" },
};

/**
 * Why the vote is void, in either language (in Chinese the words of the files); `overIssued`: the round
 * whose returned ballots outnumber its issued, named when it is not round 1.
 */
export function voteVoidText(reasons: readonly VoteVoidReason[], lang: Lang, overIssued: number | null = null): string {
  if (lang !== "en") return voteVoidLabels(reasons, overIssued);
  const later = overIssued !== null && overIssued > 1;
  return reasons.map((v) => EN.void[v] + (v === "more-returned-than-issued" && later ? ` in round ${overIssued}` : "")).join("; ");
}

/** Why another round is needed, in a few words. */
export function runoffReason(reason: Runoff["reason"], lang: Lang): string {
  if (lang === "en") return reason === "tie" ? "tied votes" : "too few projects with a majority";
  return reason === "tie" ? "得票相等" : "过半数项目不足";
}

/** A round's void ballots by reason, as summary.csv and the 公告 give them (a hand count has none to give). */
function voidWhy(r: TallyResult["rounds"][number], lang: Lang): string {
  const parts = voidReasonParts(r.voidByReason, lang);
  return parts.length === 0 ? "" : lang === "en" ? ` (${parts.join(", ")})` : `（${parts.join("，")}）`;
}

export function formatTable(header: string[], rows: string[][], numeric: boolean[]): string[] {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ""))));
  const line = (r: string[]) => r.map((c, i) => pad(c, widths[i]!, numeric[i])).join("  ").trimEnd();
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)];
}

/**
 * `laterRoundIn`: the runoff round's file is in the folder but `--round` stopped before it, so the next
 * step is counting it, not printing its ballot.
 */
export function resultReport(
  result: TallyResult, folder: LoadedFolder, ctx: Pick<PlanContext, "outLabel" | "commandLine">, lang: Lang = "zh", laterRoundIn = false,
): string[] {
  const { outLabel } = ctx;
  const en = lang === "en";
  const { attendance: a, threshold: t, runoff, selected } = result;
  const plural = (n: number, word: string) => `${n} ${n === 1 ? word : `${word}s`}`;
  const out = en ? [
    `${folder.session.title} (${folder.session.date})`,
    `Deputies: ${a.total} in total, ${a.present} present, quorum ${a.quorumNeeded}`,
    ...result.rounds.map((r) =>
      `Round ${r.round}: ${r.issued} issued, ${r.returned} returned, ${r.valid} valid, ${r.void} void${voidWhy(r, "en")}`),
    `To be selected: ${[t.base === "none" ? "no majority required"
      : `a majority of ${EN.base[t.base]} (${t.baseCount}): ${t.needed} votes`,
    ...result.rounds.slice(1).map((r) => r.needed === 0 ? `round ${r.round} (runoff): the most votes win`
      : `round ${r.round} (runoff): at least ${r.needed} votes (${folder.rules.runoffThreshold === "one-third" ? `one third of the ${r.returned} returned` : "round 1's majority"})`),
    ].join("; ")}; ${result.formal} to select`,
  ] : [
    `${folder.session.title}（${folder.session.date}）`,
    `应到 ${a.total}，实到 ${a.present}，法定人数 ${a.quorumNeeded}`,
    ...result.rounds.map((r) => `第 ${r.round} 轮：发出 ${r.issued}，收回 ${r.returned}，有效 ${r.valid}，无效 ${r.void}${voidWhy(r, "zh")}`),
    `当选条件：${[describeThreshold(result), ...describeRunoffRounds(result, folder.rules.runoffThreshold)].join("；")}；应选 ${result.formal} 个`,
  ];
  out.push("", ...formatTable(
    en ? ["Rank", "ID", "Project", "For", "Against", "Abstain", "Approval", "Result", "Round"]
    : ["名次", "编号", "项目名称", "赞成", "反对", "弃权", "赞成率", "结果", "轮次"],
    result.candidates.map((c) => [String(c.rank), c.id, c.name, String(c.approve), String(c.against),
      String(c.abstain), c.rate, (en ? EN.status : STATUS_LABELS)[c.status], String(c.round)]),
    [true, false, false, true, true, true, true, false, true],
  ), "");
  if (!result.valid) {
    out.push(`${en ? "The vote is void: " : "票决无效："}${voteVoidText(result.voidReasons, lang, overIssuedRound(result))}`);
  } else if (runoff && en) {
    const next = laterRoundIn
      ? `Round ${runoff.round}'s ballots are in the folder, and --round stopped before them: run ${ctx.commandLine("tally")} to count them.`
      : `Run ${ctx.commandLine("runoff")} to make the runoff ballot.`;
    out.push(`Not decided yet: round ${runoff.round} is needed for ${runoff.candidates.join(", ")} (${runoffReason(runoff.reason, lang)}); ` +
      `${plural(runoff.seats, "seat")} left. ${next}`);
  } else if (runoff) {
    const next = laterRoundIn
      ? `第 ${runoff.round} 轮的票已在文件夹中，本次按 --round 只计到第 ${runoff.round - 1} 轮；运行 ${ctx.commandLine("tally")} 计入第 ${runoff.round} 轮。`
      : `运行 ${ctx.commandLine("runoff")} 生成决选票。`;
    out.push(`尚未决定：须就 ${runoff.candidates.join("、")} 进行第 ${runoff.round} 轮票决（${runoffReason(runoff.reason, lang)}），`
      + `剩余名额 ${runoff.seats} 个。${next}`);
  } else {
    out.push(en ? `${plural(selected.length, "project")} selected: ${selected.join(", ")}`
      : `当选正式项目 ${selected.length} 个：${selected.join("、")}`);
  }
  out.push(en ? `Results written to ${outLabel} (the files are in Chinese: they are the official documents)`
    : `结果已写入 ${outLabel}`);
  return out;
}
