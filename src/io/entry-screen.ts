// What the entry operator sees after every key: the ballot in hand in ballot order, the running totals,
// "已录入 n / 收回 m", the keys, and one line saying what just happened.
import {
  allEntered, countFields, overEntered, countedValid, entryMismatch, runningTotals, seqInHand, type CountColumn, type CountField,
  type CountState, type EntryDifference, type EntryMark, type EntrySetup, type EntryState, type Notice,
} from "../core/entry.js";
import type { VoidReason } from "../core/ballots.js";
import { ENTRY_MARK_LABELS, entryDifferenceText, VOID_REASON_LABELS } from "../messages/labels.js";
import type { Params } from "../core/diagnostics.js";
import { displayWidth, pad, wrapPhrases } from "./text-width.js";

/** The keys, in two lines: marks, then what to do with the ballot. */
function keyHelp(setup: Pick<EntrySetup, "ballot">): [string, string] {
  const marks = `1 赞成  ${setup.ballot === "approve-only" ? "" : "2 反对  3 弃权  "}0/空格 未划  4 无法辨认  * 整张作废`;
  return [marks, "Enter 确认  ⌫ 退一格  Esc 重录本张  - 撤销上一张  g 改第n张  r 改收回数  q 暂停退出"];
}

const VERDICT_NOTES: Record<VoidReason, string> = {
  "marked-void": "本票整张作废",
  unreadable: "有无法辨认的符号，按票决办法本票无效",
  "over-approval": "赞成超过限选数，按票决办法本票无效",
  blank: "空白票，按票决办法本票无效",
};

const n = (p: Params, key: string) => Number(p[key]);
const has = (p: Params, key: string) => p[key] !== undefined;
const which = (p: Params) => (n(p, "editing") === 1 ? `改第 ${n(p, "seq")} 张` : `第 ${n(p, "seq")} 张`);

/** What Enter refuses while more ballots are in than were returned, and what to do instead. */
const overEnteredText = (entered: number, returned: number) =>
  `已录入 ${entered} 张，多于收回的 ${returned} 张：按 - 撤销多录的票，或按 r 改正收回票数`;

/** The ballot in hand, typed but not confirmed, that a pause drops: a new one is typed again, a correction not made. */
export const droppedText = (seq: number, editing: boolean) => (editing
  ? `第 ${seq} 张的修改还没有确认，已舍弃，第 ${seq} 张仍是原来确认的内容。`
  : `第 ${seq} 张已录入但还没有确认（没有按 Enter），已舍弃，接着录入时从第 ${seq} 张重新录入。`);

/** The words of each notice of core/entry.ts, by key. */
const NOTICES: Record<string, (p: Params) => string> = {
  "paused-saved": (p) => `已暂停。${has(p, "seq") ? droppedText(n(p, "seq"), n(p, "editing") === 1) : ""}已确认的票都已保存，再次运行同一命令即可接着录入。`,
  "returned-unchanged": () => "收回票数未改",
  paused: () => "已暂停。",
  "returned-positive": () => "请输入收回的票数（正整数），再按 Enter",
  "returned-set": (p) => `${has(p, "issued") ? `注意：收回 ${n(p, "value")} 张多于发出 ${n(p, "issued")} 张，按规定本次票决无效。` : ""}`
    + `收回 ${n(p, "value")} 张。${has(p, "next") ? `请录入第 ${n(p, "next")} 张。` : ""}`
    + (has(p, "entered") ? overEnteredText(n(p, "entered"), n(p, "value")) : ""),
  "returned-digits": () => "请输入收回的票数（数字），再按 Enter",
  undone: (p) => {
    const [entered, returned] = [n(p, "entered"), n(p, "returned")];
    if (!has(p, "returned") || entered < returned) return `已撤销第 ${n(p, "seq")} 张，请重新录入这一张`;
    if (entered === returned) return `已撤销第 ${n(p, "seq")} 张。收回的 ${returned} 张已全部录入：按 Enter 完成本次录入`;
    return `已撤销第 ${n(p, "seq")} 张。已录入 ${entered} 张，仍多于收回的 ${returned} 张：再按 - 撤销多录的票，或按 r 改正收回票数`;
  },
  "not-undone": () => "未撤销",
  "not-edited": () => "未改票",
  "goto-range": (p) => `请输入 1–${n(p, "count")} 之间的票序号，再按 Enter`,
  editing: (p) => {
    const marks = p["marks"] as readonly EntryMark[];
    const was = n(p, "void") === 1 ? "作废" : marks.map((m) => ENTRY_MARK_LABELS[m]).join(" ");
    return `改第 ${n(p, "seq")} 张（原为：${was}）。请从第 1 项重新录入这张票，Esc 放弃修改`;
  },
  "goto-digits": () => "输入票序号（数字），Enter 确定，Esc 取消",
  corrected: (p) => `第 ${n(p, "seq")} 张已改正`,
  entered: (p) => {
    const left = n(p, "left");
    const next = left > 0 ? `，请录入第 ${n(p, "seq") + 1} 张` : left === 0 ? "。收回的票已全部录入，按 Enter 完成本次录入"
      : `。注意：已录入 ${n(p, "entered")} 张，多于收回的 ${n(p, "returned")} 张`;
    return `第 ${n(p, "seq")} 张已录入${next}`;
  },
  "review-void": (p) => `${which(p)}：整张作废。Enter 确认，⌫ 取消作废`,
  review: (p) => {
    const parts = [`赞成 ${n(p, "approve")}`];
    if (n(p, "approveOnly") !== 1) parts.push(`反对 ${n(p, "against")}`, `弃权 ${n(p, "abstain")}`);
    parts.push(`未划 ${n(p, "blank")}`);
    if (n(p, "unreadable") > 0) parts.push(`无法辨认 ${n(p, "unreadable")}`);
    const verdict = p["verdict"] as VoidReason | undefined;
    const limit = has(p, "limit") ? `（限选 ${n(p, "limit")} 个）` : "";
    const note = verdict ? `。注意：${VERDICT_NOTES[verdict]}${limit}` : "";
    return `${which(p)}：${parts.join("，")}${note}。核对无误按 Enter 确认，⌫ 修改最后一项`;
  },
  "void-cancelled": () => "已取消作废",
  "restart-ballot": () => "本张重新录入",
  "ballot-full": (p) => `${n(p, "void") === 1 ? "整张作废" : "本张已录满"}：Enter 确认，⌫ 修改，Esc 重录本张`,
  "all-entered-fix": (p) => `收回的 ${n(p, "returned")} 张已全部录入。Enter 完成；若收回票数有误按 r 修改`,
  "approve-only": () => "这张表决票只设赞成栏：1 赞成，0 或空格 未划",
  "all-entered": (p) => `收回的 ${n(p, "returned")} 张已全部录入`,
  "nothing-to-erase": () => "本张还没有录入；要撤销上一张请按 -",
  "edit-abandoned": (p) => `放弃修改第 ${n(p, "seq")} 张`,
  "busy-undo": () => "本张正在录入：先按 Esc 清空，再按 - 撤销上一张",
  "none-entered": () => "还没有录入任何票",
  "busy-goto": () => "本张正在录入：先按 Esc 清空，再按 g",
  "goto-ask": (p) => `改第几张？输入序号（1–${n(p, "count")}）后按 Enter，Esc 取消`,
  "busy-returned": () => "本张正在录入：先按 Esc 清空，再按 r",
  "returned-ask": (p) => `重新输入收回票数（现为 ${has(p, "returned") ? n(p, "returned") : "?"}），Enter 确定，Esc 取消`,
  "ballot-incomplete": (p) => `本张还差 ${n(p, "missing")} 项没有录入`,
  finished: (p) => `本次录入完成，共 ${n(p, "count")} 张`,
  "over-entered": (p) => overEnteredText(n(p, "entered"), n(p, "returned")),
  left: (p) => `还有 ${n(p, "left")} 张没有录入`,
  "not-a-key": (p) => {
    const ballot = n(p, "approveOnly") === 1 ? "approve-only" : "approve-against-abstain";
    return `“${String(p["key"])}”不是录入键。${keyHelp({ ballot })[0]}`;
  },
  "count-digits": () => "请输入数字，再按 Enter（Enter 不输入则保留原数）；⌫ 回到前一个数",
  "count-void-over": (p) => `无效票 ${n(p, "void")} 张多于收回的 ${n(p, "returned")} 张，请重新输入`,
  "count-line-sum": (p) => `${String(p["id"])} 的赞成、反对、弃权合计 ${n(p, "sum")}，应等于收回减无效 ${n(p, "valid")}：请对照计票单重新输入这一项`,
  "count-returned-over": (p) => `注意：收回 ${n(p, "returned")} 张多于发出 ${n(p, "issued")} 张，按规定本次票决无效。输错了的，按 ⌫ 回到收回票数改正`,
  "count-review": () => "计票单已全部录入：逐项核对，无误按 Enter 完成；⌫ 回到前一个数修改",
  "count-review-keys": () => "计票单已全部录入，这里不再输入数字：核对无误按 Enter 完成；要改哪一项，按 ⌫ 逐项回到那一项；q 暂停",
  "count-finished": () => "本次录入完成",
  "count-paused": () => "已暂停。已确认的数都已保存，再次运行同一命令即可接着录入。",
  // Lines the enter command composes when it resumes an entry (commands/enter.ts).
  resumed: (p) => (p["lines"] as readonly string[]).join(""),
};

/** The notice line in words; no notice is an empty line. */
export function noticeText(notice: Notice | null): string {
  if (!notice) return "";
  return NOTICES[notice.key]?.(notice.params ?? {}) ?? notice.key;
}

/** One difference between the two entries, in full, as the screen lists it. */
export function differenceText(d: EntryDifference): string {
  return entryDifferenceText(entryMismatch(d, "", 1).params);
}

const NAME_WIDTH = 28;
const RULE = "─".repeat(72);

/**
 * The name column on a terminal `size` wide: 28 columns on 80 (the rows are 72 wide), all the extra width
 * of a wider one, so that projects told apart only at the end of their names (一期, 二期) are.
 */
function nameWidth(size: ScreenSize | undefined): number {
  return Math.max(NAME_WIDTH, (size?.columns ?? 0) - 8 - (72 - NAME_WIDTH));
}

/**
 * A name cut to `width` columns in the middle, its start and its last few characters kept: names told
 * apart only at the end (……工程一期, ……工程二期) stay apart on an 80-column terminal too.
 */
function clip(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  const chars = [...s];
  let tail = "";
  for (let k = chars.length - 1; k >= 0 && displayWidth(chars[k]! + tail) <= Math.min(8, Math.floor(width / 3)); k--) tail = chars[k]! + tail;
  let head = "";
  for (const ch of chars) {
    if (displayWidth(head + ch) > width - 1 - displayWidth(tail)) break;
    head += ch;
  }
  return `${head}…${tail}`;
}

/** A line of fixed-width columns two spaces apart: [text, width, right-aligned]. */
function row(...cells: [string, number, boolean?][]): string {
  return cells.map(([text, width, right]) => pad(text, width, right)).join("  ");
}

const passTitle = (setup: EntrySetup) => (setup.pass === "first" ? "第一次录入" : "第二次录入（独立核对）");

/** The ballot entry screen's lines (every line without a size). */
export function entryScreen(state: EntryState, size?: ScreenSize): string[] {
  return drawEntry(state, size).lines;
}

/** The ballot entry screen, fitted to `size`, with the project rows where the clerk scrolled them. */
export function drawEntry(state: EntryState, size?: ScreenSize, scroll?: RowsScroll | null): Screen {
  const { setup } = state;
  const totals = runningTotals(setup, state.ballots);
  // 赞成, 反对 (where the ballot has the column) and 弃权, right-aligned.
  const figures = (approve: string | number, against: string | number, abstain: string | number) =>
    (setup.ballot === "approve-only" ? [approve, abstain] : [approve, against, abstain])
      .map((x): [string, number, boolean] => [String(x), 4, true]);
  const allIn = allEntered(state);
  const reasons = Object.entries(totals.voidByReason)
    .map(([k, v]) => `${VOID_REASON_LABELS[k as keyof typeof VOID_REASON_LABELS]} ${v}`).join("，");
  const limit = setup.maxApprovals !== null ? `　每票最多赞成 ${setup.maxApprovals} 个` : "";
  const [markKeys, actionKeys] = keyHelp(setup);
  const which = `${state.editing !== null ? "改" : ""}第 ${seqInHand(state)} 张`;
  // Once every ballot is in there is no ballot in hand to head the column (the next number is none).
  const markHead = state.mode === "returned" || state.mode === "goto" || state.mode === "undo" || allIn ? "" : which;
  const names = nameWidth(size);
  const rows = setup.lines.map((c, i) => {
    const mark = state.current[i];
    const cursor = state.mode === "marks" && !state.voidPending && i === state.current.length && !allIn;
    const cell = state.voidPending ? "（作废）" : mark ? ENTRY_MARK_LABELS[mark] : cursor ? "▶" : "";
    const t = totals.lines[i]!;
    return row([String(i + 1), 4, true], [c.id, 6], [clip(c.name, names), names], [cell, 10],
      ...figures(t.approve, t.against, t.abstain));
  });
  const issued = setup.issued !== null ? `（发出 ${setup.issued} 张）` : "";
  // Where not every project is on the screen, the prompt says how to see the others (and says no "上面").
  const prompt = (windowed: boolean): string => {
    const browse = windowed ? `（${browseKeys(rows.length)}）` : "";
    if (state.mode === "returned") return `收回票数${issued}：${state.input}▏ 输入后按 Enter`;
    if (state.mode === "goto") return `改第几张：${state.input}▏ 输入后按 Enter，Esc 取消`;
    if (state.mode === "undo") return `撤销第 ${state.ballots.length} 张？Enter 撤销，其他键取消`;
    if (state.voidPending && state.mode === "review") return `${which}整张作废：与纸质票一致按 Enter 确认`;
    if (state.mode === "review") {
      // (本张: within the 80 columns of a common terminal, with the scroll keys.)
      return windowed ? `本张已录满：核对“${which}”一栏${browse}，与纸质票一致按 Enter 确认`
        : `${which}已录满：核对上面的“${which}”一栏，与纸质票一致按 Enter 确认`;
    }
    if (overEntered(state)) return `${overEnteredText(state.ballots.length, state.returned!)}${browse}`;
    return allIn ? `收回的 ${state.returned} 张已全部录入：按 Enter 完成本次录入${browse}` : `${which}：请按唱票顺序逐项按键${browse}`;
  };
  // The line being typed. A full ballot has none: it is checked against the paper from its first line down.
  const typing = state.mode === "marks" && !state.voidPending && !allIn;
  return fitScreen({
    head: [
      [`${setup.title} · 第 ${setup.round} 轮 · ${passTitle(setup)}`, DROP.title],
      [`已录入 ${state.ballots.length} / 收回 ${state.returned ?? "?"}　有效 ${totals.valid}　无效 ${totals.void}`
        + `${reasons ? `（${reasons}）` : ""}${limit}${state.done ? "　【本次录入已完成】" : ""}`, DROP.never],
      [`录入键：${markKeys}`, DROP.keys],
      ...actionLines(actionKeys, size?.columns).map((l): ScreenLine => [l, DROP.keys]),
      [RULE, DROP.rules],
      [row(["序号", 4, true], ["编号", 6], ["项目名称", names], [markHead, 10], ...figures("赞成", "反对", "弃权")), DROP.heading],
    ],
    rows,
    cursor: typing ? Math.min(state.current.length, rows.length - 1) : null,
    foot: (windowed) => [[RULE, DROP.rules], [prompt(windowed), DROP.never], [noticeText(state.notice), DROP.never]],
  }, size, scroll);
}

/** The action keys' line, or two lines on a terminal too narrow for one (80 columns is common), split between keys. */
function actionLines(keys: string, columns: number | undefined): string[] {
  const line = `操作键：${keys}`;
  if (columns === undefined || displayWidth(line) <= columns) return [line];
  const each = keys.split("  ");
  const half = Math.ceil(each.length / 2);
  return [`操作键：${each.slice(0, half).join("  ")}`, `　　　　${each.slice(half).join("  ")}`];
}

/** The scroll keys, as a prompt says them. */
const browseKeys = (projects: number) => `↑↓ 翻看全部 ${projects} 项`;

/** The terminal the screen is drawn on: its height, and its width when known (a longer line wraps onto the next row). */
export interface ScreenSize {
  rows: number;
  columns?: number;
}

/** The project rows a screen shows when it cannot show them all: the first and the last shown (0-based), of how many. */
export interface ShownRows {
  first: number;
  last: number;
  total: number;
}

/** Where the clerk scrolled the project rows: the row to show first, or the row to show last. */
export type RowsScroll = { first: number } | { last: number };

/** A screen: its lines, and which project rows are in it when not all are. */
export interface Screen {
  lines: string[];
  shown: ShownRows | null;
}

/**
 * Where a scroll key takes the project rows of a screen showing `shown`: ↑ and ↓ by a row, PgUp and PgDn by
 * what the screen holds, Home and End to the first and last project. Null for a key that is no scroll key.
 */
export function scrollRows(shown: ShownRows, key: string): RowsScroll | null {
  switch (key) {
    case "up": return { first: shown.first - 1 };
    case "down": return { last: shown.last + 1 };
    case "pageup": return { last: shown.first - 1 };
    case "pagedown": return { first: shown.last + 1 };
    case "home": return { first: 0 };
    case "end": return { last: shown.total - 1 };
    default: return null;
  }
}

/** The keys that scroll the project rows: they change no mark and no figure, and never reach core/entry.ts. */
export const SCROLL_KEYS: ReadonlySet<string> = new Set(["up", "down", "pageup", "pagedown", "home", "end"]);

/** Which lines go, and in what order, when a terminal is too short for the screen: the keys' help first. */
const DROP = { never: 0, keys: 1, title: 2, rules: 3, heading: 4 } as const;
type ScreenLine = [text: string, drop: number];

/** The fewest project rows (with the ↑/↓ lines) a screen keeps before it drops the help, the title or the rules. */
const LEAST_WINDOW = 5;

interface ScreenParts {
  head: ScreenLine[];
  rows: string[];
  cursor: number | null;
  /** The lines below the projects, which may say how to scroll when the rows are `windowed`. */
  foot: (windowed: boolean) => ScreenLine[];
}

/**
 * A screen fitted to the terminal: the lines above and below the projects stay (the status line, what to
 * type, what just happened), and the project rows are shown in a window around the line being typed
 * (from the first without one, or where the clerk scrolled them), with how many are above and below it.
 * Where even that does not fit, the keys' help goes, then the title, the rules and the column heading.
 * Without a size (not a terminal) every line is given.
 */
function fitScreen(unwrapped: ScreenParts, size?: ScreenSize, scroll?: RowsScroll | null): Screen {
  // The words above and below the projects broken between phrases, where the terminal would cut anywhere
  // (the rules and the column heading are cut by the terminal, like the project rows).
  const wrap = (lines: ScreenLine[]): ScreenLine[] => (size?.columns
    ? lines.flatMap(([text, drop]): ScreenLine[] => (drop === DROP.rules || drop === DROP.heading ? [[text, drop]]
      : wrapPhrases(text, size.columns!).map((l) => [l, drop]))) : lines);
  const parts = { ...unwrapped, head: wrap(unwrapped.head), foot: (windowed: boolean) => wrap(unwrapped.foot(windowed)) };
  const whole = [...parts.head.map(([t]) => t), ...parts.rows, ...parts.foot(false).map(([t]) => t)];
  if (!size) return { lines: whole, shown: null };
  const height = (line: string) => (size.columns ? Math.max(1, Math.ceil(displayWidth(line) / size.columns)) : 1);
  // The newline after the last line moves the cursor below it: a screen of `rows` lines would scroll its top away.
  const budget = Math.max(1, size.rows - 1);
  const sum = (lines: readonly string[]) => lines.reduce((h, l) => h + height(l), 0);
  if (sum(whole) <= budget) return { lines: whole, shown: null };
  const windowed = layOut(parts, parts.foot(true), budget, height, scroll ?? null);
  // Dropping the help may have made room for every row after all: then there is nothing to scroll to.
  return windowed.shown ? windowed : layOut(parts, parts.foot(false), budget, height, null);
}

function layOut(
  parts: ScreenParts, foot: ScreenLine[], budget: number, height: (line: string) => number, scroll: RowsScroll | null,
): Screen {
  const sum = (lines: readonly string[]) => lines.reduce((h, l) => h + height(l), 0);
  let head = parts.head;
  const room = () => budget - sum(head.map(([t]) => t)) - sum(foot.map(([t]) => t));
  const least = Math.min(parts.rows.length, LEAST_WINDOW) * Math.max(1, ...parts.rows.map(height));
  for (let drop = 1; drop <= DROP.heading && room() < least; drop++) {
    [head, foot] = [head.filter(([, d]) => d !== drop), foot.filter(([, d]) => d !== drop)];
  }
  // The most project lines (rows and ↑/↓ lines) whose rows fit, at least the one being typed.
  const fitting = (lines: number) => projectWindow(parts.rows, parts.cursor, lines, scroll);
  let lines = Math.min(parts.rows.length, Math.max(1, room()));
  while (lines > 1 && sum(fitting(lines).lines) > room()) lines--;
  const window = fitting(lines);
  const shown = [...head.map(([t]) => t), ...window.lines, ...foot.map(([t]) => t)];
  // A terminal too short for even that keeps the lines from the top that fit.
  const fitted: string[] = [];
  for (const line of shown) {
    if (sum([...fitted, line]) > budget) break;
    fitted.push(line);
  }
  const all = window.first === 0 && window.last === parts.rows.length - 1;
  return { lines: fitted, shown: all ? null : { first: window.first, last: window.last, total: parts.rows.length } };
}

/**
 * At most `room` lines: the project rows around the cursor (the top ones without one), or as the clerk
 * scrolled them, and a line for those above and below.
 */
function projectWindow(
  rows: readonly string[], cursor: number | null, room: number, scroll: RowsScroll | null,
): { lines: string[]; first: number; last: number } {
  const n = rows.length;
  if (n <= room) return { lines: [...rows], first: 0, last: n - 1 };
  const clamp = (i: number) => Math.min(Math.max(0, i), n - 1);
  const at = clamp(scroll ? ("first" in scroll ? scroll.first : scroll.last) : cursor ?? 0);
  // From the top, or to the end, one line says what is hidden; in between, two do.
  const top = { first: 0, last: room - 2 };
  const end = { first: n - (room - 1), last: n - 1 };
  let range: { first: number; last: number };
  if (room < 3) range = { first: at, last: at };
  else if (scroll && "first" in scroll) {
    range = at === 0 ? top : at >= end.first ? end : { first: at, last: at + room - 3 };
  } else if (scroll) {
    range = at === n - 1 ? end : at <= top.last ? top : { first: at - (room - 3), last: at };
  } else if (at < room - 1) range = top;
  else if (at >= n - (room - 1)) range = end;
  else {
    const length = room - 2;
    const first = Math.min(Math.max(1, at - Math.floor((length - 1) / 2)), n - length - 1);
    range = { first, last: first + length - 1 };
  }
  const { first, last } = range;
  const lines = rows.slice(first, last + 1);
  if (room < 2) return { lines, first, last };
  if (room < 3) {
    // Two lines: the row, and the one line saying what is hidden below it (above it, at the end).
    return { lines: at === n - 1 ? [`↑ 还有 ${n - 1} 项`, ...lines] : [...lines, `↓ 还有 ${n - at - 1} 项`], first, last };
  }
  return {
    lines: [...(first > 0 ? [`↑ 还有 ${first} 项`] : []), ...lines, ...(last < n - 1 ? [`↓ 还有 ${n - 1 - last} 项`] : [])],
    first, last,
  };
}

const COUNT_LABELS: Record<CountColumn, string> = {
  returned: "收回票数", void: "无效票数", approve: "赞成", against: "反对", abstain: "弃权",
};

/** A figure of the count sheet by name: 收回票数, or "P03 赞成". */
export function countFieldLabel(setup: Pick<EntrySetup, "lines">, field: CountField): string {
  const label = COUNT_LABELS[field.column];
  return field.line === null ? label : `${setup.lines[field.line]!.id} ${label}`;
}

/** The count form's lines (every line without a size). */
export function countScreen(state: CountState, size?: ScreenSize): string[] {
  return drawCounts(state, size).lines;
}

/** The count form: 收回 and 无效, then a row per line with its columns; ▶ marks the figure being typed. */
export function drawCounts(state: CountState, size?: ScreenSize, scroll?: RowsScroll | null): Screen {
  const { setup, values } = state;
  const fields = countFields(setup);
  const current = fields[state.at];
  // Under the cursor, the figure already there shows until a digit replaces it (Enter keeps it).
  const cell = (f: CountField) =>
    (f === current ? `▶${state.input !== "" ? state.input : values[f.key] ?? ""}` : String(values[f.key] ?? ""));
  const valid = countedValid(values);
  const column = (text: string): [string, number, boolean] => [text, 8, true];
  const columns = fields.filter((f) => f.line === 0).map((f) => column(COUNT_LABELS[f.column]));
  const issued = setup.issued !== null ? `（发出 ${setup.issued} 张）` : "";
  const names = nameWidth(size);
  return fitScreen({
    head: [
      [`${setup.title} · 第 ${setup.round} 轮 · 手工计票结果 · ${passTitle(setup)}${state.done ? "　【本次录入已完成】" : ""}`, DROP.title],
      ["按计票单逐项输入数字，Enter 确认（不输入则保留原数）  ⌫ 删一位／回到前一个数  Esc 清空  q 暂停退出", DROP.keys],
      [RULE, DROP.rules],
      [`收回票数${issued}：${pad(cell(fields[0]!), 8)}  无效票数：${pad(cell(fields[1]!), 8)}`
        + `${valid !== null ? `  有效 ${valid}（每项${setup.ballot === "approve-only" ? "赞成＋弃权" : "赞成＋反对＋弃权"}应等于它）` : ""}`, DROP.never],
      [row(["编号", 6], ["项目名称", names], ...columns), DROP.heading],
    ],
    rows: setup.lines.map((c, i) => row([c.id, 6], [clip(c.name, names), names],
      ...fields.filter((f) => f.line === i).map((f) => column(cell(f))))),
    cursor: current?.line ?? null,
    foot: (windowed) => {
      const browse = windowed ? `（${browseKeys(setup.lines.length)}）` : "";
      const prompt = current ? `${countFieldLabel(setup, current)}：${state.input}▏ 输入后按 Enter${browse}`
        : windowed ? `已全部录入：逐项核对${browse}，无误按 Enter 完成` : "已全部录入：核对无误按 Enter 完成";
      return [[RULE, DROP.rules], [prompt, DROP.never], [noticeText(state.notice), DROP.never]];
    },
  }, size, scroll);
}
