// The few figures a clerk corrects on the day (实到, 发出, and the hand count's 收回 and 无效) are written into
// session.json by a careful rewrite: parsed, one value set, written back with two-space indents, checked by
// the session schema first, and replaced atomically (a temporary file renamed over it), so a crash leaves
// the old file or the new one, never half of one.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { error, type Diagnostic } from "../core/diagnostics.js";
import { parseJsonSource, positionOf } from "../core/json-source.js";
import { parseSession } from "../core/session.js";
import { detectEncoding } from "./encoding.js";
import { processAlive, syncDir, writeFailure, writeSynced } from "./journal.js";

export const SESSION_JSON = "session.json";

/**
 * Applies `edit` to the parsed session.json of `dir`. Nothing is written when the file is not UTF-8 JSON
 * or the edited session fails the schema; those problems are returned instead. Nor when the edit changes
 * no value: a file laid out otherwise than with two-space indents is not rewritten for its layout alone
 * (audit would then find an input changed).
 */
export async function rewriteSession(
  dir: string, edit: (session: Record<string, unknown>) => void,
): Promise<{ diagnostics: Diagnostic[]; changed: boolean; written?: ParsedSession }> {
  const file = path.join(dir, SESSION_JSON);
  await removeDeadTemporaries(dir);
  const bytes = await fs.readFile(file);
  let text: string;
  let json: Record<string, unknown>;
  try {
    // ignoreBOM keeps the BOM in the text, so the rewrite can write it back.
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    json = JSON.parse(text.replace(/^\ufeff/, "")) as Record<string, unknown>;
  } catch {
    // Every command reads a UTF-16 session.json (Notepad's "Unicode"), so check passes it: only the rewrite,
    // which keeps to UTF-8, cannot take it, and the clerk is told so.
    const utf16 = detectEncoding(bytes.subarray(0, 4), "auto").encoding.startsWith("utf16");
    return { diagnostics: [error("E_SESSION_REWRITE", { file: SESSION_JSON }, utf16 ? { encoding: "UTF-16" } : {})], changed: false };
  }
  const before = JSON.stringify(json);
  edit(json);
  if (JSON.stringify(json) === before) return { diagnostics: [], changed: false };
  const bom = text.startsWith("\ufeff") ? "\ufeff" : "";
  const next = JSON.stringify(json, null, 2) + "\n";
  const checked = parseSession(next, SESSION_JSON);
  const problems = checked.diagnostics.filter((d) => d.severity === "error");
  if (!checked.value || problems.length > 0) return { diagnostics: atPlaceAsWritten(problems, text.slice(bom.length)), changed: false };
  // A session.json made read-only is not replaced behind the clerk's back (a rename would replace it).
  const { mode } = await fs.stat(file);
  // readOnly (and readOnlyFolder) name the path here: the command names it as the clerk reaches it.
  if ((mode & 0o200) === 0) return { diagnostics: [error("E_WRITE_FILE", { file: SESSION_JSON }, { errno: "EACCES", readOnly: file })], changed: false };
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await writeSynced(tmp, bom + next);
    await fs.chmod(tmp, mode & 0o7777).catch(() => { /* a file system without modes */ });
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => { /* a folder in the way is not ours to remove */ });
    // The file may be written, so it is the folder that may not (the temporary file is made there).
    const errno = (e as NodeJS.ErrnoException).code;
    if (errno === "EACCES" || errno === "EPERM") return { diagnostics: [error("E_WRITE_FILE", { file: SESSION_JSON }, { errno, readOnlyFolder: dir })], changed: false };
    throw writeFailure(file, e);
  }
  // Makes the rename durable where the file system can sync a folder.
  await syncDir(dir);
  return { diagnostics: [], changed: true, written: checked.value };
}

type ParsedSession = NonNullable<ReturnType<typeof parseSession>["value"]>;

/**
 * Problems of the edited session, found in the layout it would be written in, placed where the same value
 * stands in the file as the clerk has it (as check places them), or its nearest enclosing value.
 */
function atPlaceAsWritten(problems: Diagnostic[], text: string): Diagnostic[] {
  const { source } = parseJsonSource(text, SESSION_JSON);
  if (!source) return problems;
  return problems.map((d) => {
    const key = d.params["path"] ?? d.params["key"];
    if (typeof key !== "string") return d;
    return { ...d, at: { ...d.at, ...positionOf(source, key === "" ? [] : key.split(".")) } };
  });
}

/**
 * The temporary files enter's writes killed before they were done left in the session folder (session.json,
 * ballots.csv, counts-r2.csv … with .tmp-PID of a process that is gone): removed, so the folder holds only
 * what the clerk put there. A live process's is its own.
 */
export async function removeDeadTemporaries(dir: string): Promise<void> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(/^(?:session\.json|(?:ballots|counts)(?:-r\d+)?\.csv)\.tmp-(\d+)$/.exec(name)?.[1]);
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || processAlive(pid)) continue;
    const tmp = path.join(dir, name);
    if ((await fs.lstat(tmp).catch(() => undefined))?.isFile()) await fs.rm(tmp, { force: true }).catch(() => { /* told by nobody: it is only a leftover */ });
  }
}
