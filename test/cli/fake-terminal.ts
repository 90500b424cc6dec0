// A scripted terminal for driving interactive commands in-process: run() reads keys from `input` and writes
// screens to `out`; a test waits for a text to appear, then types.
import { PassThrough } from "node:stream";
import { run } from "../../src/cli/run.js";
import { ROOT, type CliResult } from "../helpers.js";

export class FakeTerminal {
  readonly input: PassThrough & { isTTY?: boolean };
  out = "";
  err = "";
  /** stdout and stderr as they came, for waiting on a screen drawn to either. */
  private all = "";
  /** Where the next waitFor starts looking, so an old screen does not answer a new question. */
  private cursor = 0;
  private listeners = new Set<() => void>();

  constructor(tty: boolean) {
    this.input = new PassThrough() as PassThrough & { isTTY?: boolean };
    if (tty) this.input.isTTY = true;
  }

  private written(): void {
    for (const l of [...this.listeners]) l();
  }

  /** Resolves once `text` appears in the output after the last match; rejects with the screen if it never does. */
  waitFor(text: string | RegExp, timeoutMs = 10000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const rest = this.all.slice(this.cursor);
        const m = typeof text === "string" ? (rest.includes(text) ? { index: rest.indexOf(text), length: text.length } : null) : (() => { const r = text.exec(rest); return r ? { index: r.index, length: r[0].length } : null; })();
        if (!m) return false;
        this.cursor += m.index + m.length;
        this.listeners.delete(check as () => void);
        clearTimeout(timer);
        resolve(rest.slice(0, m.index + m.length));
        return true;
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check as () => void);
        reject(new Error(`没有等到“${String(text)}”。最后的输出：\n${this.all.slice(-2500)}`));
      }, timeoutMs);
      if (!check()) this.listeners.add(check as () => void);
    });
  }

  type(keys: string): void {
    this.input.write(keys);
  }

  /** Runs the CLI (or another `run`, such as the bundled one) with this terminal as stdin and stdout. */
  run(argv: string[], options: { cwd?: string; now?: Date } = {}, cli: typeof run = run): Promise<CliResult> {
    return cli(argv, {
      stdout: { write: (s: string) => { this.out += s; this.all += s; this.written(); return true; } },
      stderr: { write: (s: string) => { this.err += s; this.all += s; this.written(); return true; } },
      stdin: this.input,
      cwd: options.cwd ?? ROOT,
      env: {},
      now: () => options.now ?? new Date("2026-01-15T10:00:00Z"),
    }).then((code) => ({ code, stdout: this.out, stderr: this.err, json: argv.includes("--json") ? JSON.parse(this.out) : undefined }));
  }
}

/** Runs `piaojue enter DIR ARGS…` on a terminal, types `input`, and returns the exit code and what was shown. */
export async function typeEntry(dir: string, input: string, args: string[] = []): Promise<{ code: number; out: string; err: string; json: any }> {
  const term = new FakeTerminal(true);
  const done = term.run(["enter", dir, ...args]);
  term.input.end(input);
  const r = await done;
  return { code: r.code, out: term.out, err: term.err, json: args.includes("--json") ? JSON.parse(term.out) : undefined };
}
