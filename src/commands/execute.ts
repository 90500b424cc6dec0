// The one shape of a command: a plan reads its inputs only through the reader it is given and returns
// what the command says and writes (data, report, exit code, files); it touches no file itself. The
// executor owns the rest: it finishes any set a killed run left in out/, builds the reader (which hashes
// what it reads), calls the plan, and writes the files with their audit trail as one set. `audit` calls
// the same plans in memory and compares their bytes with out/.
import { existsSync, readlinkSync } from "node:fs";
import * as path from "node:path";
import { error, InputError, type Diagnostic, type Params } from "../core/diagnostics.js";
import { auditTrail, realPath, recordNames } from "../io/audit-trail.js";
import { recoverOutDir, SessionReader, writeOutputSet, type OutputFile } from "../io/files.js";
import { commandArg, namedAsTyped, shownPath } from "./load.js";
import type { CommandEnv, Outcome } from "./outcome.js";

/** What a plan writes: its files, and the record audit.json keeps of them. */
export interface PlannedOutput {
  /**
   * The record's name in audit.json ("tally", "ballot-r2", "runoff-r2"…): audit finds the plan by it.
   * Undefined when the plan writes nothing of its own and only drops records (`drop`).
   */
  record?: string;
  files: OutputFile[];
  /** Earlier records of this command that no longer hold; their files leave out/ with them. */
  drop?: (record: string) => boolean;
  rules?: unknown;
  /** The choices that shape the files, recorded so that audit plans again with them. */
  options?: Record<string, unknown>;
}

export interface Planned<T> extends Outcome<T> {
  output?: PlannedOutput;
}

/**
 * A record's options, with the input encoding when one was forced: audit must read the files the same
 * way (a GBK file that happens to be valid UTF-8 reads differently under "auto"). None when empty.
 */
export function recordedOptions(env: CommandEnv, options: Record<string, unknown> = {}): { options?: Record<string, unknown> } {
  const all = env.encoding !== "auto" ? { ...options, encoding: env.encoding } : options;
  return Object.keys(all).length > 0 ? { options: all } : {};
}

/** What a plan may know beyond its inputs: the environment and how to name out/ in its report. */
export interface PlanContext {
  env: CommandEnv;
  outLabel: string;
  /**
   * A next command as the clerk types it: `piaojue runoff`, or with the folder and `-o` when out/ is
   * elsewhere (without the same -o the next command would not find this one's results).
   */
  commandLine(command: string): string;
}

export type Plan<O, T> = (reader: SessionReader, options: O, ctx: PlanContext) => Promise<Planned<T>>;

interface Place {
  dir: string;
  outDir: string;
  /** The plan neither reads out/ nor writes there (check): a live writer's lock is not waited for. */
  readsNothingThere?: boolean;
}

/** Whether `outDir` is the session folder's own out/, the default that command lines and messages leave unsaid. */
export function isOwnOut(dir: string, outDir: string): boolean {
  return path.resolve(outDir) === path.join(path.resolve(dir), "out");
}

/** out/ labelled as the user would type it. */
export function planContext(env: CommandEnv, dir: string, outDir: string): PlanContext {
  // The folder is named unless it is where the clerk stands (every session command's folder defaults to
  // "."), and -o unless it is the folder's own out/. batch's root has no default: it is always named.
  const here = path.resolve(env.cwd, dir) === path.resolve(env.cwd);
  const folder = (command: string) => (!here ? ` ${commandArg(env, dir)}` : /^batch\b/.test(command) ? " ." : "");
  const out = isOwnOut(dir, outDir) ? "" : ` -o ${commandArg(env, outDir)}`;
  return { env, outLabel: path.relative(env.cwd, outDir) || ".", commandLine: (command) => `piaojue ${command}${folder(command)}${out}` };
}

/** Runs a plan on a session folder and writes what it planned into out/, with the audit trail. */
export async function execute<O, T>(plan: Plan<O, T>, options: O, place: Place, env: CommandEnv): Promise<Outcome<T>> {
  await recoverOutDir(place.outDir, { readsNothingThere: place.readsNothingThere ?? false });
  const reader = new SessionReader(place.dir, env.encoding);
  // Diagnostics about workbooks name the sheet and cell; a folder argument that is a file is named as typed.
  const located = (list: readonly Diagnostic[]) => reader.located(list).map((d) => namedAsTyped(env, d));
  const { output, ...outcome } = await plan(reader, options, planContext(env, place.dir, place.outDir)).catch((e: unknown) => {
    throw e instanceof InputError ? new InputError(located(e.diagnostics)) : e;
  });
  if (output) await writePlanned(output, reader.inputs, place, env);
  return {
    ...outcome,
    // With what reading the workbooks chose on the clerk's behalf.
    warnings: [...reader.workbookWarnings, ...reader.located(outcome.warnings)],
    ...(outcome.error ? { error: { ...outcome.error, diagnostics: located(outcome.error.diagnostics) } } : {}),
  };
}

/**
 * The first file in `dir` that only a session-like folder holds (an input no command writes into out/),
 * or undefined: such a folder is never an output folder.
 */
export async function inputsMarkerIn(dir: string): Promise<string | undefined> {
  return ["session.json", "candidates.csv", "evaluation.json", "plan.csv"].find((marker) => existsSync(path.join(dir, marker)));
}

/**
 * The folder's own out/ that is a link (to another session, or back to the folder): where it points. No -o
 * sent the outputs there, so the hint is to remove the link, not to leave out -o.
 */
export function outLink(dir: string, outDir: string): { link?: string } {
  if (path.resolve(outDir) !== path.resolve(dir, "out")) return {};
  try {
    return { link: readlinkSync(outDir) };
  } catch {
    return {};
  }
}

/** Writes a plan's files into out/ as one set; the trail is read and rebuilt with the lock held. */
export async function writePlanned(output: PlannedOutput, inputs: ReadonlyMap<string, string>, place: Place, env: CommandEnv): Promise<void> {
  try {
    await writeOutputs(output, inputs, place, env);
  } catch (e) {
    // A refusal names out/ (or a file in it) by its full path where it was found: shown as the clerk reaches it.
    if (!(e instanceof InputError)) throw e;
    throw new InputError(e.diagnostics.map((d) => (path.isAbsolute(d.at.file) ? { ...d, at: { ...d.at, file: shownPath(env, d.at.file) } } : d)));
  }
}

async function writeOutputs(output: PlannedOutput, inputs: ReadonlyMap<string, string>, place: Place, env: CommandEnv): Promise<void> {
  // Only records to drop: with none of them in out/ nothing is written (nor out/ made, nor locked).
  if (output.record === undefined && !(await recordNames(place.outDir, place.dir)).some((name) => output.drop?.(name))) return;
  refuseOverwritingInputs(output, inputs, place);
  // Nor another session's folder (or an evaluation's or a plan's): the outputs would stand among its
  // inputs, and a results.csv written there would replace the project list an evaluation reads.
  const marker = await inputsMarkerIn(place.outDir);
  if (marker) {
    const own: Params = isOwnOut(place.dir, place.outDir) ? { own: 1 } : {};
    throw new InputError([error("E_OUT_IS_SESSION", { file: place.outDir }, { out: place.outDir, other: 1, marker, ...own, ...outLink(place.dir, place.outDir) })]);
  }
  const holding = outHoldingSession(place.outDir, [place.dir], env);
  if (holding) throw new InputError([holding]);
  const other = otherSessionsOut(place);
  if (other !== undefined) {
    const shown = shownPath(env, place.outDir);
    throw new InputError([error("E_OUT_OTHER_SESSION", { file: shown }, { out: shown, township: shownPath(env, other) })]);
  }
  await writeOutputSet(place.outDir, output.files, [], {
    record: output.record,
    complete: auditTrail({
      sessionDir: place.dir, outDir: place.outDir, command: output.record, version: env.version, now: env.now(),
      drop: output.drop, rules: output.rules, options: output.options, inputs,
    }),
  });
}

/**
 * The session folder whose own out/ the output folder is, or lies in (`tally B -o A/out`, through a link
 * too): its official results and their trail. Folders above the session's own are not looked at.
 */
function otherSessionsOut(place: Place): string | undefined {
  const own = realPath(place.dir);
  for (let p = realPath(place.outDir); p !== own && !own.startsWith(p + path.sep); p = path.dirname(p)) {
    const parent = path.dirname(p);
    if (parent === p) return undefined;
    if (path.basename(p) === "out" && parent !== own && existsSync(path.join(parent, "session.json"))) return parent;
  }
  return undefined;
}

/**
 * The output folder holds one of `sessions` (`-o .` from the folder above it): the outputs would stand
 * among and above the inputs, and audit, which checks every file of out/, could never pass.
 */
export function outHoldingSession(outDir: string, sessions: readonly string[], env: CommandEnv): Diagnostic | null {
  const out = realPath(outDir);
  const inside = out.endsWith(path.sep) ? out : out + path.sep;
  const held = sessions.find((dir) => realPath(dir).startsWith(inside));
  if (held === undefined) return null;
  const shown = shownPath(env, outDir);
  return error("E_OUT_HOLDS_SESSION", { file: shown }, { out: shown, session: shownPath(env, held) });
}

/**
 * Inputs are never modified (SPEC §2): out/ may not be the session folder itself (its files would stand
 * beside the inputs, and be read as inputs next time: progress.xlsx beside progress.csv), and no file
 * written may land on a file read (`-o` pointing at the folder an input was read from).
 */
function refuseOverwritingInputs(output: PlannedOutput, inputs: ReadonlyMap<string, string>, place: Place): void {
  const outDir = realPath(place.outDir);
  if (outDir === realPath(place.dir)) throw new InputError([error("E_OUT_IS_SESSION", { file: place.outDir }, { out: place.outDir, ...outLink(place.dir, place.outDir) })]);
  const read = new Set([...inputs.keys()].map((name) => realPath(path.join(place.dir, name))));
  const clash = output.files.find((f) => read.has(path.join(outDir, f.name)));
  if (clash) throw new InputError([error("E_OUT_OVERWRITES_INPUT", { file: path.join(place.outDir, clash.name) }, { file: clash.name, out: place.outDir })]);
}
