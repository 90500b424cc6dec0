// The result table a clerk reads on screen. With --lang en it is in English; the files in out/ stay
// Chinese whatever the language, since they are the session's official documents.
import { STATUS_LABELS, type Status, type TallyResult, type VoteVoidReason } from "../core/decide.js";
import { describeThreshold, VOTE_VOID_LABELS } from "../io/render/tally.js";
import type { LoadedFolder } from "./load.js";
import type { Lang } from "./outcome.js";
import { displayWidth, pad } from "../io/text-width.js";

export const STATUS_LABELS_EN: Record<Status, string> = {
  selected: "selected",
  "not-selected": "not selected",
  "below-threshold": "below threshold",
  tied: "tied — runoff pending",
};

const VOTE_VOID_LABELS_EN: Record<VoteVoidReason, string> = {
  "quorum-not-met": "fewer deputies present than the quorum",
  "more-returned-than-issued": "more ballots returned than issued",
};

const THRESHOLD_BASE_EN = { total: "all deputies", present: "deputies present", valid: "valid ballots" } as const;

function describeThresholdEn(result: Pick<TallyResult, "threshold">): string {
  const t = result.threshold;
  if (t.base === "none") return "no majority required";
  return `a majority of ${THRESHOLD_BASE_EN[t.base]} (${t.baseCount}): ${t.needed} votes`;
}


export function formatTable(header: string[], rows: string[][], numeric: boolean[]): string[] {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ""))));
  const line = (r: string[]) => r.map((c, i) => pad(c, widths[i]!, numeric[i])).join("  ").trimEnd();
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)];
}

export function resultReport(result: TallyResult, folder: LoadedFolder, outLabel: string, lang: Lang = "zh"): string[] {
  if (lang === "en") return resultReportEn(result, folder, outLabel);
  const out: string[] = [];
  out.push(`${folder.session.title}（${folder.session.date}）`);
  out.push(`应到 ${result.attendance.total}，实到 ${result.attendance.present}，法定人数 ${result.attendance.quorumNeeded}`);
  for (const r of result.rounds) out.push(`第 ${r.round} 轮：发出 ${r.issued}，收回 ${r.returned}，有效 ${r.valid}，无效 ${r.void}`);
  out.push(`当选条件：${describeThreshold(result)}；应选 ${result.formal} 个`);
  out.push("");
  out.push(...formatTable(
    ["名次", "编号", "项目名称", "赞成", "反对", "弃权", "赞成率", "结果", "轮次"],
    result.candidates.map((c) => [String(c.rank), c.id, c.name, String(c.approve), String(c.against), String(c.abstain), c.rate, STATUS_LABELS[c.status], String(c.round)]),
    [true, false, false, true, true, true, true, false, true],
  ));
  out.push("");
  if (!result.valid) out.push(`票决无效：${result.voidReasons.map((v) => VOTE_VOID_LABELS[v]).join("；")}`);
  else if (result.runoff) out.push(`尚未决定：须就 ${result.runoff.candidates.join("、")} 进行第 ${result.runoff.round} 轮票决（${result.runoff.reason === "tie" ? "得票相等" : "过半数项目不足"}），剩余名额 ${result.runoff.seats} 个。运行 piaojue runoff 生成决选票。`);
  else out.push(`当选正式项目 ${result.selected.length} 个：${result.selected.join("、")}`);
  out.push(`结果已写入 ${outLabel}`);
  return out;
}

function resultReportEn(result: TallyResult, folder: LoadedFolder, outLabel: string): string[] {
  const out: string[] = [];
  out.push(`${folder.session.title} (${folder.session.date})`);
  out.push(`Deputies: ${result.attendance.total} in total, ${result.attendance.present} present, quorum ${result.attendance.quorumNeeded}`);
  for (const r of result.rounds) out.push(`Round ${r.round}: ${r.issued} issued, ${r.returned} returned, ${r.valid} valid, ${r.void} void`);
  out.push(`To be selected: ${describeThresholdEn(result)}; ${result.formal} to select`);
  out.push("");
  out.push(...formatTable(
    ["Rank", "ID", "Project", "For", "Against", "Abstain", "Approval", "Result", "Round"],
    result.candidates.map((c) => [String(c.rank), c.id, c.name, String(c.approve), String(c.against), String(c.abstain), c.rate, STATUS_LABELS_EN[c.status], String(c.round)]),
    [true, false, false, true, true, true, true, false, true],
  ));
  out.push("");
  if (!result.valid) out.push(`The vote is void: ${result.voidReasons.map((v) => VOTE_VOID_LABELS_EN[v]).join("; ")}`);
  else if (result.runoff) {
    const r = result.runoff;
    out.push(`Not decided yet: round ${r.round} is needed for ${r.candidates.join(", ")} (${r.reason === "tie" ? "tied votes" : "too few projects with a majority"}); ${r.seats} ${r.seats === 1 ? "seat" : "seats"} left. Run piaojue runoff to make the runoff ballot.`);
  } else out.push(`${result.selected.length} ${result.selected.length === 1 ? "project" : "projects"} selected: ${result.selected.join(", ")}`);
  out.push(`Results written to ${outLabel} (the files are in Chinese: they are the official documents)`);
  return out;
}
