// Files: reading inputs (recording what was read, for SHA256SUMS) and writing a command's outputs as one
// all-or-nothing set.
import { createHash, randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { error, InputError } from "../core/diagnostics.js";
import type { Table } from "../core/table.js";
import { parseCsvText, toTable } from "./csv.js";
import { decodeText, findControlCharacter, type EncodingChoice } from "./encoding.js";

export function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

export async function exists(p: string): Promise<boolean> {
  try { await fs.access(p); return true; } catch { return false; }
}

/** Reads the inputs of one session folder and remembers each file's hash. */
export class SessionReader {
  readonly inputs = new Map<string, string>();

  constructor(
    readonly dir: string,
    readonly encoding: EncodingChoice = "auto",
  ) {}

  path(name: string): string {
    return path.join(this.dir, name);
  }

  has(name: string): Promise<boolean> {
    return exists(this.path(name));
  }

  async bytes(name: string): Promise<Buffer> {
    let data: Buffer;
    try {
      data = await fs.readFile(this.path(name));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const message = code === "ENOENT" ? "文件不存在" : code === "EISDIR" ? "这是一个文件夹，不是文件" : `无法读取（${code ?? "未知错误"}）`;
      throw new InputError([error("E_FILE", { file: name }, message, code === "ENOENT" ? `在会议文件夹 ${this.dir} 中放入 ${name}` : "检查文件权限")]);
    }
    this.inputs.set(name, sha256(data));
    return data;
  }

  async text(name: string): Promise<string> {
    const data = await this.bytes(name);
    const { text } = decodeText(data, name, this.encoding);
    const bad = findControlCharacter(text);
    if (bad) {
      throw new InputError([error("E_NOT_TEXT", { file: name, line: bad.line, column: bad.column },
        `文件含有控制字符（U+${bad.code.toString(16).toUpperCase().padStart(4, "0")}），不是文本文件`, "确认选对了文件；用 Excel 或 WPS 重新另存为 CSV")]);
    }
    return text;
  }

  async table(name: string): Promise<Table> {
    const text = await this.text(name);
    return toTable(parseCsvText(text, name), name);
  }
}

export interface OutputFile {
  /** Path relative to the out folder. */
  name: string;
  content: string | Uint8Array;
}

const STAGING_PREFIX = ".staging-";
const COMMIT_MARK = "COMMITTED";

/**
 * Writes a command's files into out/ as one set: everything goes to a staging folder first, a commit mark
 * is written, then each file is renamed into place. A run killed before the mark leaves the old set (the
 * staging folder is removed next time); one killed after it is finished by the next run (`recoverOutDir`).
 */
export async function writeOutputSet(outDir: string, files: readonly OutputFile[], remove: readonly string[] = []): Promise<void> {
  await fs.mkdir(outDir, { recursive: true });
  await recoverOutDir(outDir);
  const staging = path.join(outDir, STAGING_PREFIX + randomBytes(6).toString("hex"));
  await fs.mkdir(staging);
  try {
    for (const f of files) {
      const target = path.join(staging, f.name);
      await fs.mkdir(path.dirname(target), { recursive: true });
      const handle = await fs.open(target, "w");
      try {
        await handle.writeFile(f.content);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    const plan = { files: files.map((f) => f.name), remove };
    const mark = await fs.open(path.join(staging, COMMIT_MARK), "w");
    try { await mark.writeFile(JSON.stringify(plan)); await mark.sync(); } finally { await mark.close(); }
  } catch (e) {
    await fs.rm(staging, { recursive: true, force: true });
    throw e;
  }
  await finishStaging(outDir, staging);
}

async function finishStaging(outDir: string, staging: string): Promise<void> {
  const plan = JSON.parse(await fs.readFile(path.join(staging, COMMIT_MARK), "utf8")) as { files: string[]; remove: string[] };
  for (const name of plan.files) {
    const from = path.join(staging, name);
    const to = path.join(outDir, name);
    if (await exists(from)) {
      await fs.mkdir(path.dirname(to), { recursive: true });
      await fs.rename(from, to);
    }
  }
  for (const name of plan.remove) await fs.rm(path.join(outDir, name), { force: true });
  await fs.rm(staging, { recursive: true, force: true });
}

/** Finishes a committed set left by a killed run, and drops an uncommitted one. */
export async function recoverOutDir(outDir: string): Promise<void> {
  let names: string[];
  try { names = await fs.readdir(outDir); } catch { return; }
  for (const n of names.filter((x) => x.startsWith(STAGING_PREFIX)).sort()) {
    const staging = path.join(outDir, n);
    if (await exists(path.join(staging, COMMIT_MARK))) await finishStaging(outDir, staging);
    else await fs.rm(staging, { recursive: true, force: true });
  }
}
