// out/SHA256SUMS and out/audit.json: every input read and output written, per command, so a tally can be
// proved later (`sha256sum -c`, `piaojue audit`). Each command replaces only its own section.
import { promises as fs, realpathSync } from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { error, InputError, type Diagnostic } from "../core/diagnostics.js";
import { parseJsonSource, type JsonSource } from "../core/json-source.js";
import { schemaDiagnostics } from "../core/schema-diagnostics.js";
import { sha256 } from "./digest.js";
import type { OutputFile } from "./files.js";

export const SUMS_FILE = "SHA256SUMS";
export const AUDIT_FILE = "audit.json";

const HASH = z.string().regex(/^[0-9a-f]{64}$/, "sha256-hex");
const RELATIVE = z.string().min(1).refine((p) => !path.isAbsolute(p) && !/^[A-Za-z]:/.test(p) && !p.includes("\0"), "session-relative");

/** audit.json as this version writes it; unknown keys in a record are ignored (a later version may add some). */
export const auditSchema = z.object({
  tool: z.literal("piaojue"),
  schemaVersion: z.literal(1),
  /** The session folder whose outputs these are, relative to out/ (".." for the default out/). */
  session: RELATIVE.optional(),
  commands: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, "command-name"), z.object({
    generatedAt: z.string(),
    toolVersion: z.string(),
    rules: z.unknown().optional(),
    /** The command-line choices that shape the outputs (e.g. tally's round limit and input encoding), for a recount. */
    options: z.record(z.string(), z.unknown()).optional(),
    /** The ICU of the Node that ran the command: stroke and pinyin order follow its collation (core/order.ts). */
    icu: z.object({ version: z.string().max(40), unicode: z.string().max(40).optional(), cldr: z.string().max(40).optional() }).optional(),
    inputs: z.record(RELATIVE, HASH),
    outputs: z.record(RELATIVE, HASH),
  })),
});

export type AuditDocument = z.infer<typeof auditSchema>;
export type CommandRecord = AuditDocument["commands"][string];

/** This Node's ICU (a Node built without ICU has none, and then orders by code point). */
export function currentIcu(): CommandRecord["icu"] {
  const { icu, unicode, cldr } = process.versions;
  if (!icu) return undefined;
  return { version: icu, ...(unicode ? { unicode } : {}), ...(cldr ? { cldr } : {}) };
}

/**
 * audit.json's text read as audit reads it (it is an input there, and as hostile as any other): parsed
 * with positions, checked by the schema. `label` names the file in the diagnostics (out/audit.json).
 */
export function parseAudit(text: string, label: string): { doc: AuditDocument; source: JsonSource } | { why: "audit-unreadable" | "audit-malformed"; diagnostics: Diagnostic[] } {
  const parsed = parseJsonSource(text, label, true);
  // Marked as the trail's: a file piaojue wrote is restored, not mended by hand (the hint says so).
  if (!parsed.source) return { why: "audit-unreadable", diagnostics: parsed.diagnostics.map((d) => ({ ...d, params: { ...d.params, trail: 1 } })) };
  const checked = auditSchema.safeParse(parsed.source.value);
  if (checked.success) return { doc: checked.data, source: parsed.source };
  return { why: "audit-malformed", diagnostics: schemaDiagnostics(checked.error.issues, parsed.source, label, "E_AUDIT_SCHEMA") };
}

/** `to` relative to `from`, with "/" on every system, as audit.json and SHA256SUMS name files. */
function slashed(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join("/");
}

/** audit.json labelled as audit names it: relative to the session folder. */
export function auditLabel(sessionDir: string, outDir: string): string {
  return slashed(sessionDir, path.join(outDir, AUDIT_FILE));
}

/**
 * The audit.json out/ holds, or null when there is none (or it cannot be read at all). One that is there
 * but damaged is refused (InputError, as audit says it): starting it afresh would drop every other
 * command's record, and with them the proof of their outputs.
 */
async function readAudit(outDir: string, sessionDir: string): Promise<AuditDocument | null> {
  let text: string;
  try { text = await fs.readFile(path.join(outDir, AUDIT_FILE), "utf8"); } catch { return null; }
  const read = parseAudit(text, auditLabel(sessionDir, outDir));
  if ("doc" in read) return read.doc;
  throw new InputError(read.diagnostics);
}

/**
 * out/'s audit.json when it is this session folder's (a shared -o may hold another session's), else null;
 * null too when it is damaged: what is read here only adds notes, and the write that follows refuses it.
 */
export async function readSessionAudit(outDir: string, sessionDir: string): Promise<AuditDocument | null> {
  const doc = await readAudit(outDir, sessionDir).catch((e: unknown) => { if (e instanceof InputError) return null; throw e; });
  return doc && (sessionOf(outDir, doc) ?? realPath(sessionDir)) === realPath(sessionDir) ? doc : null;
}

/** The records audit.json in out/ holds now (none without one), e.g. to see whether any is to be dropped. */
export async function recordNames(outDir: string, sessionDir: string): Promise<string[]> {
  return Object.keys((await readAudit(outDir, sessionDir))?.commands ?? {});
}

interface TrailEntry {
  sessionDir: string;
  outDir: string;
  /** The record this command writes; undefined when it writes nothing of its own and only drops records. */
  command: string | undefined;
  /** Earlier records of this command that no longer hold (a runoff ballot a corrected count made needless). */
  drop?: (record: string) => boolean;
  version: string;
  now: Date;
  rules?: unknown;
  options?: Record<string, unknown>;
  inputs: ReadonlyMap<string, string>;
}

/**
 * Adds SHA256SUMS and audit.json to a command's output set, from the audit.json out/ holds when it is
 * called: writeOutputSet calls it with the lock held (`complete`), so a record written meanwhile by
 * another command is kept. Paths are relative to the session folder.
 */
export function auditTrail(entry: TrailEntry): (files: readonly OutputFile[]) => Promise<{ files: OutputFile[]; remove: string[] }> {
  return async (files) => {
    const found = (await readAudit(entry.outDir, entry.sessionDir)) ?? { tool: "piaojue", schemaVersion: 1, commands: {} };
    const dropped = Object.keys(found.commands).filter((name) => name !== entry.command && entry.drop?.(name));
    // Nothing of its own to write and nothing to drop: out/ is left as it is, whoever's it is.
    if (entry.command === undefined && dropped.length === 0) return { files: [], remove: [] };
    const previous = { ...found, commands: Object.fromEntries(Object.entries(found.commands).filter(([name]) => !dropped.includes(name))) };
    const other = otherSession(previous, entry);
    if (other !== undefined) throw new InputError([error("E_OUT_OTHER_SESSION", { file: entry.outDir }, { out: entry.outDir, command: other })]);
    return { files: withRecord(previous, entry, files), remove: staleOutputs(previous, entry, files, dropped.map((name) => found.commands[name]!)) };
  };
}

/** A path with its folders' links resolved as far as they exist (out/ may not exist yet). */
export function realPath(p: string): string {
  const full = path.resolve(p);
  try { return realpathSync.native(full); } catch { /* not there (yet) */ }
  const parent = path.dirname(full);
  return parent === full ? full : path.join(realPath(parent), path.basename(full));
}

/** The session folder an audit.json names, with links resolved (undefined for one written before it named it). */
export function sessionOf(outDir: string, doc: Pick<AuditDocument, "session">): string | undefined {
  return doc.session === undefined ? undefined : realPath(path.resolve(realPath(outDir), doc.session));
}

/**
 * The command of a record another session folder left in out/ beside what this entry replaces, if any.
 * One out/ holds one session folder's outputs: SHA256SUMS lists paths relative to that folder (SPEC §10),
 * so two sessions' records side by side (`-o` shared: one's tally, another's evaluation) would make a list
 * no folder can check. A command replaces its own record (SPEC §10), so only the other records count.
 * audit.json names its session folder; one written before it did is judged by its records, whose
 * outputs, read from this session folder, must land in this out/.
 */
function otherSession(previous: AuditDocument, entry: TrailEntry): string | undefined {
  const kept = Object.entries(previous.commands).filter(([command]) => command !== entry.command);
  if (previous.session !== undefined) return sessionOf(entry.outDir, previous) === realPath(entry.sessionDir) ? undefined : kept[0]?.[0];
  const outDir = realPath(entry.outDir);
  const elsewhere = (p: string) => !realPath(path.join(entry.sessionDir, p)).startsWith(outDir + path.sep);
  return kept.find(([, record]) => Object.keys(record.outputs).some(elsewhere))?.[0];
}

/**
 * The files this command wrote last time and does not write now (batch-progress.csv once no township
 * has a plan), and those of the records it drops: each command replaces its own files (SPEC §10), so
 * they go, unless another command's record lists them too. Names are relative to out/.
 */
function staleOutputs(previous: AuditDocument, entry: TrailEntry, files: readonly OutputFile[], dropped: readonly CommandRecord[]): string[] {
  const toOut = (p: string) => slashed(entry.outDir, path.join(entry.sessionDir, p));
  const kept = new Set(files.map((f) => f.name));
  for (const [command, record] of Object.entries(previous.commands)) {
    if (command !== entry.command) for (const p of Object.keys(record.outputs)) kept.add(toOut(p));
  }
  const own = entry.command === undefined ? undefined : previous.commands[entry.command];
  return [own, ...dropped].flatMap((record) => Object.keys(record?.outputs ?? {})).map(toOut)
    .filter((name) => !kept.has(name) && name !== SUMS_FILE && name !== AUDIT_FILE && !name.startsWith("../"));
}

/** The output set with its trail: `previous` with the entry's record put in (replacing its own earlier one). */
function withRecord(previous: AuditDocument, entry: TrailEntry, files: readonly OutputFile[]): OutputFile[] {
  const { sessionDir, outDir } = entry;
  const rel = (p: string) => slashed(sessionDir, p);
  const inputs = [...entry.inputs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, hash]) => [rel(path.join(sessionDir, name)), hash]);
  const outputs = [...files].sort((a, b) => (a.name < b.name ? -1 : 1)).map((f) => [rel(path.join(outDir, f.name)), sha256(f.content)]);
  // A key left undefined (no rules, no options, a Node without ICU) is left out of the JSON text.
  const record: CommandRecord = {
    generatedAt: entry.now.toISOString(), toolVersion: entry.version, rules: entry.rules, options: entry.options, icu: currentIcu(),
    inputs: Object.fromEntries(inputs), outputs: Object.fromEntries(outputs),
  };
  const commands = entry.command === undefined ? previous.commands : { ...previous.commands, [entry.command]: record };
  // Between real paths: the same folder reached through a link is the same session.
  const session = slashed(realPath(outDir), realPath(sessionDir)) || ".";
  const doc: AuditDocument = { tool: "piaojue", schemaVersion: 1, session, commands: Object.fromEntries(Object.entries(commands).sort(([a], [b]) => (a < b ? -1 : 1))) };
  return [...files, { name: SUMS_FILE, content: sumsText(doc) }, { name: AUDIT_FILE, content: JSON.stringify(doc, null, 2) + "\n" }];
}

/** SHA256SUMS as it follows from audit.json: every path once, later commands winning (an input read again after it changed). */
export function sumsText(doc: Pick<AuditDocument, "commands">): string {
  const sums = new Map<string, string>();
  const order = Object.entries(doc.commands).sort(([, a], [, b]) => (a.generatedAt < b.generatedAt ? -1 : 1));
  for (const [, r] of order) for (const [p, h] of [...Object.entries(r.inputs), ...Object.entries(r.outputs)]) sums.set(p, h);
  return [...sums].sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, h]) => sumsLine(h, p)).join("");
}

// A name with a backslash, a line end or a carriage return is written as sha256sum writes it: escaped,
// the line marked by a leading backslash, so `sha256sum -c` reads it back as one line.
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r" };

function sumsLine(hash: string, name: string): string {
  return /[\\\n\r]/.test(name) ? `\\${hash}  ${name.replace(/[\\\n\r]/g, (c) => ESCAPES[c]!)}\n` : `${hash}  ${name}\n`;
}

/** One line of a SHA256SUMS file as sha256sum -c reads it (escaped names unescaped), or null. */
export function parseSumsLine(line: string): { hash: string; name: string } | null {
  // s: a name may hold U+2028 or U+2029, which sha256sum leaves as they are but "." would not match.
  const m = /^(\\)?([0-9a-f]{64}) [ *](.+)$/s.exec(line);
  if (!m) return null;
  const name = m[1] ? m[3]!.replace(/\\(.)/g, (_, c: string) => ({ n: "\n", r: "\r" })[c] ?? c) : m[3]!;
  return { hash: m[2]!, name };
}
