// What the entry operator sees after every key: the ballot in hand in ballot order, the running totals,
// "已录入 n / 收回 m", the keys, and one line saying what just happened.
import { ENTRY_MARK_LABELS, keyHelp, runningTotals, type EntryState } from "../core/entry.js";
import { VOID_REASON_LABELS } from "../core/ballots.js";
import { displayWidth, pad } from "../commands/report.js";

const NAME_WIDTH = 28;

function clip(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  let out = "";
  for (const ch of s) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return out + "…";
}

export function entryScreen(state: EntryState): string[] {
  const { setup } = state;
  const totals = runningTotals(setup, state.ballots);
  const approveOnly = setup.ballot === "approve-only";
  const out: string[] = [];
  out.push(`${setup.title} · 第 ${setup.round} 轮 · ${setup.pass === "first" ? "第一次录入" : "第二次录入（独立核对）"}`);
  const reasons = Object.entries(totals.voidByReason).map(([k, v]) => `${VOID_REASON_LABELS[k as keyof typeof VOID_REASON_LABELS]} ${v}`).join("，");
  out.push(`已录入 ${state.ballots.length} / 收回 ${state.returned ?? "?"}　有效 ${totals.valid}　无效 ${totals.void}${reasons ? `（${reasons}）` : ""}${setup.maxApprovals !== null ? `　每票最多赞成 ${setup.maxApprovals} 个` : ""}${state.done ? "　【本次录入已完成】" : ""}`);
  const [markKeys, actionKeys] = keyHelp(setup);
  out.push(`录入键：${markKeys}`, `操作键：${actionKeys}`);
  const rule = "─".repeat(72);
  out.push(rule);
  const which = state.editing !== null ? `改第 ${state.editing + 1} 张` : `第 ${state.ballots.length + 1} 张`;
  const markHead = state.mode === "returned" || state.mode === "goto" || state.mode === "undo" ? "" : which;
  out.push(`${pad("序号", 4, true)}  ${pad("编号", 6)}  ${pad("项目名称", NAME_WIDTH)}  ${pad(markHead, 10)}  ${pad("赞成", 4, true)}${approveOnly ? "" : `  ${pad("反对", 4, true)}`}  ${pad("弃权", 4, true)}`);
  setup.lines.forEach((c, i) => {
    const mark = state.current[i];
    const cursor = state.mode === "marks" && !state.voidPending && i === state.current.length && !(state.returned !== null && state.ballots.length >= state.returned && state.editing === null);
    const cell = state.voidPending ? "（作废）" : mark ? ENTRY_MARK_LABELS[mark] : cursor ? "▶" : "";
    const t = totals.lines[i]!;
    out.push(`${pad(String(i + 1), 4, true)}  ${pad(c.id, 6)}  ${pad(clip(c.name, NAME_WIDTH), NAME_WIDTH)}  ${pad(cell, 10)}  ${pad(String(t.approve), 4, true)}${approveOnly ? "" : `  ${pad(String(t.against), 4, true)}`}  ${pad(String(t.abstain), 4, true)}`);
  });
  out.push(rule);
  if (state.mode === "returned") out.push(`收回票数${setup.issued !== null ? `（发出 ${setup.issued} 张）` : ""}：${state.input}▏ 输入后按 Enter`);
  else if (state.mode === "goto") out.push(`改第几张：${state.input}▏ 输入后按 Enter，Esc 取消`);
  else if (state.mode === "undo") out.push(`撤销第 ${state.ballots.length} 张？Enter 撤销，其他键取消`);
  else if (state.mode === "review") out.push(state.voidPending ? `${which}整张作废：与纸质票一致按 Enter 确认` : `${which}已录满：核对上面的“${which}”一栏，与纸质票一致按 Enter 确认`);
  else out.push(state.returned !== null && state.ballots.length >= state.returned && state.editing === null ? `收回的 ${state.returned} 张已全部录入：按 Enter 完成本次录入` : `${which}：请按唱票顺序逐项按键`);
  out.push(state.notice);
  return out;
}
