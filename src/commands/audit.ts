// piaojue audit: proves out/ against the inputs, from out/audit.json and out/SHA256SUMS, with four numbered
// checks: 1 the inputs are unchanged since each command read them, 2 the outputs are unchanged since they
// were written, 3 a recount from today's inputs gives the same files byte for byte, 4 SHA256SUMS says what
// audit.json says. Changes nothing: a tally is recounted in memory; another command (runoff, ballot,
// evaluate) is run again in a temporary copy of exactly the inputs it recorded, deleted afterwards.
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { error, errorText, placeOf, warning, type Diagnostic } from "../core/diagnostics.js";
import { renderDiagnostic } from "../messages/render.js";
import { parseJsonSource } from "../core/json-source.js";
import { schemaDiagnostics } from "../core/session.js";
import { AUDIT_FILE, auditSchema, currentIcu, SUMS_FILE, sumsText, type AuditDocument, type CommandRecord } from "../io/audit-trail.js";
import type { EncodingChoice } from "../io/encoding.js";
import { sha256 } from "../io/digest.js";
import { pendingWrites } from "../io/files.js";
import { runBallot } from "./ballot.js";
import { runEvaluate } from "./evaluate.js";
import { runProgress } from "./progress.js";
import { parseAsOf } from "../core/progress.js";
import { displayPath, loadFolder, resolveDir, resolveOut } from "./load.js";
import { EXIT, failed, type CommandEnv, type Outcome } from "./outcome.js";
import { runRunoff } from "./runoff.js";
import { computeTally, tallyFiles } from "./tally.js";

export const AUDIT_CHECKS = [
  { number: 1, name: "inputs-unchanged", title: "输入文件自读取后未改变" },
  { number: 2, name: "outputs-unchanged", title: "输出文件自写出后未被改动" },
  { number: 3, name: "recount-equal", title: "由输入重新计算，结果与 out/ 中的文件逐字节相同" },
  { number: 4, name: "sums-consistent", title: "SHA256SUMS 与 audit.json 一致" },
] as const;

export interface AuditCheck {
  number: number;
  name: string;
  title: string;
  ok: boolean;
  /** How many files (or lines) were compared. */
  checked: number;
  problems: { code: string; file: string; line: number; column: number; message: string }[];
  /** What was not recomputed, and why (check 3). */
  notes: string[];
}

export interface AuditData {
  ok: boolean;
  session: string;
  out: string;
  commands: { command: string; generatedAt: string; toolVersion: string; options: Record<string, unknown> | null; recount: "in-memory" | "rerun" | "none" }[];
  checks: AuditCheck[];
}

/** Other commands are recomputed by running them again on a copy of exactly the inputs they recorded. */
const RERUNS: { match: RegExp; run: (m: RegExpExecArray, dir: string, out: string, env: CommandEnv, record: CommandRecord) => Promise<Outcome> }[] = [
  { match: /^runoff-r\d+$/, run: (_m, dir, out, env) => runRunoff({ dir, out }, env) },
  { match: /^ballot(?:-r(\d+))?$/, run: (m, dir, out, env) => runBallot({ dir, out, ...(m[1] ? { round: Number(m[1]) } : {}) }, env) },
  { match: /^evaluate$/, run: (_m, dir, out, env) => runEvaluate({ dir, out }, env) },
  { match: /^progress$/, run: (_m, dir, out, env, record) => { const asOf = typeof record.options?.asOf === "string" ? parseAsOf(record.options.asOf) : null; return runProgress({ dir, out, ...(asOf !== null ? { asOf } : {}) }, env); } },
];

type FileState = { kind: "ok"; hash: string; bytes: Buffer } | { kind: "missing" } | { kind: "not-a-file" };

async function readState(file: string): Promise<FileState> {
  try {
    const info = await fs.stat(file);
    if (!info.isFile()) return { kind: "not-a-file" };
    const bytes = await fs.readFile(file);
    return { kind: "ok", hash: sha256(bytes), bytes };
  } catch {
    return { kind: "missing" };
  }
}

/** Line and column in `actual` where it first differs from `expected` (both read as UTF-8). */
export function firstDifference(expected: Uint8Array, actual: Uint8Array): { line: number; column: number } {
  const a = Buffer.from(expected).toString("utf8").split("\n");
  const b = Buffer.from(actual).toString("utf8").split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? "";
    const y = b[i] ?? "";
    if (x === y && i < a.length && i < b.length) continue;
    let c = 0;
    while (c < x.length && c < y.length && x[c] === y[c]) c++;
    return { line: i + 1, column: c + 1 };
  }
  return { line: 1, column: 1 };
}

function problem(code: string, file: string, message: string, at: { line: number; column: number } = { line: 0, column: 0 }) {
  return { code, file, line: at.line, column: at.column, message };
}

export async function runAudit(opts: { dir?: string; out?: string }, env: CommandEnv): Promise<Outcome<AuditData>> {
  const dir = resolveDir(env, opts.dir);
  const outDir = resolveOut(env, dir, opts.out);
  const rel = (p: string) => path.relative(dir, p).split(path.sep).join("/");
  const auditLabel = rel(path.join(outDir, AUDIT_FILE));
  const sumsLabel = rel(path.join(outDir, SUMS_FILE));

  // audit.json is an input here, and as hostile as any other: parsed with positions, checked by a schema.
  let auditText: string;
  try {
    auditText = await fs.readFile(path.join(outDir, AUDIT_FILE), "utf8");
  } catch {
    return failed("audit", [error("E_AUDIT_MISSING", { file: auditLabel })], { why: "audit-not-run" });
  }
  const parsed = parseJsonSource(auditText, auditLabel);
  if (!parsed.source) return failed("audit", parsed.diagnostics, { why: "audit-unreadable" });
  const checked = auditSchema.safeParse(parsed.source.value);
  if (!checked.success) return failed("audit", schemaDiagnostics(checked.error.issues, parsed.source, auditLabel, "E_AUDIT_SCHEMA"), { why: "audit-malformed" });
  const doc = checked.data as AuditDocument;
  const records = Object.entries(doc.commands).sort(([a], [b]) => (a < b ? -1 : 1)) as [string, CommandRecord][];
  const warnings: Diagnostic[] = [];
  for (const [name, r] of records) {
    if (r.toolVersion !== env.version) {
      warnings.push(warning("W_AUDIT_VERSION", { file: auditLabel }, { name, written: r.toolVersion, running: env.version }));
    }
  }

  // Check 3 first: the recount also tells which inputs a tally would read today (a round file added since).
  const recount: AuditCheck = { ...AUDIT_CHECKS[2], ok: true, checked: 0, problems: [], notes: [] };
  const readNow = new Map<string, Set<string>>();
  const recountKind = new Map<string, AuditData["commands"][number]["recount"]>();
  for (const [name, record] of records) {
    const encoding = (["auto", "utf8", "gb18030"] as const).find((e) => e === record.options?.encoding) ?? "auto";
    const runEnv: CommandEnv = { ...env, encoding, now: () => new Date(record.generatedAt) };
    if (name === "tally") {
      recountKind.set(name, "in-memory");
      await recountTally(dir, outDir, record, runEnv.encoding, recount, readNow, rel);
      continue;
    }
    const rerun = RERUNS.map((r) => ({ r, m: r.match.exec(name) })).find((x) => x.m);
    if (!rerun || !rerun.m) {
      recountKind.set(name, "none");
      recount.notes.push(`${name}：不能重算，只核对哈希（第 1、2 项）`);
      continue;
    }
    recountKind.set(name, "rerun");
    await rerunInCopy(name, record, dir, outDir, runEnv, (d, o) => rerun.r.run(rerun.m!, d, o, runEnv, record), recount, rel);
  }
  recount.ok = recount.problems.length === 0;

  const inputs: AuditCheck = { ...AUDIT_CHECKS[0], ok: true, checked: 0, problems: [], notes: [] };
  const outputs: AuditCheck = { ...AUDIT_CHECKS[1], ok: true, checked: 0, problems: [], notes: [] };
  for (const [kind, check] of [["inputs", inputs], ["outputs", outputs]] as const) {
    // One file listed by several commands with the same hash is checked once and named with all of them.
    const seen = new Map<string, string[]>();
    for (const [name, record] of records) {
      for (const [p, hash] of Object.entries(record[kind])) {
        const key = `${p}\n${hash}`;
        seen.set(key, [...(seen.get(key) ?? []), name]);
      }
    }
    for (const [key, by] of seen) {
      const [p, hash] = key.split("\n") as [string, string];
      check.checked++;
      const state = await readState(path.resolve(dir, p));
      const who = by.join("、");
      const verb = kind === "inputs" ? "读取" : "写出";
      if (state.kind === "missing") check.problems.push(problem(kind === "inputs" ? "E_AUDIT_INPUT_MISSING" : "E_AUDIT_OUTPUT_MISSING", p, `${who} ${verb}过的文件现在不存在`));
      else if (state.kind === "not-a-file") check.problems.push(problem(kind === "inputs" ? "E_AUDIT_INPUT_CHANGED" : "E_AUDIT_OUTPUT_CHANGED", p, `${who} ${verb}过的文件现在不是普通文件`));
      else if (state.hash !== hash) {
        check.problems.push(problem(kind === "inputs" ? "E_AUDIT_INPUT_CHANGED" : "E_AUDIT_OUTPUT_CHANGED", p,
          kind === "inputs" ? `自 ${who} 读取以来已被改动（SHA-256 ${hash.slice(0, 12)}… → ${state.hash.slice(0, 12)}…）` : `自 ${who} 写出以来已被改动（SHA-256 ${hash.slice(0, 12)}… → ${state.hash.slice(0, 12)}…）`));
      }
    }
  }
  const tally = doc.commands["tally"];
  const nowRead = readNow.get("tally");
  if (tally && nowRead) {
    for (const p of nowRead) {
      if (!(p in tally.inputs)) inputs.problems.push(problem("E_AUDIT_INPUT_ADDED", p, "计票时没有这个文件，现在计票会读取它"));
    }
  }
  for (const n of await pendingWrites(outDir)) {
    outputs.problems.push(problem("E_AUDIT_PENDING_WRITE", rel(path.join(outDir, n)), "上次写出没有完成（进程被中断）", { line: 0, column: 0 }));
  }
  inputs.ok = inputs.problems.length === 0;
  outputs.ok = outputs.problems.length === 0;

  const sums: AuditCheck = { ...AUDIT_CHECKS[3], ok: true, checked: 0, problems: [], notes: [] };
  await checkSums(path.join(outDir, SUMS_FILE), sumsLabel, doc, sums);

  const checks = [inputs, outputs, recount, sums];
  const ok = checks.every((c) => c.ok);
  const data: AuditData = {
    ok,
    session: displayPath(env, dir),
    out: displayPath(env, outDir),
    commands: records.map(([name, r]) => ({ command: name, generatedAt: r.generatedAt, toolVersion: r.toolVersion, options: r.options ?? null, recount: recountKind.get(name) ?? "none" })),
    checks,
  };
  const report = auditReport(data, records);
  if (ok) return { command: "audit", exitCode: EXIT.ok, data, warnings, report };
  const diagnostics = checks.flatMap((c) => c.problems.map((p) => errorText(p.code, { file: p.file, line: p.line, column: p.column }, `第 ${c.number} 项未通过：${p.message}`)));
  const failedChecks = checks.filter((c) => !c.ok).map((c) => `第 ${c.number} 项（${c.title}）`);
  return {
    command: "audit",
    exitCode: EXIT.invalid,
    data,
    warnings,
    error: { code: diagnostics[0]?.code ?? "E_AUDIT", message: `核查未通过：${failedChecks.join("；")}`, diagnostics: [...diagnostics, ...warnings] },
    report,
  };
}

/** Recount of a tally in memory, from the inputs as they are now, with the options it was run with. */
async function recountTally(dir: string, outDir: string, record: CommandRecord, encoding: EncodingChoice, check: AuditCheck, readNow: Map<string, Set<string>>, rel: (p: string) => string): Promise<void> {
  const loaded = await loadFolder(dir, encoding);
  const round = typeof record.options?.round === "number" ? record.options.round : undefined;
  const computed = loaded.value ? await computeTally(loaded.value, round) : undefined;
  if (loaded.value) readNow.set("tally", new Set([...loaded.value.reader.inputs.keys()].map((n) => rel(path.join(dir, n)))));
  const errors = [...loaded.diagnostics, ...(computed?.diagnostics ?? [])].filter((d) => d.severity === "error");
  if (!loaded.value || !computed?.result || errors.length > 0) {
    const first = errors[0];
    check.problems.push(problem("E_AUDIT_RECOUNT_FAILED", first?.file ?? "tally", `现在的输入无法重新计票${first ? `：${placeOf(first)} ${first.code} ${renderDiagnostic(first).message}` : ""}`, first ? { line: first.line, column: first.column } : undefined));
    return;
  }
  if (record.rules !== undefined && JSON.stringify(record.rules) !== JSON.stringify(loaded.value.session.rules)) {
    check.problems.push(problem("E_AUDIT_RULES_CHANGED", "session.json", "现在的票决规则与计票时记录的不同"));
  }
  for (const f of tallyFiles(computed.result, loaded.value)) {
    await compareFile(Buffer.from(f.content), path.join(outDir, f.name), "tally", check, rel, icuNote(record));
  }
}

/**
 * Said beside a differing recount when the command ran on another ICU: stroke and pinyin order follow the
 * ICU's collation, which a newer version may change, so the order of names can differ between machines.
 */
function icuNote(record: CommandRecord): string {
  const now = currentIcu();
  if (!record.icu || record.icu.version === now?.version) return "";
  return `；写出时 Node 的 ICU 是 ${record.icu.version}，现在是 ${now?.version ?? "无"}，笔画或拼音排序可能因此不同`;
}

async function compareFile(expected: Buffer, file: string, by: string, check: AuditCheck, rel: (p: string) => string, note = ""): Promise<void> {
  check.checked++;
  const state = await readState(file);
  if (state.kind !== "ok") {
    check.problems.push(problem("E_AUDIT_RECOUNT_DIFFERS", rel(file), `重新计算（${by}）得出这个文件，但 out/ 中没有${note}`));
  } else if (!state.bytes.equals(expected)) {
    const at = firstDifference(expected, state.bytes);
    check.problems.push(problem("E_AUDIT_RECOUNT_DIFFERS", rel(file), `与重新计算（${by}）的结果不同，从第 ${at.line} 行第 ${at.column} 列起${note}`, at));
  }
}

/** Runs another command again in a temporary copy of the inputs it recorded, and compares what it writes. */
async function rerunInCopy(name: string, record: CommandRecord, dir: string, outDir: string, env: CommandEnv, run: (dir: string, out: string) => Promise<Outcome>, check: AuditCheck, rel: (p: string) => string): Promise<void> {
  const inputPaths = Object.keys(record.inputs).map((p) => path.posix.normalize(p));
  // An input outside the folder (evaluation.json's projects may be "../township-2026/out/results.csv") is
  // copied to the same place relative to the copy, so the copy sits as deep as the furthest `..` needs,
  // below folders named as the real ones (then "../<folder>/x" cannot land on the copy's own "x").
  const depth = Math.max(0, ...inputPaths.map((p) => p.split("/").findIndex((s) => s !== "..")));
  const above = path.resolve(dir).split(path.sep).filter(Boolean);
  if (inputPaths.some((p) => p.split("/").includes("..") && !p.startsWith("../")) || depth >= above.length) {
    check.notes.push(`${name}：读取过的文件路径无法在临时副本中重现，不能重算，只核对哈希`);
    return;
  }
  const temp = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-audit-"));
  try {
    const copy = path.join(temp, "session", ...above.slice(above.length - depth - 1));
    for (const p of inputPaths) {
      const target = path.join(copy, p);
      await fs.mkdir(path.dirname(target), { recursive: true });
      try { await fs.copyFile(path.resolve(dir, p), target); } catch { /* missing: check 1 says so, and the rerun fails below */ }
    }
    await fs.mkdir(copy, { recursive: true });
    const rerunOut = path.join(temp, "recount-out");
    const outcome = await run(copy, rerunOut);
    if (outcome.error) {
      const first = outcome.error.diagnostics.find((d) => d.severity === "error");
      check.problems.push(problem("E_AUDIT_RECOUNT_FAILED", first?.file ?? name, `${name} 现在无法重新运行${first ? `：${placeOf(first)} ${first.code} ${renderDiagnostic(first).message}` : ""}`, first ? { line: first.line, column: first.column } : undefined));
      return;
    }
    for (const p of Object.keys(record.outputs)) {
      const inOut = path.relative(outDir, path.resolve(dir, p));
      const fresh = await readState(path.join(rerunOut, inOut));
      if (fresh.kind !== "ok") {
        check.problems.push(problem("E_AUDIT_RECOUNT_DIFFERS", p, `重新运行 ${name} 不再写出这个文件`));
        continue;
      }
      await compareFile(fresh.bytes, path.resolve(dir, p), name, check, rel, icuNote(record));
    }
  } finally {
    await fs.rm(temp, { recursive: true, force: true });
  }
}

async function checkSums(file: string, label: string, doc: AuditDocument, check: AuditCheck): Promise<void> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch {
    check.problems.push(problem("E_AUDIT_SUMS_MISSING", label, "没有 SHA256SUMS 文件"));
    check.ok = false;
    return;
  }
  const expected = sumsText(doc);
  const want = new Map(expected.split("\n").filter(Boolean).map((l) => [l.slice(66), l.slice(0, 64)] as const));
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const got = new Set<string>();
  lines.forEach((l, i) => {
    check.checked++;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(l);
    const at = { line: i + 1, column: 1 };
    if (!m) { check.problems.push(problem("E_AUDIT_SUMS_FORMAT", label, "这一行不是“哈希  路径”的格式", at)); return; }
    const [, hash, p] = m as unknown as [string, string, string];
    got.add(p);
    const w = want.get(p);
    if (w === undefined) check.problems.push(problem("E_AUDIT_SUMS_MISMATCH", label, `列出了 audit.json 中没有的“${p}”`, at));
    else if (w !== hash) check.problems.push(problem("E_AUDIT_SUMS_MISMATCH", label, `“${p}”的哈希与 audit.json 记录的不同`, at));
  });
  for (const p of want.keys()) if (!got.has(p)) check.problems.push(problem("E_AUDIT_SUMS_MISMATCH", label, `缺少 audit.json 中记录的“${p}”`, { line: lines.length + 1, column: 1 }));
  if (check.problems.length === 0 && text !== expected) check.problems.push(problem("E_AUDIT_SUMS_MISMATCH", label, "内容与 audit.json 推出的不同（顺序或空白）", firstDifference(Buffer.from(expected), Buffer.from(text))));
  check.ok = check.problems.length === 0;
}

function auditReport(data: AuditData, records: [string, CommandRecord][]): string[] {
  const out: string[] = [];
  out.push(`核查 ${data.session}（审计记录 ${data.out}/${AUDIT_FILE}）`);
  for (const [name, r] of records) out.push(`  ${name}：${r.generatedAt}，piaojue ${r.toolVersion}，读取 ${Object.keys(r.inputs).length} 个文件，写出 ${Object.keys(r.outputs).length} 个文件`);
  out.push("");
  for (const c of data.checks) {
    const what = c.number === 4 ? `${c.checked} 行` : `${c.checked} 个文件`;
    out.push(`${c.number}. ${c.title}：${c.ok ? `通过（${what}）` : `未通过（${c.problems.length} 处）`}`);
    for (const p of c.problems) out.push(`   ✗ ${p.file}${p.line > 0 ? `:${p.line}:${p.column}` : ""} ${p.message}`);
    for (const n of c.notes) out.push(`   · ${n}`);
  }
  out.push("");
  out.push(data.ok ? "核查通过：out/ 中的结果由现在的输入文件重新得出，逐字节相同。" : "核查未通过：见上面标 ✗ 的文件。");
  return out;
}
