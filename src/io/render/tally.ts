// The files a tally writes (SPEC §7): results.csv, summary.csv, announcement.md and announcement.html.
import { markVocabulary, VOID_REASONS } from "../../core/ballots.js";
import { VOID_REASON_LABELS, voidReasonParts } from "../../messages/labels.js";
import { STATUS_LABELS, type TallyResult, type VoteVoidReason } from "../../core/decide.js";
import type { Session } from "../../core/session.js";
import type { Candidate, CandidateList } from "../../core/candidates.js";
import { ballotTree } from "../../core/order.js";
import { warning, type Diagnostic } from "../../core/diagnostics.js";
import { renderDiagnostic } from "../../messages/render.js";
import type { OutputTable } from "../csv.js";
import { chineseDate } from "../docx-write.js";
import { escapeHtml, escapeMarkdown, figuresWhole, lineMm, page, paginate, phrasesWhole, PT_MM, runningHeadCss, textEms, textLines } from "./html.js";

export const RESULTS_HEADER = ["名次", "编号", "项目名称", "赞成", "反对", "弃权", "赞成率", "结果", "轮次"] as const;

/** results.csv's table (SPEC §7). */
export function resultsTable(result: TallyResult): OutputTable {
  return { header: RESULTS_HEADER, rows: result.candidates.map((c) =>
    [c.rank, c.id, c.name, c.approve, c.against, c.abstain, c.rate, STATUS_LABELS[c.status], c.round]) };
}

const THRESHOLD_BASE_LABELS = { total: "全体代表", present: "出席代表", valid: "有效票", none: "不设过半数" } as const;

export function describeThreshold({ threshold: t }: Pick<TallyResult, "threshold">): string {
  return t.base === "none" ? "不设过半数要求" : `以${THRESHOLD_BASE_LABELS[t.base]} ${t.baseCount} 为基数，过半数为 ${t.needed} 票`;
}

/** How each runoff round counted was decided: its rule and the votes it needed (none under plurality). */
export function describeRunoffRounds(result: Pick<TallyResult, "rounds">, runoffThreshold: Session["rules"]["runoffThreshold"]): string[] {
  return result.rounds.slice(1).map((r) => r.needed === 0 ? `第 ${r.round} 轮决选得票多者当选`
    : `第 ${r.round} 轮决选须得 ${r.needed} 票${runoffThreshold === "one-third" ? `（收回票 ${r.returned} 张的三分之一）` : "（与第 1 轮过半数票数相同）"}`);
}

/** 当选条件 as the 公告 states it: round 1's threshold, then every runoff round's. */
function conditions(result: TallyResult, session: Session): string {
  return [describeThreshold(result), ...describeRunoffRounds(result, session.rules.runoffThreshold)].join("；");
}

const VOTE_VOID_LABELS = {
  "quorum-not-met": "出席代表不足法定人数",
  "more-returned-than-issued": "收回票数多于发出票数",
} as const;

/** The round whose returned ballots outnumber its issued (a later round's count can void the vote), or null. */
export function overIssuedRound(result: Pick<TallyResult, "rounds">): number | null {
  return result.rounds.find((r) => r.returned > r.issued)?.round ?? null;
}

/** Why the vote is void, as the files say it; a round past the first that voids it is named. */
export function voteVoidLabels(reasons: readonly VoteVoidReason[], overIssued: number | null): string {
  return reasons.map((v) => (v === "more-returned-than-issued" && overIssued !== null && overIssued > 1 ? `第 ${overIssued} 轮` : "") + VOTE_VOID_LABELS[v]).join("；");
}

const voidReasons = (result: TallyResult) => voteVoidLabels(result.voidReasons, overIssuedRound(result));

/** summary.csv's table: the contract's rows first, in its order; the rows it does not name follow them. */
export function summaryTable(result: TallyResult): OutputTable {
  const rows: [string, string | number][] = [];
  const round = (r: TallyResult["rounds"][number], p: string) => {
    rows.push([`${p}发出`, r.issued], [`${p}收回`, r.returned], [`${p}有效`, r.valid], [`${p}无效`, r.void]);
    // A hand count gives only the number of void ballots: each reason's row is there, empty (not known)
    // unless no ballot was void.
    const unknown = r.source === "counts" && r.void > 0;
    for (const why of VOID_REASONS) rows.push([`${p}无效（${VOID_REASON_LABELS[why]}）`, unknown ? "" : r.voidByReason[why] ?? 0]);
  };
  const { attendance: a } = result;
  rows.push(["应到", a.total], ["实到", a.present], ["法定人数", a.quorumNeeded]);
  round(result.rounds[0]!, "");
  rows.push(["过半数基数", result.threshold.baseCount], ["过半数票数", result.threshold.needed]);
  rows.push(["票决是否有效", result.valid ? "是" : "否"], ["正式项目数", result.selected.length]);
  if (!result.valid) rows.push(["无效原因", voidReasons(result)]);
  rows.push(["过半数基数口径", THRESHOLD_BASE_LABELS[result.threshold.base]], ["应选项目数", result.formal]);
  rows.push(["是否已确定", result.final ? "是" : result.valid ? `否（需第${result.runoff?.round ?? "?"}轮票决）` : "否"]);
  for (const r of result.rounds.slice(1)) {
    round(r, `第${r.round}轮`);
    rows.push([`第${r.round}轮所需赞成票`, r.needed]);
  }
  return { header: ["项目", "值"], rows };
}

/** The 公告's attendance and quorum sentence (SPEC §7), the same in every form of it. */
function attendanceLine({ attendance: a }: TallyResult): string {
  return `应到代表 ${a.total} 名，实到 ${a.present} 名，法定人数 ${a.quorumNeeded} 名，${a.present >= a.quorumNeeded ? "符合法定人数" : "不足法定人数"}。`;
}

function headline(result: TallyResult): string {
  const { runoff, selected, formal } = result;
  if (!result.valid) return `本次票决无效：${voidReasons(result)}。`;
  if (!result.final && runoff) {
    const why = runoff.reason === "tie" ? "得票相等" : "过半数的项目少于应选数";
    return `已确定 ${selected.length} 个正式项目；因${why}，须就 ${runoff.candidates.join("、")} ` +
      `进行第 ${runoff.round} 轮票决，决出剩余 ${runoff.seats} 个名额。`;
  }
  return `共确定 ${selected.length} 个正式项目${selected.length < formal ? `（应选 ${formal} 个）` : ""}。`;
}

function roundLine(r: TallyResult["rounds"][number]): string {
  const parts = voidReasonParts(r.voidByReason);
  return `第 ${r.round} 轮：发出 ${r.issued} 张，收回 ${r.returned} 张，有效 ${r.valid} 张，无效 ${r.void} 张` +
    (parts.length ? `（${parts.join("，")}）` : "");
}

/**
 * Notes about single ballots go on paper only as a count per round (the 公告 is public; which row of
 * ballots.csv held which mark is not): each code's count-only wording.
 */
const BALLOT_NOTE_COUNTS: Record<string, string | null> = {
  // Its count is the 公告's 赞成超过限选数 figure already: no sentence of its own, nowhere in out/.
  W_OVER_APPROVAL: null,
  W_EMPTY_ROW: "W_EMPTY_ROW_COUNT",
  W_EMPTY_ROW_OVER_APPROVAL: "W_EMPTY_ROW_OVER_APPROVAL_COUNT",
  W_VOID_CELL_NEGATIVE: "W_VOID_CELL_NEGATIVE_COUNT",
  W_UNREADABLE_MARK: "W_UNREADABLE_MARK_COUNT",
  W_UNREADABLE_AS_ABSTAIN: "W_UNREADABLE_AS_ABSTAIN_COUNT",
};

/** A note about a single ballot (its words name a line of the clerk's file): out/ gives only its count per round. */
export function isBallotNote(code: string): boolean {
  return code in BALLOT_NOTE_COUNTS || code === "W_MORE_NOTES";
}

/** A note about single ballots that only the terminal and --json give (no file in out/ counts it). */
export function isScreenOnlyNote(w: Diagnostic): boolean {
  const note = ballotNoteOccurrences(w);
  return note !== null && BALLOT_NOTE_COUNTS[note.code] === null;
}

/**
 * The note about single ballots a warning stands for, and how many times: once for a worded note, `more`
 * times for the W_MORE_NOTES that counts the notes of its kind left unworded. Null for any other warning.
 */
export function ballotNoteOccurrences(w: Diagnostic): { code: string; times: number } | null {
  if (w.code === "W_MORE_NOTES") return { code: String(w.params["kind"]), times: Number(w.params["more"] ?? 0) };
  return w.code in BALLOT_NOTE_COUNTS ? { code: w.code, times: 1 } : null;
}

/** Warnings about the vote as a whole, printed as the terminal words them. */
const VOTE_NOTES = new Set(["W_ISSUED_EXCEEDS_PRESENT", "W_COMPETITION", "W_SHORTFALL_ACCEPTED", "W_SEATS_UNFILLED",
  "W_COUNT_AGAINST", "W_COUNT_IMPOSSIBLE"]);

/**
 * The 公告 is an official Chinese page: a warning whose terminal wording names a session.json value for
 * the clerk (such as accept-fewer) is worded here by what the rule does.
 */
const PRINTED_NOTES: Record<string, (w: Diagnostic) => string> = {
  W_SHORTFALL_ACCEPTED: (w) => `过半数的项目只有 ${w.params["qualified"]} 个，少于应选数 ${w.params["formal"]}；` +
    `按票决办法，以过半数的 ${w.params["qualified"]} 个项目为正式项目，不再另行票决`,
};

/** A warning as a file in out/ words it: by what the rule does, never by a session.json value. */
export function printedNote(w: Diagnostic): string {
  return PRINTED_NOTES[w.code]?.(w) ?? renderDiagnostic(w).message;
}

/** The 说明 of the 公告: what a tally warned about that the clerk and the deputies must see, in Chinese. */
export function announcementNotes(warnings: readonly Diagnostic[]): string[] {
  const counted = new Map<string, { code: string; params: { round: number; count: number; as?: string; workbook?: number } }>();
  const notes: string[] = [];
  for (const w of warnings) {
    const note = ballotNoteOccurrences(w);
    const code = note && BALLOT_NOTE_COUNTS[note.code];
    if (note && code) {
      // The notes left unworded are counted with their kind: each sentence gives its kind's true total.
      const round = Number(/^(?:ballots|counts)-r(\d+)\./.exec(w.at.file)?.[1] ?? 1);
      // How an empty row was counted (rules.marks may make an empty cell 赞成 or 反对) goes on paper too.
      const as = w.params["as"] === undefined ? {} : { as: String(w.params["as"]) };
      const workbook = w.params["workbook"] === undefined ? {} : { workbook: 1 };
      const entry = counted.get(`${round} ${code}`) ?? { code, params: { round, count: 0, ...as, ...workbook } };
      entry.params.count += note.times;
      counted.set(`${round} ${code}`, entry);
    } else if (VOTE_NOTES.has(w.code)) {
      const text = printedNote(w);
      // A note on a hand count is about one round's count sheet: the 公告 names the round (the terminal, the file).
      const sheet = /^counts(?:-r(\d+))?\./.exec(w.at.file);
      notes.push(sheet ? `第 ${sheet[1] ?? 1} 轮：${text}` : text);
    }
  }
  const perBallot = [...counted.values()].sort((a, b) => a.params.round - b.params.round)
    .map(({ code, params }) => renderDiagnostic(warning(code, { file: "" }, params)).message);
  return [...new Set([...perBallot, ...notes])];
}

type Votes = { approve: number; against: number; abstain: number };

/**
 * The 公告's vote columns. An approve-only ballot has no 反对 (always 0): left out. Its 弃权 is every line
 * not approved, left unmarked on paper ("不赞成的不划"), so it is read out as 未划（弃权）; where rules.marks
 * makes an empty cell an approval, 弃权 is what was written, and keeps its name. results.csv keeps all three.
 */
function voteColumns(session: Session): { head: string; of: (v: Votes) => number }[] {
  const approve = { head: "赞成", of: (v: Votes) => v.approve };
  if (session.rules.ballot !== "approve-only") return [approve, { head: "反对", of: (v) => v.against }, { head: "弃权", of: (v) => v.abstain }];
  return [approve, { head: markVocabulary(session.rules)("") === "approve" ? "弃权" : "未划（弃权）", of: (v) => v.abstain }];
}

/**
 * A line's name as the 公告 prints it: with `voteOn: "items"` a sub-item is voted on alone, and its
 * parent (a heading on the ballot) is named beside it, so the 公告 reports it with its parent (SPEC §4).
 */
function lineName(list: CandidateList, id: string): string {
  const line = list.byId.get(id);
  const parent = line?.parent ? list.byId.get(line.parent) : undefined;
  return `${line?.name ?? id}${parent ? `（属 ${parent.id} ${parent.name}）` : ""}`;
}

/** Each candidate's sub-items in ballot order (the 公告 lists them as the ballot did). */
function subItems(list: CandidateList, session: Session): Map<string, Candidate[]> {
  return new Map(ballotTree(list, session.rules).map((t) => [t.top.id, t.subs]));
}

export function announcementMd(result: TallyResult, session: Session, list: CandidateList, options: AnnouncementOptions = {}): string {
  const out: string[] = [];
  const subs = subItems(list, session);
  const docNumber = options.docNumber?.trim() ?? "";
  const nameOf = (id: string) => escapeMarkdown(lineName(list, id));
  const numbered = (heading: string, items: readonly string[]) => {
    if (items.length > 0) out.push(heading, "", ...items.map((s, i) => `${i + 1}. ${s}`), "");
  };
  out.push(`# ${escapeMarkdown(session.title)}`, "", "## 民生实事项目票决结果公告", "");
  if (docNumber) out.push(escapeMarkdown(docNumber), "");
  // The date as the HTML and the Word 公告 print it (2026年1月15日), at the head and under the 落款.
  const date = escapeMarkdown(chineseDate(session.date));
  out.push(`会议日期：${date}`, "");
  out.push(attendanceLine(result), "");
  for (const r of result.rounds) out.push(`- ${roundLine(r)}`);
  out.push("", `当选条件：${conditions(result, session)}；应选 ${result.formal} 个。`, "");
  const votes = voteColumns(session);
  const voteCells = (v: Votes) => votes.map((col) => ` ${col.of(v)} |`).join("");
  out.push(`| 名次 | 编号 | 项目名称 |${votes.map((col) => ` ${col.head} |`).join("")} 赞成率 | 结果 | 轮次 |`, `|---:|---|---|${"---:|".repeat(votes.length)}---:|---|---:|`);
  for (const c of result.candidates) {
    out.push(`| ${c.rank} | ${escapeMarkdown(c.id)} | ${nameOf(c.id)} |${voteCells(c)} ${c.rate} | ${STATUS_LABELS[c.status]} | ${c.round} |`);
    for (const sub of subs.get(c.id) ?? []) {
      out.push(`|  | ${escapeMarkdown(sub.id)} | └ ${escapeMarkdown(sub.name)} |${"  |".repeat(votes.length + 3)}`);
    }
  }
  // A line decided in a later round shows that round's counts above; the counts that sent it on are here.
  for (const [k, r] of result.rounds.slice(0, -1).entries()) {
    const onward = new Set(result.rounds[k + 1]!.totals.map((t) => t.id));
    out.push("", `第 ${r.round} 轮中进入第 ${r.round + 1} 轮的项目在第 ${r.round} 轮的得票：`, "",
      `| 编号 | 项目名称 |${votes.map((col) => ` ${col.head} |`).join("")}`, `|---|---|${"---:|".repeat(votes.length)}`,
      ...r.totals.filter((t) => onward.has(t.id)).map((t) => `| ${escapeMarkdown(t.id)} | ${nameOf(t.id)} |${voteCells(t)}`));
  }
  out.push("", headline(result), "");
  numbered("### 正式项目", result.valid ? result.selected.map((id) => `${escapeMarkdown(id)} ${nameOf(id)}`) : []);
  numbered("### 说明", (options.notes ?? []).map((n) => escapeMarkdown(n)));
  out.push("总监票人（签名）：________________　　监票人（签名）：________________　________________", "");
  out.push(`${escapeMarkdown(session.title)}主席团`, "", date, "");
  return out.join("\n");
}

export interface AnnouncementOptions {
  /** The 文号 printed under the title, e.g. "新桥人大〔2026〕1号"; none when absent or blank. */
  docNumber?: string;
  /** The 说明: the tally's warnings as `announcementNotes` words them; none printed when empty. */
  notes?: readonly string[];
}

// The 公告's printable area: A4 less its 12 mm and 15 mm margins and the body's padding, in mm.
const PAGE_MM = 273;
const TEXT_WIDTH_MM = 178.8;
/** Kept free on each page for what the estimates below cannot know (a font with other metrics, rounding). */
const SLACK_MM = 6;
/** One bar's row, and what a chart block takes besides its bars: heading, the line's label, legend. */
const BAR_MM = 4.2;
const BLOCK_MM = 10.4 + 6.5 + 2 * lineMm(8.5) + 2;
/** Fewer bars than this are not begun at a page's foot: the block starts the next page. */
const LEAST_BARS = 8;

/**
 * Each panel's bars in blocks that each fill the room left on their page: the first the room after the
 * table (`roomMm`), the others a page each. A block is kept whole on its page; `newPage`: it was laid
 * out to begin one.
 */
function chartRuns<T>(panels: readonly (readonly T[])[], roomMm: number): { bars: T[]; newPage: boolean }[][] {
  let left = roomMm;
  const fits = () => Math.floor((left - SLACK_MM - BLOCK_MM) / BAR_MM);
  return panels.map((bars) => {
    const runs: { bars: T[]; newPage: boolean }[] = [];
    for (let at = 0; at < bars.length;) {
      const newPage = fits() < Math.min(bars.length - at, LEAST_BARS);
      if (newPage) left = PAGE_MM;
      const take = Math.max(1, Math.min(bars.length - at, fits()));
      runs.push({ bars: bars.slice(at, at + take), newPage });
      at += take;
      left -= BLOCK_MM + take * BAR_MM;
    }
    return runs;
  });
}

/**
 * The 赞成票 chart: one panel per round counted, each with every line voted on in that round and its
 * approve votes there, against that round's own line (round 1: 过半数; a runoff: its threshold, none
 * under plurality). A bar's colour says what became of it in that round: 当选, on to another round, or
 * neither; in the round that decided it, its bar shows the counts the table shows. All panels share one
 * scale. A panel is cut into blocks that fill the pages (chartRuns), each kept whole on its page with a
 * short heading of its own.
 */
function chartHtml(result: TallyResult, session: Session, roomMm: number): string {
  const { rounds } = result;
  const byId = new Map(result.candidates.map((c) => [c.id, c] as const));
  // The bars share one scale: the largest of the threshold base, the valid ballots and the approve counts.
  // Folded, not spread into Math.max: a vote with very many candidates would overflow the call stack.
  const maxBase = [...rounds.map((r) => r.valid), result.threshold.baseCount, ...rounds.flatMap((r) => r.totals.map((t) => t.approve))].reduce((a, b) => Math.max(a, b), 1);
  const pct = (n: number) => ((100 * n) / maxBase).toFixed(2);
  const idEms = result.candidates.reduce((most, c) => Math.max(most, [...c.id].length), -Infinity) * 0.6 + 0.4;
  // Over the line a short label; the legend says what a runoff's line is.
  const lineLabel = (round: number, needed: number) => (round === 1 ? `过半数 ${needed} 票` : `所需 ${needed} 票`);
  const legendLabel = (round: number, needed: number) => round === 1 ? `过半数线 ${needed} 票`
    : `第 ${round} 轮所需 ${needed} 票（${session.rules.runoffThreshold === "one-third" ? "收回票的三分之一" : "过半数"}）`;
  const bar = (classes: Set<string>, round: number, t: TallyResult["rounds"][number]["totals"][number], onward: boolean) => {
    const c = byId.get(t.id);
    // A line that stood in a later round went on from this one; the others were decided in it.
    const status = onward ? "onward" : c?.status ?? "not-selected";
    classes.add(status);
    return `<div class="bar-row" data-id="${escapeHtml(t.id)}" data-approve="${t.approve}" data-round="${round}"><span class="bar-label"><span class="bar-id">${escapeHtml(t.id)}</span><span class="bar-name">${escapeHtml(c?.name ?? t.id)}</span></span><span class="bar-track"><span class="bar ${status}" style="width:${pct(t.approve)}%"></span><span class="bar-value" style="left:${pct(t.approve)}%">${t.approve}</span></span></div>`;
  };
  // Most approve votes first; equal counts in the order of the round's ballot (a stable sort keeps it).
  const runs = chartRuns(rounds.map((r) => [...r.totals].sort((a, b) => b.approve - a.approve)), roomMm);
  // Each round's chart closes with its own legend: the colours of its bars, its line if it draws one.
  const legend = (classes: Set<string>, round: number, needed: number) => [
    classes.has("selected") ? `<span><i class="bar selected"></i>当选</span>` : "",
    // One colour, one swatch: on to a round counted, or tied and waiting for one.
    classes.has("onward") || classes.has("tied") ? `<span><i class="bar ${classes.has("onward") ? "onward" : "tied"}"></i>${
      [classes.has("onward") ? "进入下一轮票决" : "", classes.has("tied") ? "得票相等待再次票决" : ""].filter(Boolean).join("，或")}</span>` : "",
    classes.has("not-selected") || classes.has("below-threshold") ? `<span><i class="bar not-selected"></i>未当选</span>` : "",
    needed > 0 ? `<span><i class="dash"></i>${legendLabel(round, needed)}</span>` : "",
    `<span>满格 ${maxBase} 票</span>`,
  ].filter(Boolean).join("");
  return rounds.flatMap((r, k) => {
    const { round, needed } = r;
    const classes = new Set<string>();
    // The line sits on the bars' own scale: label column + (track width) × needed / maxBase.
    const line = needed > 0 ? `<div class="threshold" data-round="${round}" data-needed="${needed}" style="left:calc(var(--label) + (100% - var(--label) - var(--value)) * ${(needed / maxBase).toFixed(4)})"><span>${escapeHtml(lineLabel(round, needed))}</span></div>` : "";
    // A runoff without a threshold has no line: its heading says how it was decided instead.
    const which = rounds.length === 1 ? "" : round === 1 ? "第 1 轮" : `第 ${round} 轮决选${needed > 0 ? "" : "，得票多者当选"}`;
    // Lines that go on: those standing in the next round counted or, after the last, those a pending
    // shortfall runoff waits for (a pending tie keeps its own colour and label, 得票相等待再次票决).
    const pending = result.runoff?.reason === "shortfall" ? result.runoff.candidates : [];
    const next = new Set(rounds[k + 1]?.totals.map((t) => t.id) ?? pending);
    const blocks = runs[k]!.map(({ bars: run, newPage }, j) => {
      const title = j === 0 ? (which ? `赞成票（${which}）` : "赞成票") : `赞成票（${which ? `${which}，` : ""}续）`;
      return `<section class="chart-block${newPage ? " new-page" : ""}" data-round="${round}">\n<h2>${title}</h2>\n<div class="chart${line ? "" : " no-line"}" style="--id:${idEms.toFixed(1)}em">\n${run.map((t) => bar(classes, round, t, next.has(t.id))).join("\n")}\n${line}\n</div>`;
    });
    // The legend closes the round's last block, so it is never printed apart from the bars it explains.
    return blocks.map((b, i) => `${b}\n${i === blocks.length - 1 ? `<div class="legend">${legend(classes, round, needed)}</div>\n` : ""}</section>`);
  }).join("\n");
}

/**
 * Whether the 正式项目 list with the signatures under it may take more than a page once printed: such a
 * list is let break (its heading kept with it), so the signatures can take its last lines with them;
 * a shorter one moves whole. Over-estimated on purpose: a list let break when it would have fitted is
 * only split, while one kept whole that does not fit leaves the 落款 alone on a page.
 */
function selectedListIsLong(items: readonly string[], title: string): boolean {
  // Two columns of the 180 mm text width, 8 mm apart, each less its 6 mm of numbering.
  const lines = items.reduce((sum, item) => sum + textLines(item, 10.5, 80), 0);
  const listMm = 12 + Math.ceil(lines / 2) * lineMm(10.5);
  const signoffMm = 22 + textLines(`${title}主席团`, 10.5, 180) * lineMm(10.5);
  // A4 less the 公告's 12 mm margins is 273 mm; a good part of that is left for the estimate's slack.
  return listMm + signoffMm > 200;
}

/**
 * The room, in mm, left on the page where the 公告's table ends: the head's paragraphs (`head`: each at
 * its size in pt) and the table's rows estimated as Chromium lays them out, rows never split. Over- rather
 * than under-estimated: a chart block sized to less room than there is ends early, one sized to more
 * moves whole to the next page.
 */
function roomAfterTableMm(result: TallyResult, session: Session, list: CandidateList, subItemsOf: Map<string, Candidate[]>, head: readonly [string, number][]): number {
  const cs = result.candidates;
  // The narrow columns are as wide as their widest text (at 10 pt, 1.6 mm padding a side); the name takes the rest.
  const widthMm = (texts: readonly (string | number)[], least = 0) => Math.max(least, ...texts.map((t) => textEms(String(t)))) * 10 * PT_MM + 3.6;
  const narrowMm = widthMm(["名次", ...cs.map((c) => c.rank)]) + widthMm(["编号", ...cs.map((c) => c.id)])
    + voteColumns(session).reduce((sum, col) => sum + widthMm([col.head, ...cs.map((c) => c.approve + c.against + c.abstain)]), 0)
    + widthMm(["赞成率", ...cs.map((c) => c.rate)]) + widthMm(cs.map((c) => STATUS_LABELS[c.status]), 4.4) + widthMm(["轮次"]);
  const nameMm = TEXT_WIDTH_MM - narrowMm - 3.6;
  // A row: its lines, 0.4 mm padding above and below, and its border.
  const rowMm = (c: TallyResult["candidates"][number]) => 1.1 + textLines(lineName(list, c.id), 10, nameMm) * lineMm(10)
    + (subItemsOf.get(c.id) ?? []).reduce((sum, sub) => sum + textLines(`└ ${sub.id} ${sub.name}`, 9, nameMm) * lineMm(9), 0);
  const headMm = head.reduce((sum, [text, pt]) => sum + (text ? textLines(text, pt, TEXT_WIDTH_MM) * lineMm(pt) + 2 : 0), 0);
  const theadMm = lineMm(10) + 1.1;
  return PAGE_MM - paginate(cs, PAGE_MM, headMm + theadMm, theadMm, rowMm).used;
}

/** The printable 公告 with the result table and a bar chart of approve votes against the threshold line. */
export function announcementHtml(result: TallyResult, session: Session, list: CandidateList, options: AnnouncementOptions = {}): string {
  const date = chineseDate(session.date);
  const docNumber = options.docNumber?.trim() ?? "";
  const subItemsOf = subItems(list, session);
  // The head's sentences, printed below and measured for the room the chart has after the table.
  const attendance = attendanceLine(result);
  const condition = `当选条件：${conditions(result, session)}；应选 ${result.formal} 个。`;
  const rounds = result.rounds.map(roundLine);
  const votes = voteColumns(session);
  const rows = result.candidates.map((c) => {
    const subs = (subItemsOf.get(c.id) ?? []).map((s) => `<div class="sub">└ ${escapeHtml(s.id)} ${escapeHtml(s.name)}</div>`).join("");
    return `<tr class="${c.status}"><td class="num nw">${c.rank}</td><td class="nw">${escapeHtml(c.id)}</td><td class="name">${escapeHtml(lineName(list, c.id))}${subs}</td>${votes.map((col) => `<td class="num nw">${col.of(c)}</td>`).join("")}<td class="num nw">${c.rate}</td><td class="result">${STATUS_LABELS[c.status]}</td><td class="num nw">${c.round}</td></tr>`;
  }).join("\n");
  const selectedItems = result.valid ? result.selected.map((id) => `${id} ${lineName(list, id)}`) : [];
  const selected = selectedItems.length > 0
    ? `<div class="selected-block${selectedListIsLong(selectedItems.map((item, i) => `${i + 1}. ${item}`), session.title) ? " long" : ""}"><h2>正式项目</h2><ol class="selected">${selectedItems.map((item) => `<li>${escapeHtml(item)}</li>`).join("")}</ol></div>` : "";
  const css = `
@page { size: A4; margin: 12mm 15mm; }
body { line-height: 1.4; font-size: 10.5pt; }
h1 { margin-bottom: 2mm; }
h2 { font-size: 12pt; margin: 3mm 0 1.5mm; }
.sub { font-size: 9pt; color: #333; }
tr.selected td { font-weight: bold; }
.meta p { margin: 0.6mm 0; }
.headline { font-size: 12pt; font-weight: bold; margin: 2mm 0; }
table { font-size: 10pt; }
th, td { padding: 0.4mm 1.6mm; }
tr { break-inside: avoid; page-break-inside: avoid; }
/* Figures, 编号 and headers on one line; the name column takes the width left and wraps. */
.nw { white-space: nowrap; width: 1%; }
.result { white-space: nowrap; width: 1%; min-width: 4.4em; }
/* A chart block (heading, bars, line, legend) is never split: it moves whole to the next page. */
.chart-block { break-inside: avoid; page-break-inside: avoid; }
/* A block laid out to fill a page of its own begins one, though the one before it ended early. */
.chart-block.new-page { break-before: page; page-break-before: always; }
.chart { position: relative; margin: 5mm 0 1.5mm; --label: 30%; --value: 8%; }
.chart.no-line { margin-top: 2mm; }
.bar-row { display: flex; align-items: center; height: 4.2mm; }
/* The 编号 leads every label and is never cut off: two long names may begin alike, their 编号 do not. */
.bar-label { width: var(--label); font-size: 9pt; white-space: nowrap; display: flex; padding-right: 2mm; }
.bar-id { flex: none; min-width: var(--id); margin-right: 1mm; }
.bar-name { flex: 1 1 auto; min-width: 0; overflow: hidden; text-overflow: ellipsis; }
.bar-track { flex: 1; height: 3mm; position: relative; margin-right: var(--value); }
.bar { position: absolute; left: 0; top: 0; bottom: 0; background: #9aa9c0; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.bar.selected { background: #b3261e; }
.bar.tied, .bar.onward { background: #e0a100; }
/* The figure sits on white above the dashed line, so a bar ending near the line keeps a readable number. */
.bar-value { position: absolute; z-index: 2; top: 50%; transform: translateY(-50%); margin-left: 0.6mm; padding: 0.3mm 0.6mm; font-size: 8.5pt; line-height: 1; background: #fff; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.threshold { position: absolute; z-index: 1; top: -1mm; bottom: -1mm; border-left: 0.5mm dashed #000; }
.threshold span { position: absolute; top: -4.5mm; left: 0; transform: translateX(-50%); font-size: 8pt; white-space: nowrap; }
.legend { font-size: 8.5pt; display: flex; flex-wrap: wrap; gap: 1mm 5mm; margin: 0 0 2mm 30%; padding-left: 0; }
.legend span { display: inline-flex; align-items: center; gap: 1mm; }
.legend i.bar { position: static; display: inline-block; width: 4mm; height: 3mm; }
.legend i.dash { display: inline-block; width: 0; height: 3.5mm; border-left: 0.5mm dashed #000; }
/* The heading 正式项目 is never left at the foot of a page without its list; a list that fits a page moves
   whole, a longer one breaks between its lines. */
.selected-block { break-inside: avoid; page-break-inside: avoid; }
.selected-block.long { break-inside: auto; page-break-inside: auto; }
.selected-block h2 { break-after: avoid; page-break-after: avoid; }
ol.selected { columns: 2; column-gap: 8mm; margin: 0; padding-left: 6mm; }
ol.selected li { break-inside: avoid; }
/* The 说明 in small type and the spacing tight, so a usual session's 公告 with its 文号 stays on one page. */
.notes { font-size: 9pt; margin: 1.5mm 0 0; break-inside: avoid; }
.notes p { margin: 0; }
.notes ol { margin: 0; padding-left: 6mm; }
.doc-no { text-align: center; margin: -1mm 0 3mm; font-size: 10.5pt; }
/* The signature lines and the presidium's 落款 are one block: a page never holds the 落款 alone. Nor does
   the block stand alone at the head of a page: what it follows (正式项目, or the 说明) moves with it. */
.signoff { break-inside: avoid; page-break-inside: avoid; break-before: avoid; page-break-before: avoid; }
/* The date and the word 主席团 are never broken over two lines, however long the session's title. */
.whole { white-space: nowrap; }
.sign { margin-top: 2.5mm; display: flex; justify-content: space-between; }
.sign div { width: 31%; border-bottom: 1px solid #000; padding-top: 5mm; white-space: nowrap; }
.closing { margin: 3.5mm 0 0 auto; width: fit-content; text-align: center; }
.closing p { margin: 0.5mm 0; }
/* On screen the page stands on a grey desk with its own margins, as it will on paper. */
@media screen {
  html { background: #e6e6e6; }
  body { background: #fff; width: 210mm; min-height: 297mm; margin: 6mm auto; padding: 12mm 15mm; box-shadow: 0 0 2mm rgba(0,0,0,0.3); }
}
`;
  const body = `
<h1>民生实事项目票决结果公告</h1>
${docNumber ? `<p class="doc-no">${escapeHtml(docNumber)}</p>` : ""}
<div class="meta">
<p>${escapeHtml(session.title)}<span class="whole">（${escapeHtml(date)}）</span>。${figuresWhole(attendance)}</p>
${rounds.map((line) => `<p>${figuresWhole(phrasesWhole(escapeHtml(line), Object.values(VOID_REASON_LABELS)))}</p>`).join("\n")}
<p>${figuresWhole(escapeHtml(condition))}</p>
</div>
<p class="headline">${figuresWhole(escapeHtml(headline(result)))}</p>
<table>
<thead><tr><th class="nw">名次</th><th class="nw">编号</th><th>项目名称</th>${votes.map((col) => `<th class="nw">${col.head}</th>`).join("")}<th class="nw">赞成率</th><th class="result">结果</th><th class="nw">轮次</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${chartHtml(result, session, roomAfterTableMm(result, session, list, subItemsOf, [["民生实事项目票决结果公告", 18], [docNumber, 10.5],
  [`${session.title}（${date}）。${attendance}`, 10.5], ...rounds.map((line) => [line, 10.5] as [string, number]), [condition, 10.5], [headline(result), 12]]))}
${selected}
${options.notes && options.notes.length > 0 ? `<div class="notes"><p>说明：</p><ol>${options.notes.map((n) => `<li>${figuresWhole(escapeHtml(n))}</li>`).join("")}</ol></div>` : ""}
<div class="signoff">
<div class="sign"><div>总监票人（签名）：</div><div>监票人（签名）：</div><div>监票人（签名）：</div></div>
<div class="closing"><p class="presidium">${escapeHtml(session.title)}<span class="whole">主席团</span></p><p class="closing-date">${escapeHtml(date)}</p></div>
</div>
`;
  const pageTitle = `${session.title} 票决结果公告`;
  return page(pageTitle, css + runningHeadCss(pageTitle), body);
}
