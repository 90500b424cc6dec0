// out/SHA256SUMS and out/audit.json: every input read and output written, per command, so a tally can be
// proved later (`sha256sum -c`, `piaojue audit`). Each command replaces only its own section.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { sha256, type OutputFile } from "./files.js";

export const SUMS_FILE = "SHA256SUMS";
export const AUDIT_FILE = "audit.json";

export interface CommandRecord {
  generatedAt: string;
  toolVersion: string;
  rules?: unknown;
  inputs: Record<string, string>;
  outputs: Record<string, string>;
}

export interface AuditDocument {
  tool: "piaojue";
  schemaVersion: 1;
  commands: Record<string, CommandRecord>;
}

export async function readAudit(outDir: string): Promise<AuditDocument | null> {
  try {
    const doc = JSON.parse(await fs.readFile(path.join(outDir, AUDIT_FILE), "utf8")) as AuditDocument;
    if (doc && doc.tool === "piaojue" && typeof doc.commands === "object") return doc;
  } catch { /* a missing or unreadable audit file is started afresh */ }
  return null;
}

/** Adds SHA256SUMS and audit.json to a command's output set. Paths are relative to the session folder. */
export async function withAuditTrail(params: {
  sessionDir: string;
  outDir: string;
  command: string;
  version: string;
  now: Date;
  rules?: unknown;
  inputs: Map<string, string>;
  files: OutputFile[];
}): Promise<OutputFile[]> {
  const { sessionDir, outDir } = params;
  const rel = (p: string) => path.relative(sessionDir, p).split(path.sep).join("/");
  const inputs: Record<string, string> = {};
  for (const [name, hash] of [...params.inputs].sort(([a], [b]) => (a < b ? -1 : 1))) inputs[rel(path.join(sessionDir, name))] = hash;
  const outputs: Record<string, string> = {};
  for (const f of [...params.files].sort((a, b) => (a.name < b.name ? -1 : 1))) outputs[rel(path.join(outDir, f.name))] = sha256(f.content);
  const previous = (await readAudit(outDir)) ?? { tool: "piaojue", schemaVersion: 1, commands: {} };
  const record: CommandRecord = { generatedAt: params.now.toISOString(), toolVersion: params.version, ...(params.rules === undefined ? {} : { rules: params.rules }), inputs, outputs };
  const commands = { ...previous.commands, [params.command]: record };
  const doc: AuditDocument = { tool: "piaojue", schemaVersion: 1, commands: Object.fromEntries(Object.entries(commands).sort(([a], [b]) => (a < b ? -1 : 1))) };
  // Later commands win where two list one path (an input read again after it changed).
  const sums = new Map<string, string>();
  const order = Object.entries(doc.commands).sort(([, a], [, b]) => (a.generatedAt < b.generatedAt ? -1 : 1));
  for (const [, r] of order) for (const [p, h] of [...Object.entries(r.inputs), ...Object.entries(r.outputs)]) sums.set(p, h);
  const sumsText = [...sums].sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, h]) => `${h}  ${p}\n`).join("");
  return [...params.files, { name: SUMS_FILE, content: sumsText }, { name: AUDIT_FILE, content: JSON.stringify(doc, null, 2) + "\n" }];
}
