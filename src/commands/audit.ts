// piaojue audit: proves out/ against the inputs, from out/audit.json and out/SHA256SUMS, with four numbered
// checks: 1 the inputs are unchanged since each command read them, 2 the outputs are unchanged since they
// were written and every file in out/ is listed by a record, 3 each record's command, planned again in
// memory with its recorded options, gives the same files byte for byte, 4 SHA256SUMS says what audit.json
// says. A record of an unknown command, or a file nobody recorded, fails: the promise is that out/ follows
// from the inputs, not that the trail agrees with itself. The tally is planned from today's folder (a round
// file added since is noticed); the other commands from exactly the inputs they recorded. Writes nothing
// (a set a killed run committed is finished first, as by every command).
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { error, InputError, placeOf, warning, type Diagnostic, type Params } from "../core/diagnostics.js";
import { renderDiagnostic } from "../messages/render.js";
import { parseJsonSource } from "../core/json-source.js";
import { schemaDiagnostics } from "../core/session.js";
import { AUDIT_FILE, auditSchema, currentIcu, SUMS_FILE, sumsText, type AuditDocument, type CommandRecord } from "../io/audit-trail.js";
import type { EncodingChoice } from "../io/encoding.js";
import { sha256 } from "../io/digest.js";
import { pendingWrites, recoverOutDir, SessionReader } from "../io/files.js";
import { parseAsOf } from "../core/progress.js";
import { planBallot } from "./ballot.js";
import { recountBatch } from "./batch.js";
import { planEvaluate, planEvaluationForms } from "./evaluate.js";
import { planContext, type PlanContext, type Planned } from "./execute.js";
import { displayPath, resolveDir, resolveOut } from "./load.js";
import { EXIT, failed, type CommandEnv, type Outcome } from "./outcome.js";
import { planProgress } from "./progress.js";
import { planRunoff } from "./runoff.js";
import { planTally } from "./tally.js";

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

const ENCODING = z.enum(["auto", "utf8", "gb18030"]);

/** How a record is planned again: by its name, with its options as the command records them (strictly). */
interface Recount {
  match: RegExp;
  /** "in-memory": planned from today's folder; "rerun": planned from exactly the inputs the record lists. */
  kind: "in-memory" | "rerun";
  options: z.ZodType<Record<string, unknown> | undefined>;
  plan: (m: RegExpExecArray, options: Record<string, unknown> | undefined, reader: SessionReader, ctx: PlanContext) => Promise<Planned<unknown>>;
}

const RECOUNTS: Recount[] = [
  {
    match: /^tally$/, kind: "in-memory",
    options: z.object({ round: z.number().int().positive().nullable(), encoding: ENCODING, docNumber: z.string().optional() }).strict(),
    plan: (_m, o, reader, ctx) => planTally(reader, { round: (o?.round as number | null) ?? undefined, docNumber: o?.docNumber as string | undefined }, ctx),
  },
  {
    // { round: null }: the round was not named, and the plan found the pending one from the same inputs.
    match: /^ballot(?:-r([2-9]|[1-9]\d+))?$/, kind: "rerun", options: z.object({ round: z.null() }).strict().optional(),
    plan: (m, o, reader, ctx) => planBallot(reader, { round: o ? undefined : m[1] ? Number(m[1]) : 1 }, ctx),
  },
  { match: /^runoff-r([2-9]|[1-9]\d+)$/, kind: "rerun", options: z.undefined(), plan: (_m, _o, reader, ctx) => planRunoff(reader, {}, ctx) },
  { match: /^evaluate$/, kind: "rerun", options: z.undefined(), plan: (_m, _o, reader, ctx) => planEvaluate(reader, {}, ctx) },
  {
    match: /^evaluate-forms$/, kind: "rerun",
    options: z.object({ group: z.string().nullable() }).strict(),
    plan: (_m, o, reader, ctx) => planEvaluationForms(reader, { group: (o?.group as string | null) ?? undefined }, ctx),
  },
  {
    match: /^progress$/, kind: "rerun",
    options: z.object({ asOf: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).nullable(), encoding: ENCODING }).strict(),
    plan: (_m, o, reader, ctx) => {
      const asOf = typeof o?.asOf === "string" ? parseAsOf(o.asOf) : null;
      return planProgress(reader, asOf !== null ? { asOf } : {}, ctx);
    },
  },
];

/** A batch is counted again in memory over the sessions under the root today (its record's folder). */
const batchRecount: Recount = {
  match: /^batch$/, kind: "in-memory",
  // A record from before batch followed progress has no options.
  options: z.object({ asOf: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).nullable(), encoding: ENCODING }).strict().optional(),
  plan: async (_m, o, reader, { env }) => {
    const asOf = typeof o?.asOf === "string" ? parseAsOf(o.asOf) : null;
    const { files, inputs } = await recountBatch(reader.dir, env, asOf ?? undefined);
    for (const [name, hash] of inputs) reader.inputs.set(name, hash); // what the sessions' readers read
    return { command: "batch", exitCode: EXIT.ok, warnings: [], report: [], output: { record: "batch", files } };
  },
};
RECOUNTS.push(batchRecount);

/**
 * The session folder as a command saw it when it ran: only the files its record lists exist. (A round
 * file added since must not change what runoff planned then.)
 */
class RecordedReader extends SessionReader {
  constructor(dir: string, encoding: EncodingChoice, private readonly recorded: ReadonlySet<string>) {
    super(dir, encoding);
  }

  private listed(name: string): boolean {
    return this.recorded.has(path.relative(this.dir, path.join(this.dir, name)).split(path.sep).join("/"));
  }

  override path(name: string): string {
    return this.listed(name) ? super.path(name) : path.join(this.dir, ".piaojue-not-recorded", name);
  }

  override async names(): Promise<string[]> {
    return (await super.names()).filter((n) => this.listed(n));
  }
}

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

type Problem = AuditCheck["problems"][number];
/** The values each problem's words are made of: the diagnostic is made from them again with its check's number. */
const problemParams = new WeakMap<Problem, Params>();

/** A problem of a check: its code, place and the detail in Chinese (as --json data keeps it). */
function problem(code: string, file: string, params: Params = {}, at: { line: number; column: number } = { line: 0, column: 0 }): Problem {
  const found = { code, file, line: at.line, column: at.column, message: renderDiagnostic(error(code, { file, ...at }, params)).message };
  problemParams.set(found, params);
  return found;
}

export async function runAudit(opts: { dir?: string; out?: string }, env: CommandEnv): Promise<Outcome<AuditData>> {
  const dir = resolveDir(env, opts.dir);
  const outDir = resolveOut(env, dir, opts.out);
  const rel = (p: string) => path.relative(dir, p).split(path.sep).join("/");
  const auditLabel = rel(path.join(outDir, AUDIT_FILE));
  const sumsLabel = rel(path.join(outDir, SUMS_FILE));

  // A set a killed run committed is finished first; one it did not commit is left, and reported below.
  await recoverOutDir(outDir, { keepUncommitted: true });
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

  // Check 3 first: planning again also tells which inputs each command reads today.
  const recount: AuditCheck = { ...AUDIT_CHECKS[2], ok: true, checked: 0, problems: [], notes: [] };
  const inputs: AuditCheck = { ...AUDIT_CHECKS[0], ok: true, checked: 0, problems: [], notes: [] };
  const recountKind = new Map<string, AuditData["commands"][number]["recount"]>();
  for (const [name, record] of records) {
    const recounted = RECOUNTS.map((r) => ({ r, m: r.match.exec(name) })).find((x) => x.m);
    if (!recounted || !recounted.m) {
      recountKind.set(name, "none");
      recount.problems.push(problem("E_AUDIT_UNKNOWN_COMMAND", auditLabel, { name }));
      continue;
    }
    recountKind.set(name, recounted.r.kind);
    await recountRecord(name, record, recounted.r, recounted.m, { dir, outDir, env, auditLabel, rel }, recount, inputs);
  }
  recount.ok = recount.problems.length === 0;

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
      const [missing, changed] = kind === "inputs" ? ["E_AUDIT_INPUT_MISSING", "E_AUDIT_INPUT_CHANGED"] : ["E_AUDIT_OUTPUT_MISSING", "E_AUDIT_OUTPUT_CHANGED"];
      if (state.kind === "missing") check.problems.push(problem(missing, p, { who: by }));
      else if (state.kind === "not-a-file") check.problems.push(problem(changed, p, { who: by }));
      else if (state.hash !== hash) check.problems.push(problem(changed, p, { who: by, was: hash.slice(0, 12), now: state.hash.slice(0, 12) }));
    }
  }
  // Every file in out/ must follow from a record: one nobody recorded is a forgery or a stray.
  const listed = new Set(records.flatMap(([, r]) => Object.keys(r.outputs)));
  for (const f of await filesIn(outDir)) {
    const p = rel(path.join(outDir, f));
    if (f !== AUDIT_FILE && f !== SUMS_FILE && !listed.has(p)) outputs.problems.push(problem("E_AUDIT_OUTPUT_UNLISTED", p));
  }
  for (const n of await pendingWrites(outDir)) {
    outputs.problems.push(problem("E_AUDIT_PENDING_WRITE", rel(path.join(outDir, n))));
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
  const diagnostics = checks.flatMap((c) => c.problems.map((p) => error(p.code, { file: p.file, line: p.line, column: p.column }, { ...problemParams.get(p), check: c.number })));
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

interface AuditPlace {
  dir: string;
  outDir: string;
  env: CommandEnv;
  auditLabel: string;
  rel: (p: string) => string;
}

/**
 * Plans a record's command again in memory, with the options and at the time it recorded, and compares:
 * the record's name, its rules, the inputs it reads, and every planned file byte for byte with out/.
 */
async function recountRecord(name: string, record: CommandRecord, recounter: Recount, m: RegExpExecArray, at: AuditPlace, check: AuditCheck, inputs: AuditCheck): Promise<void> {
  const { dir, outDir, env, rel } = at;
  const options = recounter.options.safeParse(record.options);
  if (!options.success) {
    check.problems.push(problem("E_AUDIT_OPTIONS", at.auditLabel, { name, options: JSON.stringify(record.options ?? null) }));
    return;
  }
  const encoding = ENCODING.safeParse(options.data?.encoding).data ?? "auto";
  const recorded = new Set(Object.keys(record.inputs));
  const reader = recounter.kind === "in-memory" ? new SessionReader(dir, encoding) : new RecordedReader(dir, encoding, recorded);
  const ctx = planContext({ ...env, encoding, now: () => new Date(record.generatedAt) }, outDir);
  let planned: Planned<unknown>;
  try {
    planned = await recounter.plan(m, options.data, reader, ctx);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    planned = failed(name, e.diagnostics);
  }
  const first = planned.error?.diagnostics.find((d) => d.severity === "error");
  if (planned.error || !planned.output) {
    check.problems.push(problem("E_AUDIT_RECOUNT_FAILED", first?.file ?? name, { name, ...(first ? { cause: `${placeOf(first)} ${first.code} ${renderDiagnostic(first).message}` } : {}) }, first ? { line: first.line, column: first.column } : undefined));
    return;
  }
  const output = planned.output;
  if (output.record !== name) {
    check.problems.push(problem("E_AUDIT_RECOUNT_DIFFERS", at.auditLabel, { kind: "other-record", name, planned: output.record }));
    return;
  }
  if (JSON.stringify(record.rules ?? null) !== JSON.stringify(output.rules ?? null)) {
    check.problems.push(problem("E_AUDIT_RULES_CHANGED", "session.json", { name }));
  }
  const readNow = new Set([...reader.inputs.keys()].map((n) => rel(path.join(dir, n))));
  for (const p of readNow) if (!recorded.has(p)) inputs.problems.push(problem("E_AUDIT_INPUT_ADDED", p));
  for (const p of recorded) if (!readNow.has(p)) inputs.problems.push(problem("E_AUDIT_INPUT_UNREAD", p, { name }));
  const plannedNames = new Set<string>();
  for (const f of output.files) {
    const file = path.join(outDir, f.name);
    plannedNames.add(rel(file));
    await compareFile(Buffer.from(f.content), file, name, check, rel, icuNote(record));
  }
  for (const p of Object.keys(record.outputs)) {
    if (!plannedNames.has(p)) check.problems.push(problem("E_AUDIT_RECOUNT_DIFFERS", p, { kind: "not-planned", name }));
  }
}

/** Every file below out/, relative to it, but the traces of unfinished writes (reported on their own). */
async function filesIn(outDir: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(d: string, prefix: string): Promise<void> {
    let entries;
    try { entries = await fs.readdir(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      if (prefix === "" && (e.name.startsWith(".staging-") || e.name === ".piaojue-lock")) continue;
      if (e.isDirectory()) await walk(path.join(d, e.name), `${prefix}${e.name}/`);
      else found.push(`${prefix}${e.name}`);
    }
  }
  await walk(outDir, "");
  return found.sort();
}

/**
 * Said beside a differing recount when the command ran on another ICU: stroke and pinyin order follow the
 * ICU's collation, which a newer version may change, so the order of names can differ between machines.
 */
function icuNote(record: CommandRecord): Params {
  const now = currentIcu();
  if (!record.icu || record.icu.version === now?.version) return {};
  return { icuThen: record.icu.version, icuNow: now?.version ?? "无" };
}

async function compareFile(expected: Buffer, file: string, by: string, check: AuditCheck, rel: (p: string) => string, note: Params = {}): Promise<void> {
  check.checked++;
  const state = await readState(file);
  if (state.kind !== "ok") {
    check.problems.push(problem("E_AUDIT_RECOUNT_DIFFERS", rel(file), { kind: "not-in-out", name: by, ...note }));
  } else if (!state.bytes.equals(expected)) {
    const at = firstDifference(expected, state.bytes);
    check.problems.push(problem("E_AUDIT_RECOUNT_DIFFERS", rel(file), { name: by, fromLine: at.line, fromColumn: at.column, ...note }, at));
  }
}

async function checkSums(file: string, label: string, doc: AuditDocument, check: AuditCheck): Promise<void> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch {
    check.problems.push(problem("E_AUDIT_SUMS_MISSING", label));
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
    if (!m) { check.problems.push(problem("E_AUDIT_SUMS_FORMAT", label, {}, at)); return; }
    const [, hash, p] = m as unknown as [string, string, string];
    got.add(p);
    const w = want.get(p);
    if (w === undefined) check.problems.push(problem("E_AUDIT_SUMS_MISMATCH", label, { kind: "extra", path: p }, at));
    else if (w !== hash) check.problems.push(problem("E_AUDIT_SUMS_MISMATCH", label, { kind: "hash", path: p }, at));
  });
  for (const p of want.keys()) if (!got.has(p)) check.problems.push(problem("E_AUDIT_SUMS_MISMATCH", label, { kind: "missing", path: p }, { line: lines.length + 1, column: 1 }));
  if (check.problems.length === 0 && text !== expected) check.problems.push(problem("E_AUDIT_SUMS_MISMATCH", label, {}, firstDifference(Buffer.from(expected), Buffer.from(text))));
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
