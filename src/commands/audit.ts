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
import { appendAll, error, InputError, placeOf, warning, type Diagnostic, type Params } from "../core/diagnostics.js";
import { recordCommand } from "../messages/examples.js";
import { AUDIT_CHECKS } from "../messages/labels.js";
import { renderDiagnostic } from "../messages/render.js";
import { positionOf, type JsonSource } from "../core/json-source.js";
import {
  AUDIT_FILE, auditLabel as auditFileLabel, currentIcu, parseAudit, parseSumsLine, realPath, sessionOf, SUMS_FILE, sumsText, type AuditDocument, type CommandRecord,
} from "../io/audit-trail.js";
import type { EncodingChoice } from "../io/encoding.js";
import { sha256 } from "../io/digest.js";
import { folderProblem, isWriteTrace, outFolderProblem, pendingWrites, recoverOutDir, SessionReader } from "../io/files.js";
import { printedLinesSchema } from "./printed.js";
import { roundsPresent } from "./rounds.js";
import { parseAsOf } from "../core/progress.js";
import { parseSession } from "../core/session.js";
import { planBallot } from "./ballot.js";
import { fileUnderFolder, recountBatch, underFolder, type BatchUnwritten } from "./batch.js";
import { planEvaluate, planEvaluationForms } from "./evaluate.js";
import { isOwnOut, planContext, type PlanContext, type Planned } from "./execute.js";
import { commandArg, displayPath, namedAsTyped, resolveDir, resolveOut, SESSION_FILE, underRoot } from "./load.js";
import { EXIT, failed, type CommandEnv, type Lang, type Outcome } from "./outcome.js";
import { planProgress } from "./progress.js";
import { planRunoff } from "./runoff.js";
import { planTally } from "./tally.js";

/** One of the four numbered checks while it runs: `checked` counts the files (or lines) compared. */
function newCheck(number: number, name: string, title: string) {
  return { number, name, title, checked: 0, problems: [] as Diagnostic[] };
}
type Check = ReturnType<typeof newCheck>;

const ENCODING = z.enum(["auto", "utf8", "gb18030"]);
/** A problem as the --json data lists it: its place and its words (Chinese; under --lang en the English beside them). */
function problemData(d: Diagnostic, lang: Lang = "zh") {
  return {
    code: d.code, file: d.at.file, line: d.at.line, column: d.at.column, message: renderDiagnostic(d).message,
    ...(lang === "en" ? { messageEn: renderDiagnostic(d, "en").message } : {}),
  };
}
/** The first error of a command that could not run, quoted in one line inside an audit message. */
function causeOf(d: Diagnostic): string {
  return `${placeOf(d.at)} ${d.code} ${renderDiagnostic(d).message}`;
}
/** A problem under its check on the screen. */
function problemLine(d: Diagnostic, lang: Lang): string {
  return `   ✗ ${d.at.file}${d.at.line > 0 ? `:${d.at.line}:${d.at.column}` : ""} ${renderDiagnostic(d, lang).message}`;
}

const AS_OF = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).nullable();
/** The month a progress or batch record was planned at, as its options record it (none: each one's latest). */
const asOfOption = (o: Record<string, unknown> | undefined) => (typeof o?.asOf === "string" ? parseAsOf(o.asOf) ?? undefined : undefined);

/** The results batch could not write (each folder's diagnostics, as batch recorded them). */
const RECORDED_ERROR = z.object({
  code: z.string(), severity: z.literal("error"),
  at: z.object({ file: z.string(), line: z.number().int(), column: z.number().int() }), params: z.record(z.string(), z.unknown()),
});
const BATCH_UNWRITTEN = z.strictObject({
  tally: z.record(z.string(), z.array(RECORDED_ERROR)).optional(), progress: z.record(z.string(), z.array(RECORDED_ERROR)).optional(),
});

/** How a record is planned again: by its name, with its options as the command records them (strictly). */
interface Recount {
  match: RegExp;
  /** "in-memory": planned from today's folder; "rerun": planned from exactly the inputs the record lists. */
  kind: "in-memory" | "rerun";
  options: z.ZodType<Record<string, unknown> | undefined>;
  plan: (m: RegExpExecArray, o: Record<string, unknown> | undefined, reader: SessionReader, ctx: PlanContext)
    => Promise<Planned<unknown>>;
}

const RECOUNTS: Recount[] = [
  {
    match: /^tally$/, kind: "in-memory",
    options: z.strictObject({
      round: z.number().int().positive().nullable(), encoding: ENCODING, docNumber: z.string().optional(),
    }),
    plan: (_m, o, reader, ctx) => planTally(reader, {
      round: (o?.round as number | null) ?? undefined, docNumber: o?.docNumber as string | undefined,
    }, ctx),
  },
  // A printed paper's lines, and a runoff round's seats, are always recorded (enter checks the paper against
  // them): a record without them was edited. { round: null }: the round was not named, and the plan found
  // the pending one from the same inputs.
  {
    match: /^ballot$/, kind: "rerun",
    options: z.strictObject({ round: z.null().optional(), lines: printedLinesSchema, encoding: ENCODING.optional() }),
    plan: (_m, o, reader, ctx) => planBallot(reader, { round: o?.round === null ? undefined : 1 }, ctx),
  },
  {
    match: /^ballot-r([2-9]|[1-9]\d+)$/, kind: "rerun",
    options: z.strictObject({ round: z.null().optional(), seats: z.number().int(), lines: printedLinesSchema, encoding: ENCODING.optional() }),
    plan: (m, o, reader, ctx) => planBallot(reader, { round: o?.round === null ? undefined : Number(m[1]) }, ctx),
  },
  {
    match: /^runoff-r([2-9]|[1-9]\d+)$/, kind: "rerun",
    options: z.strictObject({ seats: z.number().int(), lines: printedLinesSchema, encoding: ENCODING.optional() }),
    plan: (_m, _o, reader, ctx) => planRunoff(reader, {}, ctx),
  },
  {
    match: /^evaluate$/, kind: "in-memory", options: z.object({ encoding: ENCODING }).strict().optional(),
    plan: (_m, _o, reader, ctx) => planEvaluate(reader, {}, ctx),
  },
  {
    match: /^evaluate-forms$/, kind: "in-memory", options: z.object({ group: z.string().nullable(), encoding: ENCODING.optional() }).strict(),
    plan: (_m, o, reader, ctx) => planEvaluationForms(reader, { group: (o?.group as string | null) ?? undefined }, ctx),
  },
  {
    match: /^progress$/, kind: "in-memory", options: z.object({ asOf: AS_OF, encoding: ENCODING }).strict(),
    plan: (_m, o, reader, ctx) => planProgress(reader, { asOf: asOfOption(o) }, ctx),
  },
  {
    // Counted again over the sessions under the root today (its record's folder). A record from before
    // batch followed progress has no options.
    match: /^batch$/, kind: "in-memory", options: z.object({ asOf: AS_OF, encoding: ENCODING, unwritten: BATCH_UNWRITTEN.optional() }).strict().optional(),
    plan: async (_m, o, reader, { env }) => {
      const { files, inputs, towns, skipped, townInputs } = await recountBatch(reader.dir, env, asOfOption(o), o?.unwritten as BatchUnwritten | undefined);
      for (const [name, hash] of inputs) reader.inputs.set(name, hash); // what the sessions' readers read
      return { command: "batch", exitCode: EXIT.ok, data: { towns, skipped, townInputs }, warnings: [], report: [], output: { record: "batch", files } };
    },
  },
];

/**
 * The session folder as a command saw it when it ran: only the files its record lists exist. (A round
 * file added since must not change what runoff planned then.) `issuedRounds`: session.json is served with
 * `issued` cut to that many rounds.
 */
class RecordedReader extends SessionReader {
  constructor(dir: string, encoding: EncodingChoice, private readonly recorded: ReadonlySet<string>, private readonly issuedRounds?: number) {
    super(dir, encoding);
  }

  override async text(name: string): Promise<string> {
    const text = await super.text(name);
    // Only a valid session.json is served cut: JSON.parse reads it as the schema did (no duplicate keys).
    if (name !== SESSION_FILE || this.issuedRounds === undefined || !parseSession(text).value) return text;
    const doc = JSON.parse(text) as { issued: unknown[] };
    return JSON.stringify({ ...doc, issued: doc.issued.slice(0, this.issuedRounds) });
  }

  private listed(name: string): boolean {
    return this.recorded.has(underRoot(this.dir, path.join(this.dir, name)));
  }

  override path(name: string): string {
    return this.listed(name) ? super.path(name) : path.join(this.dir, ".piaojue-not-recorded", name);
  }

  override async names(): Promise<string[]> {
    return (await super.names()).filter((n) => this.listed(n));
  }
}

async function readState(file: string): Promise<{ hash: string; bytes: Buffer } | "missing" | "not-a-file"> {
  try {
    if (!(await fs.stat(file)).isFile()) return "not-a-file";
    const bytes = await fs.readFile(file);
    return { hash: sha256(bytes), bytes };
  } catch {
    return "missing";
  }
}

/**
 * Line and column in `actual` of its first byte that differs from `expected` (read as UTF-8; the column
 * counts characters). Bytes added after the last line's end are at the next line's column 1; a file cut
 * short differs where it ends.
 */
function firstDifference(expected: Uint8Array, actual: Uint8Array): { line: number; column: number } {
  let k = 0;
  while (k < expected.length && k < actual.length && expected[k] === actual[k]) k++;
  // Back to the start of the character the differing byte belongs to.
  while (k > 0 && k < actual.length && (actual[k]! & 0xc0) === 0x80) k--;
  const lines = Buffer.from(actual.subarray(0, k)).toString("utf8").split("\n");
  return { line: lines.length, column: [...lines[lines.length - 1]!].length + 1 };
}

/** Outputs read as lines of text (a difference is placed at its line and column); the rest (.xlsx, .docx) are zips. */
const isTextOutput = (name: string) => /\.(csv|html|md|json|txt)$/i.test(name) || path.basename(name) === SUMS_FILE;

type ProblemData = ReturnType<typeof problemData>;
interface CheckData { number: number; name: string; title: string; titleEn?: string; ok: boolean; checked: number; problems: ProblemData[]; notes: never[] }
interface TownAudit { folder: string; ok: boolean; checks: CheckData[]; problems: ProblemData[]; errors: Diagnostic[]; warnings: Diagnostic[] }

/**
 * A town's own out/ audited, its files named from the root. `batch`: the root's batch and audit command
 * lines, which a hint names for what batch wrote there (tally run on the town alone leaves the root failing).
 */
async function auditTown(root: string, folder: string, env: CommandEnv, batch: BatchLines): Promise<TownAudit> {
  const outcome = await runAudit({ dir: path.join(root, folder) }, env, { ...batch, out: `${folder}/out/` });
  const checks = (outcome.data?.checks ?? []).map((c) => ({ ...c, problems: c.problems.map((p) => ({ ...p, file: fileUnderFolder(root, folder, p.file) })) }));
  const errors = (outcome.error?.diagnostics ?? []).filter((d) => d.severity === "error").map((d) => underFolder(root, folder, d));
  const warnings = outcome.warnings.map((d) => underFolder(root, folder, d));
  // `problems`: why the town's audit could not run at all (no audit.json…); its checks are empty then.
  const problems = outcome.data ? [] : errors.map((d) => problemData(d, env.lang));
  return { folder, ok: outcome.exitCode === EXIT.ok, checks, problems, errors, warnings };
}

/** The command lines that write a batch root's towns again and audit the root, as the clerk types them; a town's out/ as named from the root. */
interface BatchLines { batch: string; audit: string; out?: string }
/** Records batch writes into a town's own out/. */
const BATCH_WRITES = new Set(["tally", "progress"]);

/**
 * One folder's out/ audited; a batch record's towns too, unless it is itself one of a root's towns
 * (`town`: the root's command lines), whose own batch, if any, is not the root's. A batch root's audit
 * audits the out/ of every town batch wrote (found as batch finds them), each as `audit 根目录/镇` would,
 * in this process; their findings are named from the root, as batch names them.
 */
export async function runAudit(opts: { dir?: string; out?: string }, env: CommandEnv, town?: BatchLines): Promise<Outcome<{ checks: CheckData[] }>> {
  const withTowns = town === undefined;
  const dir = resolveDir(env, opts.dir);
  const outDir = resolveOut(env, dir, opts.out);
  const rel = (p: string) => underRoot(dir, p);
  const auditLabel = auditFileLabel(dir, outDir);
  // Each command line a message names gives the folder and -o as the clerk typed them, so it can be pasted from anywhere.
  const { commandLine } = planContext(env, dir, outDir);

  // A folder that is not there is a mistyped path, not a session never tallied.
  const noFolder = await folderProblem(dir, SESSION_FILE);
  if (noFolder) return failed("audit", [namedAsTyped(env, noFolder)], { why: "audit-not-run" });
  // -o a file: no command can have written there, and none can.
  const outIsFile = await outFolderProblem(outDir);
  if (outIsFile) return failed("audit", [outIsFile], { why: "audit-not-run" });
  // A set a killed run committed is finished first; one it did not commit is left, and noted below.
  // One it cannot finish (a read-only copy, a file held open) is left too, and reported as pending.
  const finished = await recoverOutDir(outDir, { reportsUnfinished: true });
  // audit.json is an input here, and as hostile as any other: parsed with positions, checked by a schema.
  let auditText: string;
  try {
    auditText = await fs.readFile(path.join(outDir, AUDIT_FILE), "utf8");
  } catch {
    return failed("audit", [error("E_AUDIT_MISSING", { file: auditLabel }, { tally: town?.batch ?? commandLine("tally") })], { why: "audit-not-run" });
  }
  const read = parseAudit(auditText, auditLabel);
  if (!("doc" in read)) return failed("audit", read.diagnostics, { why: read.why });
  const { doc, source } = read;
  // An out/ another session's command took over (a shared -o) is that session's to audit, not this one's.
  const owner = sessionOf(outDir, doc);
  if (owner !== undefined && owner !== realPath(dir)) {
    const params = { session: displayPath(env, owner), folder: displayPath(env, dir) };
    return failed("audit", [error("E_AUDIT_OTHER_SESSION", { file: auditLabel }, params)], { why: "audit-not-run" });
  }
  const records = Object.entries(doc.commands).sort(([a], [b]) => (a < b ? -1 : 1)) as [string, CommandRecord][];
  const warnings = records.filter(([, r]) => r.toolVersion !== env.version).map(([name, r]) =>
    warning("W_AUDIT_VERSION", { file: auditLabel }, { name, written: r.toolVersion, running: env.version }));
  // audit changes nothing of its own, but finishing a killed run's set moved files into out/: said, not hidden.
  if (finished.placed.length + finished.removed.length > 0) {
    warnings.unshift(warning("W_AUDIT_FINISHED_WRITE", { file: rel(outDir) }, { files: finished.placed, removed: finished.removed }));
  }

  const [inputs, outputs, recount, sums] = Object.keys(AUDIT_CHECKS).map((name, i) => newCheck(i + 1, name, AUDIT_CHECKS[name]!.zh)) as [Check, Check, Check, Check];
  const place = { dir, outDir, env, auditLabel, source, rel, recount, inputs, towns: [] as string[], skipped: [] as string[], changed: [] as string[] };
  // Check 3 first: planning again also tells which inputs each command reads today.
  const commands = [];
  // The records planned again to the very bytes they recorded writing (out/ may differ: check 3 says so).
  const recountedAsRecorded = new Set<string>();
  const issuedLater = new Set<string>(); // the same bytes only with its round's issued left out, as at printing
  for (const [name, record] of records) {
    const found = RECOUNTS.map((r) => ({ r, m: r.match.exec(name) })).find((x) => x.m);
    const { generatedAt, toolVersion } = record;
    commands.push({ command: name, generatedAt, toolVersion, options: record.options ?? null, recount: found?.r.kind ?? "none" });
    if (!found?.m) {
      recount.problems.push(error("E_AUDIT_UNKNOWN_COMMAND", { file: auditLabel }, { name }));
      continue;
    }
    const match = { r: found.r, m: found.m };
    const attempt = async (issuedRounds?: number) => {
      const checks = { recount: newCheck(recount.number, recount.name, recount.title), inputs: newCheck(inputs.number, inputs.name, inputs.title) };
      const asRecorded = await recountRecord(name, record, match, { ...place, ...checks }, issuedRounds);
      return { ...checks, asRecorded };
    };
    let result = await attempt();
    // Round K's ballot or runoff printed before round K's issued was known left the count sheet's 发出票数
    // blank, and enter recorded it since: planned as at printing, with issued cut to the K−1 rounds before,
    // the same bytes prove the paper right then (and the changed session.json is a re-read, below).
    const round = Number(/^(?:ballot|runoff)-r(\d+)$/.exec(name)?.[1]);
    if (!result.asRecorded && round >= 2 && await sessionChangedSince(record, place)) {
      const asPrinted = await attempt(round - 1);
      if (asPrinted.asRecorded) {
        result = asPrinted;
        issuedLater.add(name);
      }
    }
    appendAll(recount.problems, result.recount.problems);
    recount.checked += result.recount.checked;
    appendAll(inputs.problems, result.inputs.problems);
    if (result.asRecorded) recountedAsRecorded.add(name);
  }

  // Records that cannot be planned again at all (an input they need is gone): running them again is no way out.
  const cannotRun = new Set(recount.problems.filter((d) => d.code === "E_AUDIT_RECOUNT_FAILED").map((d) => String(d.params["name"])));
  for (const [kind, check] of [["inputs", inputs], ["outputs", outputs]] as const) {
    // One file listed by several commands with the same hash is checked once and named with all of them.
    const seen = new Map<string, string[]>();
    for (const [name, record] of records) {
      for (const [p, hash] of Object.entries(record[kind])) {
        const key = `${p}\0${hash}`;
        seen.set(key, [...(seen.get(key) ?? []), name]);
      }
    }
    const [missing, changed] = kind === "inputs"
      ? ["E_AUDIT_INPUT_MISSING", "E_AUDIT_INPUT_CHANGED"]
      : ["E_AUDIT_OUTPUT_MISSING", "E_AUDIT_OUTPUT_CHANGED"];
    for (const [key, who] of seen) {
      const [file, hash] = key.split("\0") as [string, string];
      check.checked++;
      const now = await readState(path.resolve(dir, file));
      if (now === "missing") check.problems.push(error(missing, { file }, kind === "inputs" && who.every((n) => cannotRun.has(n)) ? { who, cannotRun: 1 } : { who }));
      else if (now === "not-a-file") check.problems.push(error(changed, { file }, { who }));
      else if (now.hash !== hash) {
        // Shown as far as they differ (12 characters at least): two hashes alike in their first 12 would read as equal.
        let differ = 0;
        while (hash[differ] === now.hash[differ]) differ++;
        const shown = Math.max(12, differ + 4);
        const params = { who, was: hash.slice(0, shown), now: now.hash.slice(0, shown) };
        // An input piaojue itself rewrote (enter's 实到, 发出 or hand counts in session.json) after a record
        // read it, that a later record read as it is now: no failure when every record that read the old
        // file gives the same outputs from the new one, since out/ then still follows from the inputs.
        const readNow = records.filter(([, r]) => r.inputs[file] === now.hash).map(([name]) => name);
        if (kind === "inputs" && readNow.length > 0 && who.every((name) => recountedAsRecorded.has(name))) {
          const later = who.filter((name) => issuedLater.has(name));
          // Only session.json is rewritten by enter (实到, 发出, hand counts): the hint says so of it alone.
          const rewrittenByEnter = path.basename(file) === "session.json" ? { sessionJson: 1 } as const : undefined;
          warnings.push(warning("W_AUDIT_INPUT_REREAD", { file }, { ...params, readNow, ...(later.length > 0 ? { issuedLater: later } : {}), ...rewrittenByEnter }));
        } else {
          // Of an input piaojue rewrote, only the records whose outputs changed need running again.
          const stale = who.filter((name) => !recountedAsRecorded.has(name));
          check.problems.push(error(changed, { file }, kind === "inputs" && readNow.length > 0 ? { ...params, stale } : params));
        }
      }
    }
    // Every input different, none missing: rather than each file edited since, out/ is most likely another
    // session's (folders swapped or copied over). Said once, so the clerk is not sent to restore every input.
    const differ = check.problems.filter((d) => d.code === "E_AUDIT_INPUT_CHANGED" && d.params["now"] !== undefined);
    if (kind === "inputs" && check.checked >= 2 && differ.length === check.checked) {
      check.problems = [error("E_AUDIT_OUT_ELSEWHERE", { file: auditLabel }, { files: differ.map((d) => d.at.file), out: rel(outDir) })];
    }
  }
  // Every file in out/ must follow from a record: one nobody recorded is a forgery or a stray.
  const listed = new Set(records.flatMap(([, r]) => Object.keys(r.outputs)));
  for (const f of await filesIn(outDir)) {
    const file = rel(path.join(outDir, f));
    if (f !== AUDIT_FILE && f !== SUMS_FILE && !listed.has(file)) {
      outputs.problems.push(error("E_AUDIT_OUTPUT_UNLISTED", { file }));
    }
  }
  for (const { name, abandoned } of await pendingWrites(outDir)) {
    const at = { file: rel(path.join(outDir, name)) };
    // Killed before its commit mark: out/ still holds the whole old set, which the checks prove as it is.
    if (abandoned) warnings.push(warning("W_AUDIT_ABANDONED_WRITE", at));
    else outputs.problems.push(error("E_AUDIT_PENDING_WRITE", at));
  }
  await checkSums(path.join(outDir, SUMS_FILE), rel(path.join(outDir, SUMS_FILE)), doc, sums);

  const checks = [inputs, outputs, recount, sums];
  // The command lines a hint names. Round K's ballot (round 1's too) is printed again by `ballot --round K`
  // while its ballots are in the folder; otherwise by a plain `ballot` (which prints it while it is pending,
  // and drops it once a corrected count made it needless, where --round K fails). A runoff's too, once its
  // round is voted: runoff then has nothing pending to print.
  const present = await roundsPresent(new SessionReader(dir, "auto"));
  const rerunLine = (name: string) => {
    if (town && BATCH_WRITES.has(name)) return town.batch;
    const printed = /^(ballot|runoff)(?:-r(\d+))?$/.exec(name);
    const round = Number(printed?.[2] ?? 1);
    const line = !printed ? recordCommand(name)
      : present.has(round) ? `piaojue ballot --round ${round}` : printed[1] === "ballot" ? "piaojue ballot" : recordCommand(name);
    return commandLine(line.replace(/^piaojue /, ""));
  };
  // A record whose inputs now give another: the command that replaces it. Round 1's ballot is replaced
  // only by printing round 1 again (an older trail recorded a reprint as "the round pending"); a later
  // round's is dropped by the command that prints what is pending now.
  const replacing = (name: string, planned: string) => (name === "ballot" ? rerunLine(name) : commandLine(recordCommand(planned).replace(/^piaojue /, "")));
  // The folder audited, as the closing line and the hints name it: out/, or the -o folder as typed from here.
  // (-o naming the folder's own out/ is out/, as the command lines leave -o out then.)
  const ownOut = isOwnOut(dir, outDir);
  const audited = ownOut ? "out/" : `${displayPath(env, outDir)}/`;
  // A batch town whose plan.csv is gone: batch no longer follows its progress, so the progress batch wrote
  // there earlier can be neither checked nor written again, only cleared with the town's out/.
  const planGone = (d: Diagnostic) => town !== undefined && /^plan\.(?:csv|xlsx)$/.test(d.at.file)
    && (d.code === "E_AUDIT_INPUT_MISSING" || d.code === "E_AUDIT_RECOUNT_FAILED")
    && String(d.params["who"] ?? d.params["name"]) === "progress";
  for (const c of checks) {
    c.problems = c.problems.map((d) => {
      const params = {
        ...d.params, again: town?.audit ?? commandLine("audit"),
        ...(ownOut ? (town?.out ? { outFolder: town.out } : {}) : { outFolder: audited }), ...(planGone(d) ? { planGone: 1 } : {}),
      };
      const names = d.params["stale"] ?? d.params["who"] ?? d.params["name"];
      if (d.params["kind"] === "other-record") return { ...d, params: { ...params, rerun: [replacing(String(d.params["name"]), String(d.params["planned"]))] } };
      if (names === undefined) return { ...d, params };
      return { ...d, params: { ...params, rerun: (Array.isArray(names) ? names : [String(names)]).map(rerunLine) } };
    });
  }
  const towns: TownAudit[] = [];
  const batchLines = { batch: rerunLine("batch"), audit: commandLine("audit") };
  if (withTowns) {
    for (const folder of place.towns) towns.push(await auditTown(dir, folder, env, batchLines));
    // A session batch skips keeps whatever an earlier run left in its out/: that is not the batch's to vouch
    // for, and is said, so that a pass over the root is not read as covering it.
    for (const folder of place.skipped) {
      const trail = path.join(dir, folder, "out", AUDIT_FILE);
      if (await fs.stat(trail).then((s) => s.isFile(), () => false)) warnings.push(warning("W_AUDIT_TOWN_SKIPPED", { file: `${folder}/out/` }, { folder, audit: `piaojue audit ${commandArg(env, path.join(dir, folder))}`, batch: batchLines.batch }));
    }
    // A town whose inputs changed since (check 1 names the files) is said to be left out of the towns audited.
    for (const folder of place.changed) warnings.push(warning("W_AUDIT_TOWN_CHANGED", { file: `${folder}/out/` }, { folder, batch: batchLines.batch }));
  }
  const townsFailed = towns.filter((t) => !t.ok);
  appendAll(warnings, towns.flatMap((t) => t.warnings));
  const ok = checks.every((c) => c.problems.length === 0) && townsFailed.length === 0;
  const data = {
    ok,
    session: displayPath(env, dir),
    out: displayPath(env, outDir),
    commands,
    checks: checks.map((c) => ({
      number: c.number, name: c.name, title: c.title, ...(env.lang === "en" ? { titleEn: AUDIT_CHECKS[c.name]!.en } : {}),
      ok: c.problems.length === 0, checked: c.checked,
      // The detail in Chinese, as --json data keeps it (without the check's number: the check says it).
      problems: c.problems.map((d) => problemData(d, env.lang)),
      notes: [],
    })),
    // A batch root's: each town's own out/, as its own audit's data has it (files named from the root).
    ...(records.some(([name]) => name === "batch") && withTowns ? { towns: towns.map(({ folder, ok, checks, problems }) => ({ folder, ok, checks, problems })) } : {}),
  };
  const report = auditReport(data.session, data.out, audited, checks, records, env.lang ?? "zh", "towns" in data ? towns : undefined);
  if (ok) return { command: "audit", exitCode: EXIT.ok, data, warnings, report };
  const diagnostics = [...checks.flatMap((c) => c.problems.map((d) => error(d.code, d.at, { ...d.params, check: c.number }))), ...towns.flatMap((t) => t.errors)];
  return {
    command: "audit",
    exitCode: EXIT.invalid,
    data,
    warnings,
    error: {
      code: diagnostics[0]?.code ?? "E_AUDIT", failure: { why: "audit-failed", params: {
        checks: checks.filter((c) => c.problems.length > 0).map((c) => c.name), ...(townsFailed.length > 0 ? { towns: townsFailed.map((t) => t.folder) } : {}),
      } },
      diagnostics: [...diagnostics, ...warnings],
    },
    report,
  };
}

interface AuditPlace {
  dir: string;
  /** A batch record's towns, relative to dir, as its recount found them. */
  towns: string[];
  /** The sessions batch skips for their inputs (nothing written to their out/). */
  skipped: string[];
  /** The towns whose inputs changed since batch wrote them: their out/ is not batch's to vouch for now. */
  changed: string[];
  outDir: string;
  env: CommandEnv;
  auditLabel: string;
  /** audit.json with the place of each value, for a record's diagnostics. */
  source: JsonSource;
  rel: (p: string) => string;
  recount: Check;
  inputs: Check;
}

/**
 * Plans a record's command again in memory, with the options and at the time it recorded, and compares:
 * the record's name, its rules, the inputs it reads, and every planned file byte for byte with out/.
 * True when what it plans is, file for file, what the record says it wrote (its hashes), whatever out/
 * holds now: then a changed input it read is no cause of a failure.
 */
async function recountRecord(
  name: string, record: CommandRecord, found: { r: Recount; m: RegExpExecArray }, at: AuditPlace, issuedRounds?: number,
): Promise<boolean> {
  const { dir, outDir, env, rel, recount } = at;
  const options = found.r.options.safeParse(record.options);
  if (!options.success) {
    // Placed at the option in audit.json; one the command always writes and the record lacks is named.
    const issue = options.error.issues[0]!;
    const [key] = issue.path;
    const lacks = record.options === undefined ? "options"
      : issue.code === "invalid_type" && issue.path.length === 1 && !Object.hasOwn(record.options, key!) ? `options.${String(key)}` : undefined;
    const params = { name, options: JSON.stringify(record.options ?? null), ...(lacks ? { missing: lacks } : {}) };
    const position = positionOf(at.source, ["commands", name, "options", ...issue.path]);
    recount.problems.push(error("E_AUDIT_OPTIONS", { file: at.auditLabel, ...position }, params));
    return false;
  }
  // A batch that could not write a session's results is not a tampered summary: it is said as it is.
  const unwritten = (options.data?.unwritten ?? {}) as BatchUnwritten;
  for (const [of, folders] of Object.entries(unwritten)) {
    for (const [folder, errors] of Object.entries(folders ?? {}) as [string, Diagnostic[]][]) {
      const first = errors[0];
      const cause = first && causeOf(first);
      const file = rel(path.join(dir, folder, "out"));
      recount.problems.push(error("E_AUDIT_BATCH_UNWRITTEN", { file }, { name, town: folder, of, ...(cause ? { cause } : {}) }));
    }
  }
  const encoding = ENCODING.safeParse(options.data?.encoding).data ?? "auto";
  const recorded = new Set(Object.keys(record.inputs));
  const reader = found.r.kind === "in-memory"
    ? new SessionReader(dir, encoding)
    : new RecordedReader(dir, encoding, recorded, issuedRounds);
  const ctx = planContext({ ...env, encoding, now: () => new Date(record.generatedAt) }, dir, outDir);
  let planned: Planned<unknown>;
  try {
    planned = await found.r.plan(found.m, options.data, reader, ctx);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    planned = failed(name, e.diagnostics);
  }
  const output = planned.output;
  if (planned.error || output?.record === undefined) {
    const first = planned.error?.diagnostics.find((d) => d.severity === "error");
    recount.problems.push(error("E_AUDIT_RECOUNT_FAILED", first?.at ?? { file: name }, first ? { name, cause: first } : { name }));
    return false;
  }
  if (output.record !== name) {
    const params = { kind: "other-record", name, planned: output.record };
    recount.problems.push(error("E_AUDIT_RECOUNT_DIFFERS", { file: at.auditLabel }, params));
    return false;
  }
  if (name === "batch") {
    const { towns, skipped, townInputs } = planned.data as { towns: string[]; skipped: string[]; townInputs: Map<string, Map<string, string>> };
    // A town is as batch last saw it only when it reads today the very inputs the record read: one added
    // since, or fixed since batch skipped it, was never written by batch, and one changed since may not be
    // what batch did (the changed, added or missing input, said in check 1, tells the clerk to run batch again).
    const folders = [...townInputs.keys()].filter((f) => f !== ".").sort((a, b) => b.length - a.length);
    const townOf = (file: string) => folders.find((f) => file.startsWith(`${f}/`)) ?? ".";
    const readThen = (folder: string) => Object.entries(record.inputs).filter(([file]) => townOf(file) === folder);
    const seenByBatch = (folder: string) => {
      const now = new Map([...townInputs.get(folder) ?? []].map(([file, hash]) => [rel(path.join(dir, file)), hash]));
      const then = readThen(folder);
      return then.length === now.size && then.every(([file, hash]) => now.get(file) === hash);
    };
    appendAll(at.towns, towns.filter(seenByBatch));
    appendAll(at.skipped, skipped.filter(seenByBatch));
    // A town batch wrote whose inputs differ now (one added since is no town batch wrote).
    appendAll(at.changed, towns.filter((f) => readThen(f).length > 0 && !seenByBatch(f)));
  }
  if (JSON.stringify(record.rules ?? null) !== JSON.stringify(output.rules ?? null)) {
    // The rules an evaluation or a bulletin records are its own file's, not the vote's.
    const rulesFile = name.startsWith("evaluate") ? "evaluation.json" : name === "progress" ? "progress.json" : "session.json";
    // The rules file as the record read it (its hash unchanged) gives other rules: the record was edited.
    const readNowHash = reader.inputs.get(rulesFile);
    if (readNowHash !== undefined && record.inputs[rel(path.join(dir, rulesFile))] === readNowHash) {
      recount.problems.push(error("E_AUDIT_RULES_CHANGED", { file: at.auditLabel }, { name, file: rulesFile, recordAltered: 1 }));
    } else recount.problems.push(error("E_AUDIT_RULES_CHANGED", { file: rulesFile }, { name, file: rulesFile }));
  }
  // What a record says was printed (the seats left, each line's id and name, which enter checks the paper
  // against) is what the same inputs give now: an edited record must not pass for the paper.
  for (const option of ["seats", "lines"]) {
    const was = (record.options as Record<string, unknown> | undefined)?.[option];
    if (was !== undefined && JSON.stringify(was) !== JSON.stringify(output.options?.[option])) {
      recount.problems.push(error("E_AUDIT_RECOUNT_DIFFERS", { file: at.auditLabel }, { kind: "option", name, option }));
    }
  }
  const readNow = new Set([...reader.inputs.keys()].map((n) => rel(path.join(dir, n))));
  for (const file of readNow) {
    if (!recorded.has(file)) at.inputs.problems.push(error("E_AUDIT_INPUT_ADDED", { file }, { name }));
  }
  for (const file of recorded) {
    // A file gone is not read: E_AUDIT_INPUT_MISSING says that once, for every record that read it.
    if (!readNow.has(file) && (await readState(path.resolve(dir, file))) !== "missing") at.inputs.problems.push(error("E_AUDIT_INPUT_UNREAD", { file }, { name }));
  }
  const icu = icuNote(record);
  for (const f of output.files) {
    const file = rel(path.join(outDir, f.name));
    const expected = Buffer.from(f.content);
    recount.checked++;
    const now = await readState(path.join(outDir, f.name));
    if (typeof now === "string") {
      recount.problems.push(error("E_AUDIT_RECOUNT_DIFFERS", { file }, { kind: "not-in-out", name, ...icu }));
    } else if (!now.bytes.equals(expected)) {
      if (isTextOutput(f.name)) {
        const d = firstDifference(expected, now.bytes);
        recount.problems.push(error("E_AUDIT_RECOUNT_DIFFERS", { file, ...d }, { name, fromLine: d.line, fromColumn: d.column, ...icu }));
      } else recount.problems.push(error("E_AUDIT_RECOUNT_DIFFERS", { file }, { kind: "content", name, ...icu }));
    }
  }
  const plannedNames = new Set(output.files.map((f) => rel(path.join(outDir, f.name))));
  for (const file of Object.keys(record.outputs).filter((f) => !plannedNames.has(f))) {
    recount.problems.push(error("E_AUDIT_RECOUNT_DIFFERS", { file }, { kind: "not-planned", name }));
  }
  return plannedNames.size === Object.keys(record.outputs).length
    && output.files.every((f) => record.outputs[rel(path.join(outDir, f.name))] === sha256(f.content));
}

/** Whether session.json is not the file the record read. */
async function sessionChangedSince(record: CommandRecord, { dir, rel }: AuditPlace): Promise<boolean> {
  const now = await readState(path.join(dir, SESSION_FILE));
  return typeof now !== "string" && record.inputs[rel(path.join(dir, SESSION_FILE))] !== now.hash;
}

/** Every file below out/, relative to it, but the traces of unfinished writes (reported on their own). */
async function filesIn(outDir: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(d: string, prefix: string): Promise<void> {
    let entries;
    try { entries = await fs.readdir(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      if (prefix === "" && isWriteTrace(e.name)) continue;
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

async function checkSums(file: string, label: string, doc: AuditDocument, check: Check): Promise<void> {
  const problem = (at: { line: number; column: number }, params: Params = {}) =>
    check.problems.push(error("E_AUDIT_SUMS_MISMATCH", { file: label, ...at }, params));
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch {
    check.problems.push(error("E_AUDIT_SUMS_MISSING", { file: label }));
    return;
  }
  const expected = sumsText(doc);
  const want = new Map(expected.split("\n").filter(Boolean).map((l) => parseSumsLine(l)!).map((e) => [e.name, e.hash] as const));
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const got = new Set<string>();
  lines.forEach((l, i) => {
    check.checked++;
    const entry = parseSumsLine(l);
    const at = { line: i + 1, column: 1 };
    if (!entry) {
      check.problems.push(error("E_AUDIT_SUMS_FORMAT", { file: label, ...at }));
      return;
    }
    const { hash, name: p } = entry;
    got.add(p);
    const w = want.get(p);
    if (w === undefined) problem(at, { kind: "extra", path: p });
    else if (w !== hash) problem(at, { kind: "hash", path: p });
  });
  for (const p of want.keys()) {
    if (!got.has(p)) problem({ line: lines.length + 1, column: 1 }, { kind: "missing", path: p });
  }
  if (check.problems.length === 0 && text !== expected) {
    problem(firstDifference(Buffer.from(expected), Buffer.from(text)));
  }
}

/** A record's time as this machine's clock shows it, with its offset from UTC (audit.json keeps UTC). */
function clockTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, "0");
  const offset = -d.getTimezoneOffset();
  const zone = `UTC${offset < 0 ? "-" : "+"}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`;
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${zone}`;
}

function auditReport(session: string, out: string, audited: string, checks: Check[], records: [string, CommandRecord][], lang: Lang, towns?: TownAudit[]): string[] {
  const en = lang === "en";
  const lines = [en ? `Audit of ${session} (audit record ${out}/${AUDIT_FILE})` : `核查 ${session}（审计记录 ${out}/${AUDIT_FILE}）`];
  for (const [name, r] of records) {
    const [read, written] = [Object.keys(r.inputs).length, Object.keys(r.outputs).length];
    lines.push(en
      ? `  ${name}: ${clockTime(r.generatedAt)}, piaojue ${r.toolVersion}, ${read} ${read === 1 ? "file" : "files"} read, ${written} written`
      : `  ${name}：${clockTime(r.generatedAt)}，piaojue ${r.toolVersion}，读取 ${read} 个文件，写出 ${written} 个文件`);
  }
  lines.push("");
  for (const c of checks) {
    const n = c.problems.length;
    if (en) {
      const what = c.number === 4 ? `${c.checked} ${c.checked === 1 ? "line" : "lines"}` : `${c.checked} ${c.checked === 1 ? "file" : "files"}`;
      lines.push(`${c.number}. ${AUDIT_CHECKS[c.name]?.en ?? c.title}: ${n === 0 ? `passed (${what})` : `failed (${n} ${n === 1 ? "problem" : "problems"})`}`);
    } else {
      const what = c.number === 4 ? `${c.checked} 行` : `${c.checked} 个文件`;
      lines.push(`${c.number}. ${c.title}：${n === 0 ? `通过（${what}）` : `未通过（${n} 处）`}`);
    }
    appendAll(lines, c.problems.map((d) => problemLine(d, lang)));
  }
  if (towns) {
    const failedTowns = towns.filter((t) => !t.ok);
    lines.push("", en
      ? `Towns' own out folders (written by batch): ${towns.length} audited, ${failedTowns.length} failed`
      : `各镇自己的 out/（batch 写出的结果）：核查 ${towns.length} 个镇，未通过 ${failedTowns.length} 个`);
    for (const t of failedTowns) {
      lines.push(en ? `  ${t.folder}: failed` : `  ${t.folder}：未通过`);
      for (const d of t.errors) lines.push(problemLine(d, lang));
    }
  }
  const ok = checks.every((c) => c.problems.length === 0) && (towns ?? []).every((t) => t.ok);
  lines.push("", en
    ? (ok ? `Audit passed: the results in ${audited} follow again from today's input files, byte for byte.` : `Audit of ${audited} failed: see the files marked ✗ above.`)
    : (ok ? `核查通过：${audited} 中的结果由现在的输入文件重新得出，逐字节相同。` : `核查未通过（${audited}）：见上面标 ✗ 的文件。`));
  return lines;
}
